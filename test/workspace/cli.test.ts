// `apigee-tls-lint lint <dir>` across files, and `apigee-tls-lint inventory`, run in-process.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { runCli } from '../../server/src/cli/main';
import { makeCertificate } from './support/certs';
import { json, loadBalanced, server, sslTarget, tempDir, writeTree } from './support/tree';

async function run(cwd: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, isTTY: false });
  return { code, stdout, stderr };
}

const certs = tempDir();
let root = '';
before(() => {
  makeCertificate(certs, 'client', 10);
  root = writeTree({
    'pom.xml': '<project/>',
    'apiproxy/targets/default.xml': loadBalanced('ts1'),
    'apiproxy/policies/SC.xml': sslTarget(
      '<Enabled>true</Enabled><ClientAuthEnabled>true</ClientAuthEnabled><KeyStore>ref://client</KeyStore><KeyAlias>client</KeyAlias><TrustStore>ref://trust</TrustStore>',
    )
      .replace(/TargetEndpoint name="default"/g, 'ServiceCallout name="SC"')
      .replace(/TargetEndpoint>/g, 'ServiceCallout>'),
    'resources/edge/env/test/targetServers.json': json([server('ts1', { sSLInfo: { enabled: true, protocols: ['TLSv1.1', 'TLSv1.2'] } })]),
    'resources/edge/env/prod/targetServers.json': json([server('other')]),
    'resources/edge/env/test/references.json': json([
      { name: 'client', refers: 'client-ks' },
      { name: 'trust', refers: 'trust-ks' },
    ]),
    'resources/edge/env/test/keystores.json': json([{ name: 'client-ks' }, { name: 'trust-ks' }]),
    'resources/edge/env/test/aliases.json': json([
      {
        alias: 'client',
        keystorename: 'client-ks',
        format: 'keycertfile',
        certFilePath: 'certs/client.crt',
        keyFilePath: 'certs/client.key',
      },
    ]),
    'certs/client.crt': readFileSync(join(certs, 'client.crt')),
    'certs/client.key': readFileSync(join(certs, 'client.key')),
  });
});

describe('lint <dir> resolves across files', () => {
  it('reports cross-file findings in XML and JSON files, in stylish', async () => {
    const { code, stdout } = await run(root, 'lint', '.');
    assert.equal(code, 1);
    assert.match(
      stdout,
      /apiproxy\/targets\/default\.xml\n {2}4:21 +warning +TargetServer 'ts1' is missing in environment prod \(defined in environment test\)\. +unknown-target-server/,
    );
    assert.match(
      stdout,
      /resources\/edge\/env\/test\/aliases\.json\n.* +warning +Certificate 'CN=client' of alias 'client' expires on .* +certificate-expires-soon/,
    );
    assert.match(
      stdout,
      /resources\/edge\/env\/test\/targetServers\.json\n[^]*error +Apigee X does not support TLSv1\.1.*obsolete-protocol/,
    );
  });
  it('--env restricts the environments judged', async () => {
    const { stdout } = await run(root, 'lint', '.', '--env', 'test', '--format', 'json');
    const ids = (JSON.parse(stdout) as Array<{ messages: Array<{ ruleId: string }> }>).flatMap((r) => r.messages.map((m) => m.ruleId));
    assert.ok(!ids.includes('unknown-target-server'));
    assert.ok(ids.includes('certificate-expires-soon'));
  });
  it('--expiry-days 5 lets the 10-day certificate pass; a bad value is a usage error', async () => {
    assert.doesNotMatch((await run(root, 'lint', '.', '--expiry-days', '5')).stdout, /certificate-expires-soon/);
    assert.deepEqual(await run(root, 'lint', '.', '--expiry-days', 'soon'), {
      code: 2,
      stdout: '',
      stderr: 'apigee-tls-lint: lint: --expiry-days takes a whole number of days\n',
    });
  });
  it('ESLint JSON names the JSON file with 1-based positions', async () => {
    const results = JSON.parse((await run(root, 'lint', '--format', 'json', '.')).stdout) as Array<{
      filePath: string;
      messages: Array<{ ruleId: string; line: number }>;
    }>;
    const aliases = results.find((r) => r.filePath.endsWith('aliases.json'));
    assert.deepEqual(
      aliases?.messages.map((m) => [m.ruleId, m.line]),
      [['certificate-expires-soon', 6]],
    );
  });
  it('SARIF lists the cross-file rules and their results', async () => {
    const sarif = JSON.parse((await run(root, 'lint', '--format', 'sarif', '.')).stdout) as {
      runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; ruleIndex: number }> }>;
    };
    const [r] = sarif.runs;
    assert.ok(r!.tool.driver.rules.some((x) => x.id === 'unknown-target-server'));
    const result = r!.results.find((x) => x.ruleId === 'unknown-target-server');
    assert.equal(r!.tool.driver.rules[result!.ruleIndex]!.id, 'unknown-target-server');
  });
  it('--rule turns a cross-file rule off', async () =>
    assert.doesNotMatch((await run(root, 'lint', '.', '--rule', 'unknown-target-server=off')).stdout, /unknown-target-server/));
});

describe('inventory', () => {
  it('lists each connection per environment as text', async () => {
    const { code, stdout } = await run(root, 'inventory', '.');
    assert.equal(code, 0);
    assert.match(
      stdout,
      /^Environment prod\n[^]*?\/ TargetEndpoint default → \? \(TargetServer ts1\) {2}TLS unknown\n[^]*^Environment test\n/m,
    );
    assert.match(stdout, /TargetEndpoint default → ts1\.example\.com:443 \(TargetServer ts1\) {2}TLS\n {4}protocols: TLSv1\.1, TLSv1\.2/);
    assert.match(
      stdout,
      /ServiceCallout SC → api\.example\.com:443 {2}TLS\n {4}truststore: ref:\/\/trust → trust-ks\n {4}client certificate: ref:\/\/client → client-ks: CN=client \(expires \d{4}-\d\d-\d\d\) \[alias client\]/,
    );
  });
  it('--env and --format json', async () => {
    const rows = (
      JSON.parse((await run(root, 'inventory', '.', '--env', 'test', '--format', 'json')).stdout) as {
        connections: Array<{ env: string; host: string; clientCertificate?: { certificates: Array<{ subject: string }> } }>;
      }
    ).connections;
    assert.deepEqual(
      rows.map((r) => [r.env, r.host]),
      [
        ['test', 'api.example.com'],
        ['test', 'ts1.example.com'],
      ],
    );
    assert.equal(rows[0]!.clientCertificate?.certificates[0]?.subject, 'CN=client');
  });
  it('--format markdown is a table', async () => {
    const { stdout } = await run(root, 'inventory', '.', '--format', 'markdown');
    assert.match(stdout, /^\| Environment \| Proxy \| Source \| Endpoint \| TLS \|/);
    const [connections, objects] = stdout.trim().split('\n\n');
    assert.deepEqual([connections!.split('\n').length, objects!.split('\n').length], [2 + 4, 2 + 7]);
  });
  it('needs a directory', async () => assert.equal((await run(root, 'inventory')).code, 2));
});
