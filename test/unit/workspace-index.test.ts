// The workspace model's index in the language server: one at a time (a new one supersedes the running one), the one
// that completes announces once its files are read, changes before and during it are folded in, a cancel is a cancel.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { workspaceFiles } from '../../server/src/workspace/files';
import { WorkspaceService } from '../../server/src/lsp/workspace-service';
import { indexLog } from '../../server/src/lsp/workspace-setup';
import { writeTree } from '../workspace/support/tree';

const ENVS = ['dev', 'prod', 'test'];
/** Several INDEX_BATCH (50) batches: the index spans many turns of the event loop. */
const POLICIES = 300;
const FILES = POLICIES + ENVS.length;

let dir: string;
before(() => {
  const files: Record<string, string> = {};
  for (let i = 0; i < POLICIES; i++) files[`apiproxy/policies/p${i}.xml`] = `<AssignMessage name="p${i}"/>`;
  for (const env of ENVS)
    files[`resources/edge/env/${env}/targetServers.json`] = JSON.stringify([{ name: 'b', host: 'b.example.com', port: 443 }]);
  dir = writeTree(files);
});

/** A service over the folder, and what it told the host, in order. */
function start(): { service: WorkspaceService; told: string[] } {
  const told: string[] = [];
  const service: WorkspaceService = new WorkspaceService({
    files: workspaceFiles({ roots: [dir] }),
    debounceMs: 0,
    lintOptions: () => Promise.resolve(undefined),
    reindex: () => told.push('reindex'),
    indexed: () => told.push(`indexed with ${service.workspace.allEnvironments().length} environments`),
    onFindings: () => undefined,
    log: (message) => told.push(message),
  });
  return { service, told };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const indexed = { kind: 'indexed', files: FILES, environments: ENVS.length } as const;

describe('the language server index', () => {
  it('reads every file and announces once, after they are read', async () => {
    const { service, told } = start();
    assert.deepEqual(await service.index(), indexed);
    assert.deepEqual(told, ['indexed with 3 environments']);
    service.dispose();
  });

  it('is superseded by a newer index, which alone announces', async () => {
    const { service, told } = start();
    const first = service.index({ reason: 'first' });
    await turn();
    const second = service.index({ reason: 'asked again' });
    assert.deepEqual(await first, { kind: 'superseded', by: 'asked again' });
    assert.deepEqual(await second, indexed);
    assert.deepEqual(told, ['indexed with 3 environments']);
    service.dispose();
  });

  it('folds settings changes before and during the index into it: no second index', async () => {
    const { service, told } = start();
    service.settingsChanged();
    const pass = service.index();
    for (let i = 0; i < 3; i++) {
      await turn();
      service.settingsChanged();
    }
    assert.deepEqual(await pass, indexed);
    assert.deepEqual(told, ['indexed with 3 environments']);
    service.dispose();
  });

  it('stops when the user cancels, announces nothing, and asks for one new index on the next changes', async () => {
    const { service, told } = start();
    const token = { isCancellationRequested: false };
    const outcome = await service.index({ token, progress: (done) => (token.isCancellationRequested = done >= 100) });
    assert.deepEqual(outcome, { kind: 'cancelled' });
    service.settingsChanged();
    service.setOpen(join(dir, 'apiproxy/policies/p0.xml'), '<AssignMessage name="edited"/>');
    assert.deepEqual(told, ['reindex']);
    assert.deepEqual(await service.index(), indexed);
    assert.deepEqual(told, ['reindex', 'indexed with 3 environments']);
    service.dispose();
  });
});

describe('the index log', () => {
  it('says what happened', () => {
    assert.equal(
      indexLog({ kind: 'indexed', files: 2800, environments: 6 }, 1234),
      'workspace indexed: 2,800 files in 1.2 s (6 environments)',
    );
    assert.equal(indexLog({ kind: 'indexed', files: 1, environments: 1 }, 12.4), 'workspace indexed: 1 file in 12 ms (1 environment)');
    assert.equal(indexLog({ kind: 'superseded', by: 'settings changed' }, 5), 'workspace indexing restarted: settings changed');
    assert.match(indexLog({ kind: 'cancelled' }, 5), /^workspace indexing cancelled: /);
  });
});
