// `npm pack` output: a tarball that holds the built CLI and nothing of the repository's sources, and that works once
// installed into an empty prefix with nothing else (its bundle carries every runtime dependency).
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';

const repoRoot = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };

let tmp: string;
let packOutput: string;
let tarball: string;
let entries: string[];
let installedBin: string;

// npm's own cache goes to the temp dir too, so the test leaves nothing behind in ~/.npm.
const npm = (args: string[], cwd: string): SpawnSyncReturns<string> =>
  spawnSync('npm', [...args, '--cache', path.join(tmp, 'npm-cache'), '--no-audit', '--no-fund'], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

// The installed bin starts with `#!/usr/bin/env node`: the node running this test comes first on PATH.
const runInstalled = (args: string[]): SpawnSyncReturns<string> =>
  spawnSync(installedBin, args, {
    cwd: tmp,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` },
  });

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'apigee-tls-npm-pack-'));
  const packDir = path.join(tmp, 'pack');
  fs.mkdirSync(packDir);
  // `prepack` builds dist/cli.js first, as it would on a clean clone.
  const packed = npm(['pack', '--pack-destination', packDir], repoRoot);
  assert.equal(packed.status, 0, `npm pack failed:\n${packed.stdout}\n${packed.stderr}`);
  packOutput = packed.stdout;
  const tarballs = fs.readdirSync(packDir).filter((name) => name.endsWith('.tgz'));
  assert.equal(tarballs.length, 1, `expected one tarball, found ${tarballs.join(', ')}`);
  tarball = path.join(packDir, tarballs[0]!);
  entries = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);

  const prefix = path.join(tmp, 'prefix');
  const installed = npm(['install', '--offline', '--prefix', prefix, tarball], tmp);
  assert.equal(installed.status, 0, `npm install of the tarball failed:\n${installed.stdout}\n${installed.stderr}`);
  installedBin = path.join(prefix, 'node_modules', '.bin', 'apigee-tls-lint');
});

after(() => fs.rmSync(tmp, { recursive: true, force: true }));

// pre-commit's node hook installer runs `npm pack` and reads all of its stdout as the tarball's file name.
test("npm pack prints only the tarball's name, the build running in the background (.npmrc)", () => {
  assert.equal(packOutput, `${path.basename(tarball)}\n`);
});

test('the tarball holds the launcher, the CLI bundle, the commands it loads on demand and its capture worker, the manifest and the docs', () => {
  for (const file of [
    'package.json',
    'bin/apigee-tls-lint',
    'dist/cli.js',
    'dist/cli-probe.js',
    'dist/cli-capture.js',
    'dist/cli-clients.js',
    'dist/cli-lsp.js',
    'dist/capture-worker.js',
    'README.md',
    'LICENSE',
    'docs/rules/obsolete-protocol.md',
  ]) {
    assert.ok(entries.includes(`package/${file}`), `${file} missing from ${entries.join(', ')}`);
  }
});

test('the tarball holds no sources, tests, corpus, examples, source maps or editor bundles', () => {
  const unwanted = entries.filter(
    (entry) =>
      /\.(ts|mts|cts|map|xml)$/.test(entry) ||
      /^package\/(client|server|test|scripts|examples|node_modules|\.ci|\.tmp|out)\//.test(entry) ||
      /^package\/dist\/(client|server)\.js$/.test(entry),
  );
  assert.deepEqual(unwanted, []);
});

test('the packed package.json declares no runtime dependency: the bundle carries them', () => {
  const packed = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' })) as {
    dependencies?: Record<string, string>;
  };
  assert.deepEqual(packed.dependencies ?? {}, {});
});

test('the installed apigee-tls-lint prints the package version', () => {
  const result = runInstalled(['--version']);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), manifest.version);
});

test('the installed apigee-tls-lint runs the commands it loads from their own bundles', () => {
  for (const command of ['probe', 'capture', 'clients']) {
    const result = runInstalled([command, '--help']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`^Usage:\\n  apigee-tls-lint ${command} `));
  }
});

test('the installed apigee-tls-lint lints the example bundle: exit status 1 and its findings', () => {
  const result = runInstalled(['lint', '--format', 'json', path.join(repoRoot, 'examples', 'weather-proxy')]);
  assert.equal(result.status, 1, result.stderr);
  const report = JSON.parse(result.stdout) as { filePath: string; errorCount: number; messages: { ruleId: string; line: number }[] }[];
  const found = report.flatMap((file) => file.messages.map((m) => `${path.basename(file.filePath)}:${m.line} ${m.ruleId}`));
  for (const finding of ['default.xml:5 invalid-boolean', 'default.xml:9 obsolete-protocol', 'partner.xml:7 client-auth-incomplete']) {
    assert.ok(found.includes(finding), `${finding} not in ${found.join(', ')}`);
  }
  assert.equal(
    report.reduce((sum, file) => sum + file.errorCount, 0),
    5,
  );
});
