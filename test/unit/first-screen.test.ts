// README's first screen and what it promises: the contributor commands stay the first code block word for word,
// the install commands name the files `npm run package` and `npm pack` make for this version, the changelog's
// newest entry is this version, and the action's inputs are the ones the README lists.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';

const repo = resolve(__dirname, '../..');
const read = (file: string): string => readFileSync(join(repo, file), 'utf8');
const readme = read('README.md');
const manifest = JSON.parse(read('package.json')) as {
  name: string;
  version: string;
  private?: boolean;
  icon: string;
  repository?: unknown;
};
const blocks = [...readme.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], body: m[2]! }));

describe("README's first screen", () => {
  it('the first code block is the two set-up commands, word for word', () => {
    assert.equal(
      blocks[0]!.body,
      [
        '# Set up and run the main job: lint the example bundle shipped in examples/ (exit status 1: it has errors on purpose)',
        'npm ci && npm run build && ./bin/apigee-tls-lint lint examples/weather-proxy',
        '',
        '# Set up and run the whole test suite (Debian 12, as root: installs openssl, nginx, sslscan, chromium, code-server)',
        './scripts/setup.sh && npm test',
        '',
      ].join('\n'),
    );
  });
  it('the install block installs the .vsix and the tarball of this version', () => {
    const install = blocks[1]!.body;
    const base = `${manifest.name}-${manifest.version}`;
    assert.match(install, new RegExp(`^code --install-extension ${base}\\.vsix`, 'm'));
    assert.match(install, new RegExp(`^npm install -g \\./${base}\\.tgz`, 'm'));
    assert.match(install, /^npm run package /m);
    assert.match(install, /^npm pack /m);
  });
  it('says what is not published, and the manifest is publishable (no "private")', () => {
    assert.match(readme, /Nothing is published to a registry yet/);
    assert.equal(manifest.private, undefined);
  });
  it('the newest changelog entry is this version, and every version the README names is this one', () => {
    assert.equal(/^## (\S+)/m.exec(read('CHANGELOG.md'))![1], manifest.version);
    // Tags (`v0.2.0`) and package files (`apigee-tls-lint-0.2.0.vsix`).
    const named = [...readme.matchAll(/(?:\bv|apigee-tls-lint-)(\d+\.\d+\.\d+)\b/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(named)], [manifest.version]);
  });
  it('the action inputs the README lists are the ones action.yml declares', () => {
    const sentence = /Inputs: (.*?)\. With/s.exec(readme)![1]!.replace(/\([^)]*\)/g, '');
    const listed = [...sentence.matchAll(/`([\w-]+)`/g)].map((m) => m[1]);
    const inputs = /^inputs:\n([\s\S]*?)^runs:/m.exec(read('action.yml'))![1]!;
    const declared = [...inputs.matchAll(/^ {2}([\w-]+):$/gm)].map((m) => m[1]);
    assert.deepEqual(listed.sort(), declared.sort());
  });
});

describe('the manifest', () => {
  it('has an icon: a 128x128 PNG (VS Code takes PNG only), drawn as media/icon.svg', () => {
    const png = readFileSync(join(repo, manifest.icon));
    assert.deepEqual(
      [png.subarray(1, 4).toString('latin1'), png.readUInt32BE(16), png.readUInt32BE(20), manifest.icon],
      ['PNG', 128, 128, 'media/icon.png'],
    );
    assert.match(read('media/icon.svg'), /^<svg [^>]*viewBox="0 0 128 128"/);
  });
  it('names no repository it does not have: unset, the packaging script says how to set yours', () => {
    assert.equal(manifest.repository, undefined);
    assert.match(read('scripts/package.mjs'), /npm pkg set repository\.type=git/);
    assert.match(readme, /npm pkg set repository\.type=git/);
  });
});
