// `probe --bundle` over a project's environment configuration, against real servers (openssl s_server and the
// generated PKI): LoadBalancer TargetServers per environment, trusted through the workspace's truststore files,
// presenting the workspace's client certificate.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CliIO } from '../../server/src/cli/io';
import { runCli } from '../../server/src/cli/main';
import { json, loadBalanced, server, writeTree } from '../workspace/support/tree';
import { testPki, type Pki } from './support/pki';
import { certArgs, startOpenssl, type RunningServer } from './support/servers';

let pki: Pki;
let healthy: RunningServer;
let twoWay: RunningServer;
let tls10: RunningServer;
before(async () => {
  pki = await testPki();
  [healthy, twoWay, tls10] = await Promise.all([
    startOpenssl(certArgs(pki, 'good')),
    startOpenssl([...certArgs(pki, 'good'), '-Verify', '1', '-verify_return_error', '-CAfile', pki.path('root.crt')]),
    startOpenssl([...certArgs(pki, 'good'), '-tls1', '-cipher', 'DEFAULT@SECLEVEL=0']),
  ]);
});
after(() => Promise.all([healthy.stop(), twoWay.stop(), tls10.stop()]));

interface Row {
  env: string | null;
  server: string | null;
  diagnosis: { ok: boolean; causes: { code: string; severity: string }[] } | null;
  notProbeable: string | null;
  trust: string | null;
  clientCertificate: string | null;
}

const env = (name: string, file: string): string => `resources/edge/env/${name}/${file}`;

/** A Maven project whose proxy load-balances over `ts`, with these TargetServers per environment and the PKI's files in certs/. */
function project(servers: Record<string, unknown[]>, extra: Record<string, string> = {}): string {
  const files: Record<string, string> = { 'pom.xml': '<project/>', 'apiproxy/targets/default.xml': loadBalanced('ts'), ...extra };
  for (const [name, list] of Object.entries(servers)) files[env(name, 'targetServers.json')] = json(list);
  const root = writeTree(files);
  mkdirSync(join(root, 'certs'));
  for (const name of ['root.crt', 'client.crt', 'client.key']) copyFileSync(pki.path(name), join(root, 'certs', name));
  return root;
}

/** The TargetServer `ts` at `host`:the server's port, with this sSLInfo. */
const at = (host: string, s: RunningServer, ssl: Record<string, unknown>) =>
  server('ts', { host, port: s.port, sSLInfo: { enabled: 'true', ...ssl } });

const stores = (envName: string): Record<string, string> => ({
  [env(envName, 'references.json')]: json([
    { name: 'trust-ref', refers: 'truststore', resourceType: 'KeyStore' },
    { name: 'key-ref', refers: 'keystore', resourceType: 'KeyStore' },
  ]),
  [env(envName, 'keystores.json')]: json([{ name: 'truststore' }, { name: 'keystore' }]),
  [env(envName, 'aliases.json')]: json([
    { alias: 'root', keystorename: 'truststore', format: 'keycertfile', certFilePath: 'certs/root.crt' },
    { alias: 'me', keystorename: 'keystore', format: 'keycertfile', certFilePath: 'certs/client.crt', keyFilePath: 'certs/client.key' },
  ]),
});

async function probe(dir: string, servers: RunningServer[], ...argv: string[]): Promise<{ code: number; rows: Row[]; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir, isTTY: false };
  const resolve = servers.flatMap((s) => ['test', 'prod'].flatMap((e) => ['--resolve', `${e}.probe.test:${s.port}:127.0.0.1`]));
  const code = await runCli(['probe', '--bundle', dir, ...resolve, '--format', 'json', ...argv], io);
  return { code, rows: stdout === '' ? [] : (JSON.parse(stdout) as Row[]), stderr };
}

const verdict = (r: Row): string =>
  `${r.env}/${r.server}: ${
    r.diagnosis === null
      ? r.notProbeable
      : r.diagnosis.causes
          .filter((c) => c.severity === 'error')
          .map((c) => c.code)
          .join(',') || 'OK'
  }`;

describe('probe --bundle through the environment configuration', () => {
  it('a TargetServer chaining to the CA of the workspace truststore is OK only through that truststore', async () => {
    const dir = project(
      { test: [at('test.probe.test', healthy, { trustStore: 'ref://trust-ref' })], prod: [at('prod.probe.test', healthy, {})] },
      stores('test'),
    );
    const { code, rows } = await probe(dir, [healthy]);
    assert.deepEqual(rows.map(verdict), ['prod/ts: untrusted-root', 'test/ts: OK']);
    assert.equal(
      rows[1]!.trust,
      "the truststore ref://trust-ref → keystore 'truststore' → alias 'root' (certs/root.crt) in environment 'test'",
    );
    assert.match(
      rows[0]!.trust!,
      /^the system roots \(.*\), because SSLInfo names no TrustStore$|^the system roots, because SSLInfo names no TrustStore$/,
    );
    assert.equal(code, 1);
  });
  it('--env narrows to one environment; exit 0 when every probed connection succeeds', async () => {
    const dir = project(
      { test: [at('test.probe.test', healthy, { trustStore: 'ref://trust-ref' })], prod: [at('prod.probe.test', healthy, {})] },
      stores('test'),
    );
    const { code, rows } = await probe(dir, [healthy], '--env', 'test');
    assert.deepEqual([code, rows.map(verdict)], [0, ['test/ts: OK']]);
  });
  it('explicit --ca wins over the workspace truststore', async () => {
    const dir = project({ test: [at('test.probe.test', healthy, { trustStore: 'ref://trust-ref' })] }, stores('test'));
    copyFileSync(pki.path('unknown-root.crt'), join(dir, 'other.crt'));
    const { rows } = await probe(dir, [healthy], '--ca', 'other.crt');
    assert.deepEqual([rows.map(verdict), rows[0]!.trust], [['test/ts: untrusted-root'], 'other.crt (given explicitly)']);
  });
  it('a two-way TLS backend accepts the client certificate from the workspace alias files', async () => {
    const ssl = { trustStore: 'ref://trust-ref', clientAuthEnabled: 'true', keyStore: 'ref://key-ref', keyAlias: 'me' };
    const dir = project({ test: [at('test.probe.test', twoWay, ssl)] }, stores('test'));
    const { code, rows } = await probe(dir, [twoWay]);
    assert.deepEqual([code, rows.map(verdict)], [0, ['test/ts: OK']]);
    assert.match(rows[0]!.clientCertificate!, /alias 'me' \(certs\/client.crt, certs\/client.key\)/);
  });
  it('a certificate the backend does not trust, in the alias files, is the one presented and refused', async () => {
    const ssl = { trustStore: 'ref://trust-ref', clientAuthEnabled: 'true', keyStore: 'ref://key-ref', keyAlias: 'me' };
    const dir = project({ test: [at('test.probe.test', twoWay, ssl)] }, stores('test'));
    for (const ext of ['crt', 'key']) copyFileSync(pki.path(`stranger.${ext}`), join(dir, 'certs', `client.${ext}`));
    const { rows } = await probe(dir, [twoWay]);
    assert.deepEqual(rows.map(verdict), ['test/ts: client-certificate-rejected']);
  });
  it('two-way TLS with no alias to present: the reason, and what the backend demands', async () => {
    const ssl = { trustStore: 'ref://trust-ref', clientAuthEnabled: 'true', keyStore: 'ref://key-ref', keyAlias: 'missing' };
    const dir = project({ test: [at('test.probe.test', twoWay, ssl)] }, stores('test'));
    const { rows } = await probe(dir, [twoWay]);
    const demand = (rows[0]!.diagnosis as unknown as { server: { clientCertificate: string } }).server.clientCertificate;
    assert.deepEqual(
      [demand, rows[0]!.clientCertificate],
      ['required', "none, because keystore 'keystore' has no alias 'missing' in environment 'test'"],
    );
  });
  it('prod pointing at a TLS 1.0-only server is a protocol mismatch while test is OK', async () => {
    const dir = project(
      {
        test: [at('test.probe.test', healthy, { trustStore: 'ref://trust-ref' })],
        prod: [at('prod.probe.test', tls10, { trustStore: 'ref://trust-ref' })],
      },
      { ...stores('test'), ...stores('prod') },
    );
    const { code, rows } = await probe(dir, [healthy, tls10]);
    assert.deepEqual([code, rows.map(verdict)], [1, ['prod/ts: protocol-mismatch', 'test/ts: OK']]);
  });
  it('a disabled TargetServer is not probed, with its reason; nothing probed is exit 2', async () => {
    const dir = project({ test: [{ ...at('test.probe.test', healthy, {}), isEnabled: false }] });
    const { code, rows, stderr } = await probe(dir, [healthy]);
    const why =
      "TargetServer 'ts' is disabled in environment 'test' (isEnabled: false): Apigee sends it no traffic (set isEnabled to true to use and probe it)";
    assert.deepEqual(
      [code, rows.map(verdict), stderr],
      [2, [`test/ts: ${why}`], `apigee-tls-lint: probe: nothing could be probed: 1 connection skipped; ${why}\n`],
    );
  });
  it('TargetServers on localhost without an address override: nothing probed, exit 2 with one line saying why', async () => {
    const dir = project({ test: [at('localhost', healthy, {})], prod: [at('localhost', tls10, {})] });
    const { code, rows, stderr } = await probe(dir, [healthy, tls10]);
    // The refusal names the way out: the address override, in each of the three places it can be given.
    const why = (port: number) =>
      `TargetServer 'ts': 'localhost' is the Apigee runtime itself: a probe from here would reach this machine, not the backend; say where the backend is: --resolve localhost:${port}:ADDRESS (CLI), or {"localhost:${port}": "ADDRESS"} in apigeeTls.probe.resolve (editor) or in "probe": {"resolve": …} of .apigee-tls.json`;
    assert.deepEqual(
      [code, rows.map(verdict), stderr],
      [
        2,
        [`prod/ts: ${why(tls10.port)}`, `test/ts: ${why(healthy.port)}`],
        `apigee-tls-lint: probe: nothing could be probed: 2 connections skipped; ${why(tls10.port)} (and 1 other reason)\n`,
      ],
    );
  });
  it('one connection probed and OK, the other skipped: exit 0; one probed and failing, the other skipped: exit 1', async () => {
    const okDir = project(
      { test: [at('test.probe.test', healthy, { trustStore: 'ref://trust-ref' })], prod: [at('localhost', tls10, {})] },
      stores('test'),
    );
    const ok = await probe(okDir, [healthy]);
    const failDir = project({ test: [at('test.probe.test', tls10, {})], prod: [at('localhost', healthy, {})] });
    const failed = await probe(failDir, [tls10]);
    assert.deepEqual(
      [
        ok.code,
        ok.rows.map((r) => r.diagnosis?.ok ?? null),
        ok.stderr,
        failed.code,
        failed.rows.map((r) => r.diagnosis?.ok ?? null),
        failed.stderr,
      ],
      [0, [null, true], '', 1, [null, false], ''],
    );
  });
  it('--env-config names the configuration elsewhere (--config, its old name, still does and warns); an unknown --env is a usage error', async () => {
    const dir = project({});
    const config = writeTree({ [env('test', 'targetServers.json')]: json([at('test.probe.test', healthy, {})]) }, join(dir, 'elsewhere'));
    const named = await probe(dir, [healthy], '--env-config', config, '--ca', pki.path('root.crt'));
    assert.deepEqual([named.rows.map(verdict), named.stderr], [['test/ts: OK'], '']);
    const legacy = await probe(dir, [healthy], '--config', config, '--ca', pki.path('root.crt'));
    assert.deepEqual(
      [legacy.rows.map(verdict), legacy.stderr],
      [
        ['test/ts: OK'],
        'apigee-tls-lint: probe: --config is deprecated, use --env-config (the environment configuration; --config names .apigee-tls.json in lint)\n',
      ],
    );
    const both = await probe(dir, [healthy], '--config', config, '--env-config', config);
    assert.deepEqual([both.code, both.stderr.trim()], [2, 'apigee-tls-lint: probe: --config is the old name of --env-config: give one']);
    const unknown = await probe(dir, [healthy], '--env', 'nope');
    assert.deepEqual(
      [unknown.code, unknown.stderr.trim()],
      [2, `apigee-tls-lint: probe: no environment 'nope' in the configuration of '${dir}'`],
    );
  });
});
