// The pre-commit hook (.pre-commit-hooks.yaml) as pre-commit runs it, in a real git repository: at the repository's
// root, its entry and the staged files that match its `files` pattern. The repository is linted whole, so a
// misspelt ref:// in a staged TargetEndpoint fails the commit, and only the staged files are reported.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeTree } from './run-cli';

const repo = resolve(__dirname, '../..');
const bin = resolve(repo, 'bin/apigee-tls-lint');
const skip = !existsSync(resolve(repo, 'dist/cli.js')) && 'run `npm run build` first';

/** The hook's entry and files pattern, read from the file pre-commit reads. */
function hook(): { entry: string[]; files: RegExp; serial: boolean } {
  const text = readFileSync(resolve(repo, '.pre-commit-hooks.yaml'), 'utf8');
  const field = (name: string): string => new RegExp(`^  ${name}: (.*)$`, 'm').exec(text)![1]!;
  // pre-commit reads `(?i)` as Python's inline flag.
  const pattern = field('files');
  return {
    entry: field('entry').split(' '),
    files: pattern.startsWith('(?i)') ? new RegExp(pattern.slice(4), 'i') : new RegExp(pattern),
    serial: field('require_serial') === 'true',
  };
}

const target = (ref: string, host = 'api.example.com') =>
  `<TargetEndpoint name="default">\n  <HTTPTargetConnection>\n    <SSLInfo>\n      <Enabled>true</Enabled>\n      <Enforce>true</Enforce>\n      <TrustStore>${ref}</TrustStore>\n    </SSLInfo>\n    <URL>https://${host}</URL>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n`;

describe('the pre-commit hook judges staged files in their repository', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'apigee-tls-precommit-'));
  let root: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
  /** What pre-commit runs: `entry [args] staged-files-matching`, at the root. */
  const runHook = () => {
    const { entry, files } = hook();
    const staged = git('diff', '--cached', '--name-only', '--diff-filter=ACMR')
      .split('\n')
      .filter((f) => f !== '' && files.test(f));
    const [command, ...args] = entry;
    assert.equal(command, 'apigee-tls-lint');
    const run = spawnSync(process.execPath, [bin, ...args, ...staged], { cwd: root, encoding: 'utf8' });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr, staged };
  };
  before(() => {
    root = writeTree(dir, 'repo', {
      'pom.xml': '<project/>',
      'proxies/weather/apiproxy/targets/default.xml': target('ref://backend-trust'),
      'proxies/legacy/apiproxy/targets/default.xml': target('ref://unknown-everywhere'),
      'resources/edge/env/test/references.json': JSON.stringify([
        { name: 'backend-trust', refers: 'truststore', resourceType: 'KeyStore' },
      ]),
      'resources/edge/env/test/keystores.json': JSON.stringify([{ name: 'truststore' }]),
      'README.md': 'docs\n',
    });
    git('init', '-q');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'start');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs once for all the staged files', () => {
    assert.equal(hook().serial, true);
  });

  it('a staged misspelt ref:// fails the hook, at the value, and the committed legacy bundle is not reported', () => {
    writeTree(root, '.', { 'proxies/weather/apiproxy/targets/default.xml': target('ref://backend-trsut') });
    git('add', 'proxies/weather/apiproxy/targets/default.xml');
    const { code, stdout, stderr, staged } = runHook();
    assert.deepEqual(staged, ['proxies/weather/apiproxy/targets/default.xml']);
    assert.equal(code, 1, stdout + stderr);
    assert.match(stdout, /^proxies\/weather\/apiproxy\/targets\/default\.xml\n {2}6:\d+ +error +.*'backend-trsut'.*unresolved-reference\n/);
    assert.doesNotMatch(stdout, /legacy/);
    assert.match(stderr, /; reported: the file named\n$/);
  });

  it('the same file linted alone passes: the cross-file rules need the repository', () => {
    const alone = spawnSync(process.execPath, [bin, 'lint', 'proxies/weather/apiproxy/targets/default.xml'], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.equal(alone.status, 0, alone.stdout);
  });

  it('the fix staged: the hook passes, though the repository still holds the legacy mistake', () => {
    writeTree(root, '.', { 'proxies/weather/apiproxy/targets/default.xml': target('ref://backend-trust', 'api2.example.com') });
    git('add', 'proxies/weather/apiproxy/targets/default.xml');
    const { code, stdout } = runHook();
    assert.deepEqual([code, stdout], [0, '']);
  });

  it('a staged file that is not an Apigee file (README, a pom.xml) alone passes: the repository is what is checked', () => {
    git('reset', '-q');
    writeTree(root, '.', { 'pom.xml': '<project><!-- edited --></project>' });
    git('add', 'pom.xml');
    assert.deepEqual(runHook().code, 0);
  });
});
