// `apigee-tls-lint lint`: formats, exit statuses, --fix, overrides — run in-process, plus once through the bin.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { cliRunner, writeTree } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'apigee-tls-lint-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const endpoint = (sslInfo: string): string =>
  `<TargetEndpoint name="default">\n  <HTTPTargetConnection>\n    <SSLInfo>\n${sslInfo}\n    </SSLInfo>\n    <URL>https://api.example.com</URL>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n`;
const clean = endpoint('      <Enabled>true</Enabled>\n      <Enforce>true</Enforce>\n      <TrustStore>ref://ts</TrustStore>');
const tls10 = endpoint(
  '      <Enabled>true</Enabled>\n      <Enforce>true</Enforce>\n      <TrustStore>ref://ts</TrustStore>\n      <Protocols><Protocol>TLSv1.0</Protocol></Protocols>',
);
const warnOnly = endpoint(
  '      <Enabled>true</Enabled>\n      <Enforce>true</Enforce>\n      <TrustStore>ref://ts</TrustStore>\n      <IgnoreValidationErrors>true</IgnoreValidationErrors>',
);

const bundle = (name: string, files: Record<string, string>): string => writeTree(dir, name, files);

const run = cliRunner(dir);

describe('lint command', () => {
  const a = bundle('a', { 'apiproxy/targets/default.xml': tls10, 'apiproxy/policies/AM.xml': '<AssignMessage name="AM"/>' });
  const b = bundle('b', { 'apiproxy/targets/default.xml': clean });

  it('exits 0 on clean input, reporting nothing but what it checked', async () =>
    assert.deepEqual(await run('lint', b), {
      code: 0,
      stdout: '',
      stderr: 'apigee-tls-lint: checked 1 file, 0 environments, 1 connection\n',
    }));
  it('exits 1 with an error and prints a stylish report', async () => {
    const { code, stdout } = await run('lint', a, b);
    assert.equal(code, 1);
    assert.match(stdout, /a\/apiproxy\/targets\/default\.xml\n {2}7:28 +error +Apigee X does not support TLSv1\.0.*obsolete-protocol/);
  });
  it('writes ESLint-shaped JSON with 1-based positions', async () => {
    const [result] = JSON.parse((await run('lint', '--format', 'json', join(a, 'apiproxy/targets'))).stdout) as Array<
      Record<string, unknown>
    >;
    assert.deepEqual(result, {
      filePath: join(a, 'apiproxy/targets/default.xml'),
      messages: [
        {
          ruleId: 'obsolete-protocol',
          severity: 2,
          level: 'error',
          message: (result!.messages as Array<{ message: string }>)[0]!.message,
          line: 7,
          column: 28,
          endLine: 7,
          endColumn: 35,
        },
      ],
      errorCount: 1,
      warningCount: 0,
      infoCount: 0,
    });
  });
  it('writes SARIF 2.1.0 with rules and regions', async () => {
    const sarif = JSON.parse((await run('lint', '--format=sarif', a)).stdout) as {
      version: string;
      runs: Array<{
        tool: { driver: { rules: Array<{ id: string; helpUri: string }> } };
        results: Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { region: unknown } }> }>;
      }>;
    };
    assert.equal(sarif.version, '2.1.0');
    const [runResult] = sarif.runs;
    assert.ok(runResult!.tool.driver.rules.some((r) => r.id === 'obsolete-protocol' && r.helpUri.endsWith('obsolete-protocol.md')));
    assert.deepEqual(
      runResult!.results.map((r) => [r.ruleId, r.level, r.locations[0]!.physicalLocation.region]),
      [['obsolete-protocol', 'error', { startLine: 7, startColumn: 28, endLine: 7, endColumn: 35 }]],
    );
  });
  it('SARIF rules follow the run: profile defaults, overrides, off rules disabled; paths relative to %SRCROOT%', async () => {
    const sarif = JSON.parse((await run('lint', '--format=sarif', '--profile', 'edge', '--rule', 'weak-cipher=error', a)).stdout) as {
      runs: Array<{
        tool: { driver: { rules: Array<{ id: string; defaultConfiguration: unknown }> } };
        results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: unknown } }> }>;
      }>;
    };
    const config = (id: string): unknown => sarif.runs[0]!.tool.driver.rules.find((r) => r.id === id)!.defaultConfiguration;
    assert.deepEqual(
      [config('obsolete-protocol'), config('enforce-not-set'), config('weak-cipher')],
      [{ level: 'warning' }, { level: 'none', enabled: false }, { level: 'error' }],
    );
    assert.deepEqual(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation, {
      uri: 'a/apiproxy/targets/default.xml',
      uriBaseId: '%SRCROOT%',
    });
  });
  it('applies the edge profile', async () => {
    const { code, stdout } = await run('lint', '--profile', 'edge', '--format', 'json', a);
    assert.equal(code, 0, 'TLSv1.0 is a warning on Edge');
    assert.match(stdout, /"ruleId":"obsolete-protocol","severity":1/);
  });
  it('--profile auto (the default) judges each bundle by its files; --verbose says how, SARIF carries it', async () => {
    const edgeProxy =
      '<ProxyEndpoint name="default">\n  <HTTPProxyConnection>\n    <VirtualHost>secure</VirtualHost>\n  </HTTPProxyConnection>\n</ProxyEndpoint>\n';
    const e = bundle('e', {
      'apiproxy/proxies/default.xml': edgeProxy,
      'apiproxy/targets/default.xml': tls10.replace('      <Enforce>true</Enforce>\n', ''),
    });
    const { code, stderr } = await run('lint', '--verbose', e, b);
    assert.equal(code, 0, 'TLSv1.0 is a warning on Edge');
    assert.equal(
      stderr,
      [
        'apigee-tls-lint: b/apiproxy: Apigee X/hybrid (inferred from <Enforce> in SSLInfo (Apigee X and hybrid only) in targets/default.xml)',
        'apigee-tls-lint: e/apiproxy: Apigee Edge (inferred from a VirtualHost binding (secure; Apigee X ignores virtual hosts) in proxies/default.xml)',
        'apigee-tls-lint: checked 3 files, 0 environments, 2 connections',
        '',
      ].join('\n'),
    );
    assert.equal((await run('lint', '--profile', 'apigeex', e)).code, 1, 'an explicit profile still forces it');
    const sarif = JSON.parse((await run('lint', '--format=sarif', e)).stdout) as { runs: Array<{ properties: { profiles: unknown[] } }> };
    assert.deepEqual(sarif.runs[0]!.properties.profiles, [
      {
        folder: { uri: 'e/apiproxy', uriBaseId: '%SRCROOT%' },
        profile: 'edge',
        decided: true,
        evidence: [
          {
            runtime: 'edge',
            strength: 'weak',
            what: 'a VirtualHost binding (secure; Apigee X ignores virtual hosts)',
            file: 'proxies/default.xml',
          },
        ],
      },
    ]);
  });
  it('ESLint JSON: info findings are severity 1 messages counted in infoCount, not warningCount (as --max-warnings)', async () => {
    const i = bundle('i', { 'apiproxy/targets/default.xml': clean.replace('ref://ts', 'ts') });
    const [result] = JSON.parse((await run('lint', '--format', 'json', '--max-warnings', '0', i)).stdout) as Array<Record<string, unknown>>;
    assert.deepEqual([result!.errorCount, result!.warningCount, result!.infoCount], [0, 0, 1]);
    assert.equal((await run('lint', '--max-warnings', '0', i)).code, 0);
  });
  it('ESLint JSON: each message says whether it is info or a warning (level field; "(info) " before an info message), severity stays 1', async () => {
    const w = bundle('w', {
      'apiproxy/targets/default.xml': clean
        .replace('ref://ts', 'ts')
        .replace('<TrustStore>', '<IgnoreValidationErrors>true</IgnoreValidationErrors><TrustStore>'),
    });
    const [result] = JSON.parse((await run('lint', '--format', 'json', w)).stdout) as Array<{
      messages: Array<{ ruleId: string; severity: number; level: string; message: string }>;
    }>;
    assert.deepEqual(
      result!.messages.map((m) => [m.ruleId, m.severity, m.level, m.message.startsWith('(info) ')]),
      [
        ['ignore-validation-errors', 1, 'warning', false],
        ['store-not-reference', 1, 'info', true],
      ],
    );
    assert.match(result!.messages[1]!.message, /^\(info\) <TrustStore> names the store 'ts' directly/);
  });
  it('turns a rule off with --rule', async () => assert.equal((await run('lint', '--rule', 'obsolete-protocol=off', a)).code, 0));
  it('fails on too many warnings', async () => {
    const w = bundle('w', { 'apiproxy/targets/default.xml': warnOnly });
    assert.equal((await run('lint', w)).code, 0);
    assert.equal((await run('lint', '--max-warnings', '0', w)).code, 1);
    assert.equal((await run('lint', '--max-warnings', '1', w)).code, 0);
  });
  it('--fix rewrites the file and reports what remains', async () => {
    const f = bundle('f', { 'apiproxy/targets/default.xml': tls10.replace(/\n/g, '\r\n') });
    const { code, stdout } = await run('lint', '--fix', f);
    assert.equal(code, 0);
    assert.equal(stdout, '');
    assert.equal(
      readFileSync(join(f, 'apiproxy/targets/default.xml'), 'utf8'),
      tls10.replace('<Protocol>TLSv1.0</Protocol>', '<Protocol>TLSv1.2</Protocol><Protocol>TLSv1.3</Protocol>').replace(/\n/g, '\r\n'),
    );
  });
  it('--fix also applies what only the directory shows: a configuration file read leniently is made strict JSON', async () => {
    const keystores = 'resources/edge/env/test/keystores.json';
    const p = bundle('p', { 'pom.xml': '<project/>', [keystores]: '[\r\n  {"name": "a"}\r\n  {"name": "b"},\r\n]\r\n' });
    const { code, stdout } = await run('lint', '--fix', p);
    assert.deepEqual([code, stdout], [0, '']);
    assert.equal(readFileSync(join(p, keystores), 'utf8'), '[\r\n  {"name": "a"},\r\n  {"name": "b"}\r\n]\r\n');
  });
  it('does not count a BOM as a column', async () => {
    const oneLine =
      '<TargetEndpoint><HTTPTargetConnection><SSLInfo><Protocols><Protocol>TLSv1</Protocol></Protocols></SSLInfo><URL>https://a.b</URL></HTTPTargetConnection></TargetEndpoint>';
    const columns = async (text: string): Promise<number[]> => {
      const path = join(dir, 'bom.xml');
      writeFileSync(path, text);
      const [result] = JSON.parse((await run('lint', '--format', 'json', path)).stdout) as Array<{
        messages: Array<{ ruleId: string; column: number }>;
      }>;
      return result!.messages.filter((m) => m.ruleId === 'obsolete-protocol').map((m) => m.column);
    };
    assert.deepEqual(await columns('\uFEFF' + oneLine), await columns(oneLine));
  });
  it('finds TargetServer JSON in a directory, and skips other JSON', async () => {
    const servers = '[{"name": "ts", "host": "api.example.com", "port": 443, "sSLInfo": {"enabled": "true", "protocols": ["TLSv1"]}}]';
    const t = bundle('t', { 'resources/edge/env/test/targetServers.json': servers, 'package.json': servers });
    const results = JSON.parse((await run('lint', '--format', 'json', t)).stdout) as Array<{
      filePath: string;
      messages: Array<{ ruleId: string }>;
    }>;
    assert.deepEqual(
      results.map((r) => [r.filePath.slice(t.length), r.messages.map((m) => m.ruleId)]),
      [['/resources/edge/env/test/targetServers.json', ['enforce-not-set', 'obsolete-protocol']]],
    );
  });
  it('lints a standalone TargetEndpoint outside a bundle', async () => {
    const path = join(dir, 'standalone.xml');
    writeFileSync(path, tls10);
    assert.equal((await run('lint', path)).code, 1);
  });
  for (const [argv, message] of [
    [['lint'], /name at least one file/],
    [['lint', 'missing-dir'], /cannot read 'missing-dir'/],
    [['lint', '--profile', 'opdk', '.'], /--profile must be one of/],
    [['lint', '--format', 'xml', '.'], /--format must be one of/],
    [['lint', '--rule', 'nope=off', '.'], /unknown rule 'nope'/],
    [['lint', '--rule', 'weak-cipher=loud', '.'], /severity must be one of/],
    [['lint', '--max-warnings', 'x', '.'], /whole number/],
    [['lint', '--frobnicate', '.'], /unknown option --frobnicate/],
    [['nonsense'], /unknown command/],
  ] as const) {
    it(`usage error: ${argv.join(' ')}`, async () => {
      const { code, stderr } = await run(...argv);
      assert.equal(code, 2);
      assert.match(stderr, message);
    });
  }
});

describe('bin/apigee-tls-lint', () => {
  it('runs from a clone after the build, with the documented exit status', () => {
    const bin = resolve(__dirname, '../../bin/apigee-tls-lint');
    const result = spawnSync(bin, ['lint', '--format', 'json', join(dir, 'standalone.xml')], { encoding: 'utf8' });
    assert.equal(result.status, 1, result.stderr);
    assert.equal((JSON.parse(result.stdout) as unknown[]).length, 1);
  });

  // probe, capture and clients are bundles of their own (dist/cli-<command>.js): their usage errors still read as such.
  it('a command loaded on demand reports a usage error in one line, exit status 2', () => {
    const bin = resolve(__dirname, '../../bin/apigee-tls-lint');
    const run = (...argv: string[]): string[] => {
      const result = spawnSync(bin, argv, { encoding: 'utf8' });
      return [String(result.status), result.stderr];
    };
    assert.deepEqual(run('probe'), ['2', 'apigee-tls-lint: probe: name one https URL or host:port (or --bundle DIR)\n']);
    assert.deepEqual(run('capture'), ['2', 'apigee-tls-lint: capture: name one capture file (see --help)\n']);
    assert.deepEqual(run('clients', '--bogus'), ['2', 'apigee-tls-lint: clients: unknown option --bogus (see --help)\n']);
  });
});
