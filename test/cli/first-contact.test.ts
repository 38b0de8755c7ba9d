// First contact with the CLI: nothing to check is exit 2 with one line, every run says what it checked, bundle
// zips are read, and the habits of ESLint (--help, -f, -o, --quiet, --list-rules, did-you-mean) hold.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cliRunner, writeTree } from './run-cli';
import { LINT_SPEC } from '../../server/src/cli/lint-spec';
import { ALL_RULES } from '../../server/src/workspace/registry';
import { makeZip } from './zip-fixture';

const dir = mkdtempSync(join(tmpdir(), 'apigee-tls-lint-first-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const tree = (name: string, files: Record<string, string>): string => writeTree(dir, name, files);

const run = cliRunner(dir);

const target = (protocol: string): string =>
  `<TargetEndpoint name="default">\n  <HTTPTargetConnection>\n    <SSLInfo>\n      <Enabled>true</Enabled>\n      <Enforce>true</Enforce>\n      <TrustStore>ref://ts</TrustStore>\n      <Protocols><Protocol>${protocol}</Protocol></Protocols>\n    </SSLInfo>\n    <URL>https://api.example.com</URL>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n`;
const targetServers =
  '[{"name": "ts1", "host": "api.example.com", "port": 443, "sSLInfo": {"enabled": "true", "enforce": "true", "trustStore": "ref://ts"}}]';

tree('empty', {});
writeFileSync(join(dir, 'notes.txt'), 'hello\n');
tree('other', { 'pom.xml': '<project/>', 'config/log4j.xml': '<configuration/>' });
tree('bundle', { 'apiproxy/targets/default.xml': target('TLSv1.1') });
tree('project', {
  'apiproxy/targets/default.xml': target('TLSv1.2'),
  'resources/edge/env/prod/targetServers.json': targetServers,
  'resources/edge/env/test/targetServers.json': targetServers,
  'pom.xml': '<project/>',
});
writeFileSync(join(dir, 'weather.zip'), makeZip([{ name: 'apiproxy/targets/default.xml', data: target('TLSv1.1'), deflate: true }]));
writeFileSync(join(dir, 'evil.zip'), makeZip([{ name: '../outside.xml', data: target('TLSv1.1') }]));
writeFileSync(join(dir, 'fake.zip'), 'not a zip');

describe('nothing to check is exit 2, with one line saying why', () => {
  for (const [argv, line] of [
    [
      ['lint', 'empty'],
      "apigee-tls-lint: lint: nothing to check: no XML, TargetServer JSON or environment configuration file in 'empty'; name a bundle folder (holding apiproxy/ or sharedflowbundle/), a repository of them, or an exported bundle zip",
    ],
    [
      ['lint', 'notes.txt'],
      "apigee-tls-lint: lint: nothing to check: the file in 'notes.txt' is not an Apigee file (a bundle's apiproxy/ or sharedflowbundle/, a TargetEndpoint or ServiceCallout, environment configuration); name the folder or zip that holds them",
    ],
    [
      ['lint', 'other'],
      "apigee-tls-lint: lint: nothing to check: none of the 2 files in 'other' is an Apigee file (a bundle's apiproxy/ or sharedflowbundle/, a TargetEndpoint or ServiceCallout, environment configuration); name the folder or zip that holds them",
    ],
    [
      ['lint', 'bundle', '--env', 'prod'],
      "apigee-tls-lint: lint: --env prod: no such environment in 'bundle' (no environment configuration was found)",
    ],
    [['lint', 'project', '--env', 'prd'], "apigee-tls-lint: lint: --env prd: no such environment in 'project'; did you mean 'prod'?"],
    [
      ['lint', 'project', '--env', 'staging'],
      "apigee-tls-lint: lint: --env staging: no such environment in 'project' (environments: prod, test)",
    ],
    [['lint', 'evil.zip'], "apigee-tls-lint: lint: cannot read 'evil.zip': it names an entry outside its folder ('../outside.xml')"],
    [['lint', 'fake.zip'], "apigee-tls-lint: lint: cannot read 'fake.zip': it is not a zip archive (no end of central directory)"],
    [['lint', '--fix', 'weather.zip'], "apigee-tls-lint: lint: --fix cannot write inside 'weather.zip': unzip it and lint the folder"],
  ] as const)
    it(argv.join(' '), async () => assert.deepEqual(await run(...argv), { code: 2, stdout: '', stderr: `${line}\n` }));
});

describe('every run says what it checked', () => {
  it('on stderr after a stylish report', async () => {
    const { code, stderr } = await run('lint', 'project');
    assert.equal(code, 0);
    assert.equal(stderr, 'apigee-tls-lint: checked 4 files (3 Apigee), 2 environments (prod, test), 3 connections\n');
  });
  it('counts only the environments --env keeps', async () =>
    assert.equal(
      (await run('lint', 'project', '--env', 'test')).stderr,
      'apigee-tls-lint: checked 4 files (3 Apigee), 1 environment (test), 3 connections\n',
    ));
  it('never in JSON or SARIF runs: stdout is the report alone and stderr stays empty', async () => {
    for (const format of ['json', 'sarif']) {
      const { stdout, stderr } = await run('lint', '-f', format, 'project');
      assert.doesNotThrow(() => JSON.parse(stdout) as unknown);
      assert.equal(stderr, '');
    }
  });
});

describe('bundle zips', () => {
  it('are read in memory, findings named <zip>!<entry>', async () => {
    const { code, stdout, stderr } = await run('lint', 'weather.zip');
    assert.equal(code, 1);
    assert.match(stdout, /^weather\.zip!apiproxy\/targets\/default\.xml\n {2}7:28 +error +Apigee X does not support TLSv1\.1/);
    assert.equal(stderr, 'apigee-tls-lint: checked 1 file, 0 environments, 1 connection\n');
  });
  it('JSON names the entry after the zip path', async () => {
    const [result] = JSON.parse((await run('lint', '--format=json', 'weather.zip')).stdout) as Array<{ filePath: string }>;
    assert.equal(result!.filePath, `${join(dir, 'weather.zip')}!apiproxy/targets/default.xml`);
  });
  it('lint beside folders in one run', async () => {
    const results = JSON.parse((await run('lint', '-f', 'json', 'weather.zip', 'bundle')).stdout) as Array<{ filePath: string }>;
    assert.deepEqual(
      results.map((r) => r.filePath.slice(dir.length + 1)),
      ['bundle/apiproxy/targets/default.xml', 'weather.zip!apiproxy/targets/default.xml'],
    );
  });
});

describe('CLI habits', () => {
  for (const command of ['lint', 'inventory', 'probe', 'capture', 'lsp'])
    it(`${command} --help exits 0 with usage, options and a docs link`, async () => {
      const { code, stdout, stderr } = await run(command, '--help');
      assert.deepEqual([code, stderr], [0, '']);
      assert.match(stdout, new RegExp(`^Usage:\\n  apigee-tls-lint ${command} `));
      assert.match(stdout, /\nDocs: (file|https):\/\/\S+\n$/);
      if (command !== 'lsp') assert.match(stdout, /\nOptions:\n/);
    });
  it('lint --help describes every option', async () => {
    const help = (await run('lint', '-h')).stdout;
    for (const option of LINT_SPEC.options) assert.ok(help.includes(`--${option.name}`) && help.includes(option.description), option.name);
  });
  it('the top-level help lists each command with what it does', async () => {
    const { code, stdout } = await run('--help');
    assert.equal(code, 0);
    for (const command of ['lint', 'inventory', 'probe', 'capture', 'lsp']) assert.match(stdout, new RegExp(`\\n  ${command} +[A-Z]`));
    assert.equal((await run('help', 'lint')).stdout, (await run('lint', '--help')).stdout);
  });
  it('the docs link points at the docs installed with the CLI', async () => {
    const link = /Docs: (\S+)/.exec((await run('lint', '--help')).stdout)![1]!;
    assert.ok(readFileSync(new URL(link.replace(/#.*/, ''))).length > 0, link);
  });
  it('-o writes the report to a file; stdout stays empty', async () => {
    const { code, stdout } = await run('lint', '-f', 'json', '-o', 'report.json', 'bundle');
    assert.deepEqual([code, stdout], [1, '']);
    assert.equal((JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as unknown[]).length, 1);
  });
  it('--quiet reports errors only', async () => {
    const w = tree('warn', { 'apiproxy/targets/default.xml': target('TLSv1.2').replace('ref://ts', 'ts') });
    assert.match((await run('lint', w)).stdout, /info/);
    assert.equal((await run('lint', '--quiet', w)).stdout, '');
  });
  it('--list-rules lists every rule with its severity per profile', async () => {
    const { code, stdout } = await run('lint', '--list-rules');
    assert.equal(code, 0);
    assert.equal(stdout.trimEnd().split('\n').length, ALL_RULES.length + 1);
    assert.match(stdout, /\nobsolete-protocol +error +warning +\(fix\) /);
    assert.match((await run('lint', '--list-rules', '--profile', 'edge')).stdout, /\nobsolete-protocol +warning +\(fix\) /);
  });
  for (const [argv, line] of [
    [['lint', '--formt', 'json', '.'], 'apigee-tls-lint: lint: unknown option --formt; did you mean --format?'],
    [['lint', '--max-warning', '0', '.'], 'apigee-tls-lint: lint: unknown option --max-warning; did you mean --max-warnings?'],
    [['lint', '-x', '.'], 'apigee-tls-lint: lint: unknown option -x (see --help)'],
    [
      ['lint', '--rule', 'weak-ciphers=off', '.'],
      "apigee-tls-lint: lint: --rule: unknown rule 'weak-ciphers'; did you mean 'weak-cipher'? (see --list-rules)",
    ],
    [
      ['lint', '--rule', 'weak-cipher=eror', '.'],
      "apigee-tls-lint: lint: --rule weak-cipher: severity must be one of off, error, warning, info; did you mean 'error'?",
    ],
    [['lint', '-f', 'jsn', '.'], "apigee-tls-lint: lint: --format must be one of stylish, json, sarif; did you mean 'json'?"],
    [['lint', '-f'], 'apigee-tls-lint: lint: -f needs a value (stylish|json|sarif)'],
    [['inventory', '--formta', 'json', '.'], 'apigee-tls-lint: inventory: unknown option --formta; did you mean --format?'],
    [['lnt', '.'], "apigee-tls-lint: unknown command 'lnt'; did you mean 'lint'? (see --help)"],
  ] as const)
    it(`did you mean: ${argv.join(' ')}`, async () => assert.deepEqual(await run(...argv), { code: 2, stdout: '', stderr: `${line}\n` }));
});
