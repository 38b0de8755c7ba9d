// One list of TargetServer file names: the CLI's discovery, the client's document selector and the extension's
// activation all come from server/src/documents/target-server-files.ts.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, matchesGlob, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { discoverFiles } from '../../server/src/cli/discover';
import { workspaceFiles } from '../../server/src/workspace/files';
import {
  isTargetServerFileName,
  TARGET_SERVER_ACTIVATION,
  TARGET_SERVER_GLOB,
  TERRAFORM_ACTIVATION,
} from '../../server/src/documents/target-server-files';

const root = resolve(__dirname, '../..');
const read = (path: string): string => readFileSync(resolve(root, path), 'utf8');

const names: [name: string, holdsTargetServers: boolean][] = [
  ['targetServers.json', true],
  ['targetServers-backend.json', true],
  ['targetservers.json', true],
  ['TargetServers.json', true],
  ['TARGETSERVERS.JSON', true],
  ['edge.json', true],
  ['edge-test.json', true],
  ['Edge.json', true],
  ['targetServers.json.bak', false],
  ['targetServers.yaml', false],
  ['mytargetServers.json', false],
  ['keystores.json', false],
  ['package.json', false],
];

describe('TargetServer file names', () => {
  for (const [name, holds] of names) {
    it(`${name}: ${holds ? 'linted' : 'left alone'} by the CLI, the client and activation alike`, () => {
      assert.equal(isTargetServerFileName(name), holds, 'file name rule');
      assert.equal(matchesGlob(`resources/edge/env/test/${name}`, TARGET_SERVER_GLOB), holds, 'glob');
    });
  }
});

describe('package.json and the client', () => {
  const manifest = JSON.parse(read('package.json')) as { activationEvents: string[] };
  const activatesFor = (workspaceFiles: string[]): boolean =>
    manifest.activationEvents.some((event) => {
      const glob = /^workspaceContains:(.*)$/.exec(event)?.[1];
      return glob !== undefined && workspaceFiles.some((file) => matchesGlob(file, glob));
    });

  it('activates on the TargetServer glob', () => assert.ok(manifest.activationEvents.includes(TARGET_SERVER_ACTIVATION)));
  it('activates on the Terraform glob', () => assert.ok(manifest.activationEvents.includes(TERRAFORM_ACTIVATION)));
  it('activates for a workspace holding only edge.json', () => assert.ok(activatesFor(['edge.json', 'pom.xml'])));
  it('activates for a workspace holding only env/test/targetServers.json', () =>
    assert.ok(activatesFor(['resources/edge/env/test/targetServers.json', 'pom.xml'])));
  it('does not activate for a workspace of other JSON', () => assert.ok(!activatesFor(['package.json', 'tsconfig.json'])));
  it('the client selects TargetServer documents with the same glob', () => {
    const client = read('client/src/extension.ts');
    assert.match(client, /language: 'json', pattern: TARGET_SERVER_GLOB \}/);
    // The file watcher names other files (profile evidence); no TargetServer glob of its own.
    assert.doesNotMatch(client, /['{,]targetservers/i, 'no glob of its own');
  });
});

describe('CLI discovery', () => {
  it('finds the TargetServer files of a folder, and only those JSON files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'target-server-files-'));
    try {
      for (const [name] of names) {
        const path = join(dir, 'env', 'test', name);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, '[]');
      }
      const found = discoverFiles([dir], dir, workspaceFiles({ roots: [dir] })).map((f) => relative(join(dir, 'env', 'test'), f));
      assert.deepEqual(
        found,
        names
          .filter(([, holds]) => holds)
          .map(([name]) => name)
          .sort(),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
