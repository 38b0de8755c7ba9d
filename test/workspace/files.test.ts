// The one file-system boundary (server/src/workspace/files.ts), one table: every hostile entry a repository can
// carry, through every way the engines read (a configuration file, its text, key material, a folder listing, the
// model's walk, profile inference, a file named by hand). Nothing outside the folder is read, nothing blocks, nothing
// larger than the bound is read, and every answer says why.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openRegularFile, readNamedFile, type ReadFailure } from '../../server/src/fs/regular-file';
import { workspaceFiles, type WorkspaceFiles } from '../../server/src/workspace/files';
import { listModelFiles, readModelText } from '../../server/src/workspace/model-files';
import { loadWorkspaceFrom } from '../../server/src/workspace/load';
import { ProfileResolver, profileReader } from '../../server/src/workspace/profile';

// A private folder (never the shared temp folder's top: a link to /dev/zero there would hurt other runs).
const top = mkdtempSync(join(tmpdir(), 'apigee-tls-files-'));
after(() => rmSync(top, { recursive: true, force: true }));
const root = join(top, 'ws');
const outside = join(top, 'outside');
const SECRET = 'secret-from-outside.corp.internal';
const LIMIT = 64 * 1024;

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}
write(join(outside, 'notes.xml'), `<TargetEndpoint><VirtualHost>${SECRET}</VirtualHost></TargetEndpoint>`);
write(join(root, 'apiproxy/targets/default.xml'), '<TargetEndpoint name="default"/>');
write(join(root, 'certs/ca.pem'), '-----BEGIN CERTIFICATE-----\n');
write(join(root, 'apiproxy/policies/AM-big.xml'), `<AssignMessage>${'x'.repeat(LIMIT)}</AssignMessage>`);
const link = (target: string, name: string): void => symlinkSync(target, join(root, name));
link(join(outside, 'notes.xml'), 'apiproxy/policies/AM-out.xml');
link('/dev/zero', 'apiproxy/policies/AM-zero.xml');
link(join(root, 'apiproxy/policies/AM-loop2.xml'), 'apiproxy/policies/AM-loop1.xml');
link(join(root, 'apiproxy/policies/AM-loop1.xml'), 'apiproxy/policies/AM-loop2.xml');
link(outside, 'apiproxy/resources');
link(join(root, 'apiproxy/targets/default.xml'), 'apiproxy/policies/AM-inside.xml');
execFileSync('mkfifo', [join(root, 'apiproxy/policies/AM-fifo.xml')]);

const files = workspaceFiles({ roots: [root], maxBytes: LIMIT });
const untrusted = workspaceFiles({ roots: [root], maxBytes: LIMIT, trusted: false });
const at = (rel: string): string => join(root, rel);

// Each hostile path and the one answer every reader gives for it.
const hostile: [string, string, ReadFailure][] = [
  ['a symlink out of the folder', at('apiproxy/policies/AM-out.xml'), 'outside-workspace'],
  ['a symlink to /dev/zero', at('apiproxy/policies/AM-zero.xml'), 'outside-workspace'],
  ['a symlink loop', at('apiproxy/policies/AM-loop1.xml'), 'unreadable'],
  ['a FIFO (opening it must not block)', at('apiproxy/policies/AM-fifo.xml'), 'not-a-file'],
  ['`..` out of the folder', join(root, '..', 'outside', 'notes.xml'), 'outside-workspace'],
  ['an absolute path elsewhere', '/etc/passwd', 'outside-workspace'],
  ['a file over the size bound', at('apiproxy/policies/AM-big.xml'), 'too-large'],
  ['a folder', at('apiproxy/targets'), 'not-a-file'],
  ['a symlinked folder leading out', at('apiproxy/resources/notes.xml'), 'outside-workspace'],
  ['a file that is not there', at('apiproxy/policies/none.xml'), 'missing'],
];

describe('the confined reader refuses each hostile entry, with its reason', () => {
  for (const [name, path, reason] of hostile) {
    it(`read: ${name}`, () => assert.deepEqual(files.read(path), { ok: false, reason }));
    it(`readText: ${name}`, () => assert.equal(files.readText(path), undefined));
    it(`readMaterial: ${name}`, () => assert.equal(files.readMaterial(path).ok, false));
  }
  it('reads a regular file inside, and a symlink that stays inside', () => {
    assert.equal(files.readText(at('apiproxy/targets/default.xml')), '<TargetEndpoint name="default"/>');
    assert.equal(files.readText(at('apiproxy/policies/AM-inside.xml')), '<TargetEndpoint name="default"/>');
  });
  it('untrusted: key material is known by path only, configuration is read', () => {
    assert.deepEqual(untrusted.readMaterial(at('certs/ca.pem')), { ok: false, reason: 'untrusted' });
    assert.equal(untrusted.readText(at('apiproxy/targets/default.xml')), '<TargetEndpoint name="default"/>');
  });
  it('trust is a live value', () => {
    let trusted = false;
    const live = workspaceFiles({ roots: [root], trusted: () => trusted });
    assert.equal(live.readMaterial(at('certs/ca.pem')).ok, false);
    trusted = true;
    assert.equal(live.readMaterial(at('certs/ca.pem')).ok, true);
  });
  it('lists nothing outside the folder, through a link or not', () => {
    assert.equal(files.list(at('apiproxy/resources')), undefined);
    assert.equal(files.list(outside), undefined);
    assert.equal(files.list(join(root, '..')), undefined);
  });
});

describe('every engine reader goes through it', () => {
  const texts = (ws: WorkspaceFiles): string[] =>
    listModelFiles(ws, root)
      .map((p) => readModelText(ws, p) ?? '')
      .filter((t) => t.includes(SECRET));
  it('the model walk lists only regular files inside (the link inside counts, hostile ones do not)', () =>
    assert.deepEqual(
      listModelFiles(files, root).map((p) => p.slice(root.length + 1)),
      ['apiproxy/policies/AM-big.xml', 'apiproxy/policies/AM-inside.xml', 'apiproxy/targets/default.xml'],
    ));
  it('no text from outside reaches the model', () => assert.deepEqual(texts(files), []));
  it('the model built from the folder holds no file from outside', () => {
    const ws = loadWorkspaceFrom(files);
    assert.deepEqual(
      [...ws.allFacts()].filter((f) => f.text.includes(SECRET)),
      [],
    );
  });
  it('profile inference reads no hostile entry (a VirtualHost outside would mean Edge)', () => {
    const decision = new ProfileResolver(profileReader(files), { roots: [root] }).decisionFor(at('apiproxy/targets/default.xml'));
    assert.equal(JSON.stringify(decision).includes(SECRET), false);
    assert.equal(decision.decided, false);
  });
  it('a file named by hand: a FIFO, /dev/zero and a folder are refused, never read', () => {
    assert.deepEqual(readNamedFile(at('apiproxy/policies/AM-fifo.xml')), { ok: false, reason: 'not-a-file' });
    assert.deepEqual(readNamedFile('/dev/zero'), { ok: false, reason: 'not-a-file' });
    assert.deepEqual(readNamedFile(root), { ok: false, reason: 'not-a-file' });
    assert.deepEqual(readNamedFile(at('apiproxy/policies/AM-big.xml'), 1024), { ok: false, reason: 'too-large' });
    assert.deepEqual(openRegularFile('/dev/zero'), { ok: false, reason: 'not-a-file' });
  });
});
