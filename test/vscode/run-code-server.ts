// Runs the extension's integration suite inside a real VS Code: code-server + headless Chromium.
//   tsx test/vscode/run-code-server.ts [--extension-development-path DIR] [--workspace DIR] [--timeout-ms N]
// Exits with the suite's exit code; code-server, Chromium and the temp folder are gone afterwards.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser, runTestsInPage, testRunUrl } from './lib/browser';
import { buildSuite } from './lib/build-suite';
import { onCleanup, runMain } from './lib/cleanup';
import { startCodeServer } from './lib/code-server';
import { makeIsolatedEnv } from './lib/isolated-env';
import { fixtureWorkspace, repoRoot } from './lib/paths';
import { LogRelay } from './lib/relay-log';

const { values: options } = parseArgs({
  options: {
    'extension-development-path': { type: 'string', default: repoRoot },
    workspace: { type: 'string', default: fixtureWorkspace },
    untrusted: { type: 'boolean', default: false },
    'timeout-ms': { type: 'string', default: process.env.VSCODE_TEST_TIMEOUT_MS ?? '900000' },
  },
});

async function main(): Promise<number> {
  const extensionDevelopmentPath = path.resolve(options['extension-development-path']);
  const extensionTestsPath = await buildSuite();
  const isolated = await makeIsolatedEnv('apigee-tls-vscode-test');
  isolated.env.APIGEE_TLS_TEST_MARK = '1';
  // The CLI is its own package, not in the extension (nor in a packed .vsix): the suite runs the repository's.
  isolated.env.APIGEE_TLS_CLI = path.join(repoRoot, 'bin', 'apigee-tls-lint');
  if (options.untrusted) isolated.env.APIGEE_TLS_EXPECT_UNTRUSTED = '1';
  // The suite edits files: it gets a copy of the fixture workspace.
  const workspace = path.join(isolated.root, 'workspace');
  await fs.cp(path.resolve(options.workspace), workspace, { recursive: true });
  const server = await startCodeServer({
    stateDir: path.join(isolated.root, 'code-server'),
    env: isolated.env,
    workspace,
    workspaceTrust: options.untrusted,
  });
  console.log(`code-server ${server.origin} (VS Code in headless Chromium), workspace ${workspace}`);
  const browser = await launchBrowser(isolated.env);
  const url = testRunUrl({
    origin: server.origin,
    authority: `127.0.0.1:${server.port}`,
    workspace,
    extensionDevelopmentPath,
    extensionTestsPath,
  });
  const serverExit = server.process.exited.then((code) => {
    throw new Error(`code-server exited (${code}) during the test run:\n${server.process.output()}`);
  });
  const relay = new LogRelay();
  let passed = false;
  // On a failure, a timeout or a signal, show what the workbench said (runs before code-server is stopped).
  onCleanup(() => {
    if (!passed) relay.flush();
  });
  const code = await Promise.race([runTestsInPage(browser, url, relay.log), serverExit]);
  passed = code === 0;
  console.log(`extension tests exited with ${code}`);
  return code;
}

runMain('run-code-server', main, Number(options['timeout-ms']));
