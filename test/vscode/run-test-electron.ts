// Runs the same integration suite in desktop VS Code downloaded by @vscode/test-electron.
// Needs internet (update.code.visualstudio.com) and, on Linux without a display, xvfb-run. Not used in CI here.
//   tsx test/vscode/run-test-electron.ts [--vscode-version stable|1.91.0|insiders] [--timeout-ms N]
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';
import { buildSuite } from './lib/build-suite';
import { runMain } from './lib/cleanup';
import { makeIsolatedEnv } from './lib/isolated-env';
import { fixtureWorkspace, repoRoot } from './lib/paths';

const { values: options } = parseArgs({
  options: {
    'vscode-version': { type: 'string', default: process.env.VSCODE_VERSION ?? 'stable' },
    'timeout-ms': { type: 'string', default: process.env.VSCODE_TEST_TIMEOUT_MS ?? '600000' },
  },
});

async function main(): Promise<number> {
  const extensionTestsPath = await buildSuite();
  const isolated = await makeIsolatedEnv('apigee-tls-electron-test');
  const workspace = path.join(isolated.root, 'workspace');
  await fs.cp(fixtureWorkspace, workspace, { recursive: true });
  return runTests({
    version: options['vscode-version'],
    cachePath: path.join(repoRoot, '.vscode-test'),
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath,
    extensionTestsEnv: isolated.env,
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--user-data-dir',
      path.join(isolated.root, 'user-data'),
      '--extensions-dir',
      path.join(isolated.root, 'extensions'),
    ],
  });
}

runMain('run-test-electron', main, Number(options['timeout-ms']));
