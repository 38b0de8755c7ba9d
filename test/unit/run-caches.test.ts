// What one `lint` run reads once: each folder's listing (withListingsCached: discovery, profile inference, the model's
// walk and the config-file rule list the same folders) and each override file above the folder (readOnce: every
// profile decision walks the same folders above it).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DirEntry, WorkspaceFiles } from '../../server/src/workspace/files';
import { withListingsCached } from '../../server/src/workspace/listing-cache';
import { readOnce, type OverrideAbove } from '../../server/src/workspace/profile';

const entry = (name: string): DirEntry => ({ name, directory: false, file: true, link: false });

/** A reader over two folders that counts its listings. */
function counting(): { files: WorkspaceFiles; listed: string[] } {
  const listed: string[] = [];
  const tree: Record<string, DirEntry[]> = { '/w': [entry('a.xml'), entry('b.json')], '/w/p': [entry('c.tf')] };
  const files: WorkspaceFiles = {
    roots: ['/w'],
    contains: (path) => path.startsWith('/w'),
    read: () => ({ ok: false, reason: 'missing' }),
    readText: (path) => (path === '/w/a.xml' ? '<a/>' : undefined),
    readMaterial: () => ({ ok: false, reason: 'missing' }),
    list: (dir) => {
      listed.push(dir);
      return tree[dir]?.map((e) => ({ ...e }));
    },
    trusted: () => true,
  };
  return { files, listed };
}

describe('withListingsCached', () => {
  it('lists a folder once however often it is asked', () => {
    const { files, listed } = counting();
    const cached = withListingsCached(files);
    assert.deepEqual(
      cached.list('/w')?.map((e) => e.name),
      ['a.xml', 'b.json'],
    );
    assert.deepEqual(
      cached.list('/w')?.map((e) => e.name),
      ['a.xml', 'b.json'],
    );
    assert.deepEqual(
      cached.list('/w/p')?.map((e) => e.name),
      ['c.tf'],
    );
    assert.deepEqual(listed, ['/w', '/w/p']);
  });
  it('remembers a folder that is none (undefined) without listing it again', () => {
    const { files, listed } = counting();
    const cached = withListingsCached(files);
    assert.equal(cached.list('/w/missing'), undefined);
    assert.equal(cached.list('/w/missing'), undefined);
    assert.deepEqual(listed, ['/w/missing']);
  });
  it('hands out a copy: a caller that sorts or empties its listing changes no other', () => {
    const cached = withListingsCached(counting().files);
    cached.list('/w')!.length = 0;
    assert.deepEqual(
      cached.list('/w')?.map((e) => e.name),
      ['a.xml', 'b.json'],
    );
  });
  it('reads files as the reader does (only listings are kept)', () => {
    const cached = withListingsCached(counting().files);
    assert.equal(cached.readText('/w/a.xml'), '<a/>');
    assert.deepEqual(cached.roots, ['/w']);
  });
});

describe('readOnce', () => {
  const counting = (): { above: OverrideAbove; asked: string[] } => {
    const asked: string[] = [];
    const above: OverrideAbove = {
      read: (path) => (asked.push(`read ${path}`), path === '/r/.apigee-tls.json' ? '{"profile":"edge"}' : undefined),
      isRepositoryRoot: (dir) => (asked.push(`git ${dir}`), dir === '/r'),
    };
    return { above, asked };
  };
  it('reads each override file once, a missing one too, and gives the same text', () => {
    const { above, asked } = counting();
    const once = readOnce(above);
    assert.equal(once.read('/r/.apigee-tls.json'), '{"profile":"edge"}');
    assert.equal(once.read('/r/.apigee-tls.json'), '{"profile":"edge"}');
    assert.equal(once.read('/.apigee-tls.json'), undefined);
    assert.equal(once.read('/.apigee-tls.json'), undefined);
    assert.deepEqual(asked, ['read /r/.apigee-tls.json', 'read /.apigee-tls.json']);
  });
  it('looks for a repository root once per folder', () => {
    const { above, asked } = counting();
    const once = readOnce(above);
    assert.deepEqual([once.isRepositoryRoot('/r'), once.isRepositoryRoot('/r'), once.isRepositoryRoot('/')], [true, true, false]);
    assert.deepEqual(asked, ['git /r', 'git /']);
  });
});
