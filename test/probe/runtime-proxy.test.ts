// The probe goes the way the runtime would: through hybrid's envs[].httpProxy (overrides.yaml) for the connection's
// environment, or the configured runtime proxy (.apigee-tls.json probe.runtimeProxy), unless use.proxy is false.
// Real tinyproxy (with basic authentication, as overrides.yaml's username/password) and openssl s_server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Diagnosis } from '../../server/src/diagnosis/types';
import { summaryOf } from '../../server/src/lsp/probe-service';
import { json } from '../workspace/support/tree';
import { testPki } from './support/pki';
import { probeRuntimeProject, runtimeProject } from './support/runtime-project';
import { startTinyproxy, type RunningProxy } from './support/proxies';
import { certArgs, startOpenssl, type RunningServer } from './support/servers';

let backend: RunningServer;
let runtimeProxy: RunningProxy;
let laptopProxy: RunningProxy;
before(async () => {
  const pki = await testPki();
  [backend, runtimeProxy, laptopProxy] = await Promise.all([
    startOpenssl(certArgs(pki, 'good')),
    startTinyproxy({ basicAuth: { user: 'alice', password: 'runtime-s3cret' } }),
    startTinyproxy(),
  ]);
});
after(() => Promise.all([backend.stop(), runtimeProxy.stop(), laptopProxy.stop()]));

const bare = (p: RunningProxy): string => `http://127.0.0.1:${p.port}`;

const overrides = (p: RunningProxy): string =>
  `envs:\n  - name: test\n    httpProxy:\n      scheme: HTTP\n      host: 127.0.0.1\n      port: ${p.port}\n      username: alice\n      password: runtime-s3cret\n  - name: prod\n`;

const project = (properties: string, extra: Record<string, string> = {}): string => runtimeProject(backend.port, properties, extra);
const probe = (dir: string, ...argv: string[]) => probeRuntimeProject<Row>(dir, backend.port, argv);

interface Row {
  env: string;
  diagnosis: { ok: boolean; proxy: string | null; runtimeWay: unknown; causes: { code: string }[] };
}

const way = (r: Row) => [r.env, r.diagnosis.proxy, r.diagnosis.runtimeWay, r.diagnosis.causes.map((c) => c.code).join(',')];

describe('the probe goes the way the runtime would', () => {
  it("test goes through overrides.yaml's proxy (with its credentials), prod direct; the verdict is the same", async () => {
    const { rows, text } = await probe(project('', { 'overrides.yaml': overrides(runtimeProxy) }));
    const source = 'overrides.yaml envs[test].httpProxy';
    assert.deepEqual(rows.map(way), [
      ['prod', null, null, 'untrusted-root'],
      ['test', bare(runtimeProxy), { runtime: 'proxy', proxy: bare(runtimeProxy), source, sameWay: true }, 'untrusted-root'],
    ]);
    assert.ok(
      text.includes(`the runtime calls it through its forward proxy ${bare(runtimeProxy)} (${source}); the probe went the same way`),
      text,
    );
    assert.ok(!text.includes('runtime-s3cret') && !JSON.stringify(rows).includes('runtime-s3cret'), 'no password in a report');
  });
  it('use.proxy false: the runtime goes direct past its proxy, and so does the probe', async () => {
    const dir = project('<Property name="use.proxy">false</Property>', { 'overrides.yaml': overrides(runtimeProxy) });
    const { rows, text } = await probe(dir, '--env', 'test');
    assert.deepEqual(rows.map(way), [
      [
        'test',
        null,
        { runtime: 'direct', proxy: bare(runtimeProxy), source: 'overrides.yaml envs[test].httpProxy', sameWay: true },
        'untrusted-root',
      ],
    ]);
    assert.match(text, /the runtime calls it directly: use\.proxy false bypasses its forward proxy .*; the probe went the same way/);
  });
  it("use.proxy false from behind this machine's proxy: the probe says it went its own way out", async () => {
    const dir = project('<Property name="use.proxy">false</Property>', { 'overrides.yaml': overrides(runtimeProxy) });
    const { rows } = await probe(dir, '--env', 'test', '--proxy', bare(laptopProxy));
    assert.deepEqual(
      rows.map((r) => [r.diagnosis.proxy, (r.diagnosis.runtimeWay as { sameWay: boolean }).sameWay]),
      [[bare(laptopProxy), false]],
    );
  });
  it("use.proxy true goes through the runtime's proxy, even when this machine has its own", async () => {
    const dir = project('<Property name="use.proxy">true</Property>', { 'overrides.yaml': overrides(runtimeProxy) });
    const { rows } = await probe(dir, '--env', 'test', '--proxy', bare(laptopProxy));
    assert.deepEqual(
      rows.map((r) => r.diagnosis.proxy),
      [bare(runtimeProxy)],
    );
  });
  it('.apigee-tls.json probe.runtimeProxy (Edge Private Cloud) serves every environment', async () => {
    const config = json({ probe: { runtimeProxy: `http://alice:runtime-s3cret@127.0.0.1:${runtimeProxy.port}` } });
    const { rows } = await probe(project('', { '.apigee-tls.json': config }));
    assert.deepEqual(
      rows.map((r) => [r.env, r.diagnosis.proxy, (r.diagnosis.runtimeWay as { source: string }).source]),
      [
        ['prod', bare(runtimeProxy), `"probe.runtimeProxy" of .apigee-tls.json`],
        ['test', bare(runtimeProxy), `"probe.runtimeProxy" of .apigee-tls.json`],
      ],
    );
  });
});

describe("the lens title says the runtime's way", () => {
  const base = { target: { host: 'h', port: 443, sni: 'h' }, ok: true, causes: [], negotiated: { protocol: 'TLSv1.3', cipher: 'x' } };
  const d = (extra: object) =>
    ({
      ...base,
      server: { protocols: {}, sniRequired: null, clientCertificate: null },
      chain: [],
      elapsedMs: 7,
      evidence: [],
      ...extra,
    }) as unknown as Diagnosis;
  const way = (runtime: 'proxy' | 'direct', sameWay: boolean) => ({ runtime, proxy: 'http://p:3128', source: 's', sameWay });
  it("through the runtime's proxy", () =>
    assert.equal(
      summaryOf(d({ proxy: 'http://p:3128', runtimeWay: way('proxy', true) })),
      "TLS OK · TLSv1.3 · 7 ms · via the runtime's proxy http://p:3128",
    ));
  it('direct as the runtime, past its proxy', () =>
    assert.equal(summaryOf(d({ runtimeWay: way('direct', true) })), 'TLS OK · TLSv1.3 · 7 ms · direct, as the runtime (use.proxy false)'));
  it("this machine's proxy when the runtime goes direct", () =>
    assert.equal(
      summaryOf(d({ proxy: 'http://laptop:8080', runtimeWay: way('direct', false) })),
      'TLS OK · TLSv1.3 · 7 ms · via proxy http://laptop:8080',
    ));
});
