// `npm run package` output: the .vsix holds the two bundles and the allow-listed files only, and a real
// VS Code (code-server) installs it.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { runCleanup } from '../vscode/lib/cleanup';
import { installExtension, listExtensions } from '../vscode/lib/code-server';
import { startProcess } from '../vscode/lib/processes';
import { makeIsolatedEnv, type IsolatedEnv } from '../vscode/lib/isolated-env';
import { codeServerEntry, repoRoot } from '../vscode/lib/paths';

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  name: string;
  publisher: string;
  version: string;
  main: string;
  icon?: string;
  contributes?: { grammars?: { path: string }[] };
};

let isolated: IsolatedEnv;
let vsix: string;
let entries: string[];

before(async () => {
  isolated = await makeIsolatedEnv('apigee-tls-package-test');
  vsix = path.join(isolated.root, `${manifest.name}.vsix`);
  const packed = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'package.mjs'), '--out', vsix], {
    cwd: repoRoot,
    env: isolated.env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  assert.equal(packed.status, 0, `npm run package failed:\n${packed.stdout}\n${packed.stderr}`);
  entries = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).split('\n').filter(Boolean);
});

after(runCleanup);

const inExtension = (file: string): string => `extension/${path.posix.normalize(file.replace(/^\.\//, ''))}`;

test('the vsix holds the bundles (client, server, capture worker), the manifest and the docs the diagnostics link to', () => {
  for (const file of [
    'package.json',
    'dist/client.js',
    'dist/server.js',
    'dist/capture-worker.js',
    'docs/probe.md',
    'docs/rules/obsolete-protocol.md',
  ]) {
    assert.ok(entries.includes(inExtension(file)), `${file} missing from ${entries.join(', ')}`);
  }
  assert.ok(entries.includes(inExtension(manifest.main)), `main ${manifest.main} is not packed`);
});

test('the vsix holds no sources, tests, source maps or node_modules', () => {
  const unwanted = entries.filter(
    (entry) =>
      /\.(ts|mts|cts|map)$/.test(entry) ||
      /(^|\/)node_modules\//.test(entry) ||
      /^extension\/(client|server|test|scripts|examples|\.ci|\.tmp|out)\//.test(entry) ||
      /^extension\/(tsconfig[^/]*\.json|package-lock\.json|\.vscodeignore)$/.test(entry),
  );
  assert.deepEqual(unwanted, []);
});

test('every file that package.json contributes is packed', () => {
  assert.ok(entries.includes(inExtension(manifest.icon!)), `icon ${manifest.icon} is not packed`);
  for (const grammar of manifest.contributes?.grammars ?? []) {
    assert.ok(entries.includes(inExtension(grammar.path)), `grammar ${grammar.path} is not packed`);
  }
});

const codeServerMissing = !fs.existsSync(codeServerEntry()) && process.env.CI !== 'true';

test(
  'code-server installs the vsix',
  { skip: codeServerMissing ? 'code-server not installed (bash scripts/install-code-server.sh)' : false },
  async () => {
    const stateDir = path.join(isolated.root, 'code-server');
    await installExtension(vsix, stateDir, isolated.env);
    const id = `${manifest.publisher}.${manifest.name}@${manifest.version}`.toLowerCase();
    const installed = (await listExtensions(stateDir, isolated.env)).map((line) => line.toLowerCase());
    assert.ok(installed.includes(id), `${id} not in ${installed.join(', ')}`);
  },
);

test(
  'the packed extension, unpacked as VS Code installs it, passes the VS Code integration suite',
  { skip: codeServerMissing ? 'code-server not installed (bash scripts/install-code-server.sh)' : false, timeout: 600_000 },
  async () => {
    // Proves the bundles need nothing outside the .vsix (no node_modules, no sources).
    const unpacked = path.join(isolated.root, 'unpacked');
    execFileSync('unzip', ['-q', vsix, '-d', unpacked]);
    const runner = path.join(repoRoot, 'test', 'vscode', 'run-code-server.ts');
    const run = startProcess(
      process.execPath,
      // The runner's own deadline comes before this test's (600 s), so that a hang ends with the workbench's log.
      ['--import', 'tsx', runner, '--extension-development-path', path.join(unpacked, 'extension'), '--timeout-ms', '540000'],
      {
        cwd: repoRoot,
        env: isolated.env,
      },
    );
    const code = await run.exited;
    assert.equal(code, 0, run.output());
    assert.match(run.output(), /vscode: \d+ passed, 0 failed/);
  },
);
