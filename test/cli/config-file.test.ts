// `.apigee-tls.json` in the CLI: each malformed or unknown value is a config-file finding at that value, and the
// values it holds apply under the command line's flags.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cliRunner, writeTree } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'apigee-tls-lint-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const run = cliRunner(dir);

const tls11 =
  '<TargetEndpoint name="default">\n  <HTTPTargetConnection>\n    <SSLInfo>\n      <Enabled>true</Enabled>\n      <Enforce>true</Enforce>\n      <TrustStore>ref://ts</TrustStore>\n      <Protocols><Protocol>TLSv1.1</Protocol></Protocols>\n    </SSLInfo>\n    <URL>https://api.example.com</URL>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n';
const servers =
  '[{"name": "ts1", "host": "api.example.com", "port": 443, "sSLInfo": {"enabled": "true", "enforce": "true", "trustStore": "ref://ts", "protocols": ["TLSv1.1"]}}]';

/** A project holding the config text, a bundle with TLSv1.1 and a legacy bundle beside it. */
function project(name: string, config: string): string {
  return writeTree(dir, name, {
    '.apigee-tls.json': config,
    'apiproxy/targets/default.xml': tls11,
    'legacy/apiproxy/targets/default.xml': tls11,
    'resources/edge/env/prod/targetServers.json': servers,
    'resources/edge/env/test/targetServers.json': servers,
  });
}

/** `file line:col rule` per finding, from the JSON report. */
async function findings(...argv: string[]): Promise<{ code: number; found: string[] }> {
  const { code, stdout } = await run('lint', '-f', 'json', ...argv);
  const results = JSON.parse(stdout) as Array<{
    filePath: string;
    messages: Array<{ ruleId: string; line: number; column: number; severity: number; message: string }>;
  }>;
  return {
    code,
    found: results.flatMap((r) =>
      r.messages.map((m) => `${r.filePath.slice(dir.length + 1)} ${m.line}:${m.column} ${m.ruleId} ${m.severity}`),
    ),
  };
}

describe('.apigee-tls.json problems are config-file findings at the value', () => {
  it('a wrong-case profile, an unknown rule, a bad severity, a misspelt key: each reported where it stands', async () => {
    const p = project(
      'bad',
      '{\n  // comments are fine\n  "profile": "Edge",\n  "rules": {"weak-ciphers": "off", "obsolete-protocol": "warn"},\n  "ignorePaterns": ["legacy/"]\n}\n',
    );
    const { stdout } = await run('lint', p);
    assert.match(
      stdout,
      /bad\/\.apigee-tls\.json\n {2}3:14 +error +"profile" is 'Edge', not one of "auto", "apigeex", "edge" \(did you mean 'edge'\?\): this value is ignored\. +config-file\n/,
    );
    assert.match(
      stdout,
      / {2}4:13 +error +Unknown rule 'weak-ciphers' \(did you mean 'weak-cipher'\?\): this entry is ignored\. +config-file\n/,
    );
    assert.match(
      stdout,
      / {2}4:57 +error +"rules\.obsolete-protocol" is 'warn', not one of "off", "error", "warning", "info": this value is ignored\. +config-file\n/,
    );
    assert.match(stdout, / {2}5:3 +error +Unknown key 'ignorePaterns' \(did you mean 'ignorePatterns'\?\): it is ignored\./);
    // "Edge" is not applied: TLSv1.1 stays an Apigee X error.
    assert.match(stdout, /bad\/apiproxy\/targets\/default\.xml\n {2}7:28 +error +Apigee X does not support TLSv1\.1/);
  });
  it('a trailing comma is reported at the comma, and the file is not applied', async () => {
    const p = project('comma', '{\n  "profile": "edge",\n}\n');
    const { found } = await findings(p);
    assert.ok(found.includes('comma/.apigee-tls.json 2:20 config-file 2'), found.join('\n'));
    assert.ok(found.includes('comma/apiproxy/targets/default.xml 7:28 obsolete-protocol 2'), 'the apigeex default holds');
  });
  it('"clients": an unknown client id is reported at the id, with the nearest', async () => {
    const p = project('clients', '{\n  "clients": ["java-8u161", "java-8u16", 7]\n}\n');
    const { stdout } = await run('lint', p);
    assert.match(
      stdout,
      / {2}2:29 +error +Unknown client 'java-8u16' \(did you mean 'java-8u161'\?\): it is ignored \(apigee-tls-lint clients --list names them\)\. +config-file\n/,
    );
    assert.match(stdout, / {2}2:42 +error +"clients" takes strings only: this item is ignored\. +config-file\n/);
  });
});

describe('.apigee-tls.json values apply under the flags', () => {
  it('profile (with comments) sets the runtime: TLSv1.1 is an Edge warning', async () => {
    const { found } = await findings(project('edge', '/* Edge Private Cloud */ {"profile": "edge"}'), '--env', 'test');
    assert.ok(found.includes('edge/apiproxy/targets/default.xml 7:28 obsolete-protocol 1'), found.join('\n'));
  });
  it('rules set severities, and --rule wins over them', async () => {
    const p = project('rules', '{"rules": {"obsolete-protocol": "off", "missing-truststore": "off", "enforce-not-set": "off"}}');
    assert.deepEqual(await findings(p), { code: 0, found: [] });
    assert.equal((await findings(p, '--rule', 'obsolete-protocol=error')).code, 1);
  });
  it('ignorePatterns drops the files under a path', async () => {
    const p = project('ignore', '{"ignorePatterns": ["legacy/", "resources/"]}');
    assert.deepEqual((await findings(p)).found, ['ignore/apiproxy/targets/default.xml 7:28 obsolete-protocol 2']);
  });
  it('environments is the default of --env, and an unknown one is exit 2', async () => {
    const p = project('envs', '{"environments": ["test"]}');
    assert.match((await run('lint', p)).stderr, /, 1 environment \(test\), /);
    assert.match((await run('lint', p, '--env', 'prod')).stderr, /, 1 environment \(prod\), /, '--env wins');
    writeFileSync(join(p, '.apigee-tls.json'), '{"environments": ["prd"]}');
    assert.equal(
      (await run('lint', 'envs')).stderr,
      `apigee-tls-lint: lint: envs/.apigee-tls.json: "environments": prd: no such environment in 'envs'; did you mean 'prod'?\n`,
    );
  });
  it('--config names the file, and its profile counts as --profile', async () => {
    const p = project('explicit', '{}');
    writeFileSync(join(dir, 'edge.config.json'), '{"profile": "edge"}');
    const { found } = await findings(p, '--config', 'edge.config.json', '--env', 'test');
    assert.ok(found.includes('explicit/apiproxy/targets/default.xml 7:28 obsolete-protocol 1'), found.join('\n'));
  });
});

describe('suppressions silence findings in JSON files one by one', () => {
  const twoServers = JSON.stringify(
    [
      { name: 'lab', host: 'lab.example.com', port: 443, sSLInfo: { enabled: 'true', ignoreValidationErrors: 'true' } },
      { name: 'prod', host: 'prod.example.com', port: 443, sSLInfo: { enabled: 'true', ignoreValidationErrors: 'true' } },
    ],
    null,
    2,
  );
  const suppression = (pointer: string, rule = 'ignore-validation-errors') =>
    JSON.stringify({ suppressions: [{ file: 'env/test/targetServers.json', pointer, rule, reason: 'a lab backend' }] });
  const lint = async (name: string, config: string) => {
    const p = writeTree(dir, name, { '.apigee-tls.json': config, 'env/test/targetServers.json': twoServers });
    return (await findings(p)).found.filter((f) => f.includes('ignore-validation-errors'));
  };
  it('by the value the finding is at', async () => {
    assert.deepEqual(await lint('sup-value', suppression('/0/sSLInfo/ignoreValidationErrors')), [
      'sup-value/env/test/targetServers.json 17:34 ignore-validation-errors 1',
    ]);
  });
  it('by a value holding it (the whole TargetServer)', async () => {
    assert.deepEqual(await lint('sup-holder', suppression('/1')), [
      'sup-holder/env/test/targetServers.json 8:34 ignore-validation-errors 1',
    ]);
  });
  it('only that rule: another rule id silences nothing', async () => {
    assert.equal((await lint('sup-other', suppression('/0', 'weak-cipher'))).length, 2);
  });
  it('a malformed suppression is a config-file finding at it, and silences nothing', async () => {
    const p = writeTree(dir, 'sup-bad', {
      '.apigee-tls.json':
        '{"suppressions": [{"file": "env/test/targetServers.json", "pointer": "0/sSLInfo", "rule": "ignore-validation-error"}]}',
      'env/test/targetServers.json': twoServers,
    });
    const { stdout } = await run('lint', p);
    assert.match(
      stdout,
      /1:70 +error +"pointer" is a JSON Pointer: '' or starting with '\/' \('\/0\/sSLInfo\/protocols'\): this suppression is ignored\. +config-file/,
    );
    assert.match(
      stdout,
      /1:91 +error +Unknown rule 'ignore-validation-error' \(did you mean 'ignore-validation-errors'\?\): this suppression is ignored\./,
    );
    assert.equal((stdout.match(/ignore-validation-errors\n/g) ?? []).length, 2);
  });
});
