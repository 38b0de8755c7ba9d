// Edge Private Cloud's message processors call backends through the forward proxy of message-processor.properties
// (HTTPClient.proxy.*) when the repository keeps that file: the probe goes the same way, with the file's
// credentials (never in a report), unless use.proxy is false; the explicit setting (probe.runtimeProxy) wins over the
// file. Real tinyproxy (basic authentication, as proxy.user/proxy.password) and openssl s_server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { json } from '../workspace/support/tree';
import { testPki } from './support/pki';
import { probeRuntimeProject, runtimeProject } from './support/runtime-project';
import { startTinyproxy, type RunningProxy } from './support/proxies';
import { certArgs, startOpenssl, type RunningServer } from './support/servers';

let backend: RunningServer;
let mpProxy: RunningProxy;
let otherProxy: RunningProxy;
before(async () => {
  const pki = await testPki();
  [backend, mpProxy, otherProxy] = await Promise.all([
    startOpenssl(certArgs(pki, 'good')),
    startTinyproxy({ basicAuth: { user: 'mpuser', password: 'mp-s3cret' } }),
    startTinyproxy(),
  ]);
});
after(() => Promise.all([backend.stop(), mpProxy.stop(), otherProxy.stop()]));

const bare = (p: RunningProxy): string => `http://127.0.0.1:${p.port}`;

const mpProperties = (p: RunningProxy, useProxy = 'true'): string =>
  [
    `conf_http_HTTPClient.use.proxy=${useProxy}`,
    'conf/http.properties+HTTPClient.proxy.type=HTTP',
    'conf_http_HTTPClient.proxy.host=127.0.0.1',
    `conf_http_HTTPClient.proxy.port=${p.port}`,
    'conf_http_HTTPClient.proxy.user=mpuser',
    'conf_http_HTTPClient.proxy.password=mp-s3cret',
    '',
  ].join('\n');

const project = (properties: string, extra: Record<string, string> = {}): string => runtimeProject(backend.port, properties, extra);
const probe = (dir: string, ...argv: string[]) => probeRuntimeProject<Row>(dir, backend.port, argv);

interface Row {
  env: string;
  diagnosis: {
    proxy: string | null;
    runtimeWay: { runtime: string; proxy: string; source: string; sameWay: boolean } | null;
    causes: { code: string }[];
  };
}

const way = (r: Row) => [r.env, r.diagnosis.proxy, r.diagnosis.runtimeWay?.source ?? null, r.diagnosis.causes.map((c) => c.code).join(',')];
const source = "the message processors' ops/message-processor.properties";

describe("the probe goes through the message processors' forward proxy", () => {
  it('every Edge environment dials through it, with its credentials; the report says so; no password anywhere', async () => {
    const connects = () => mpProxy.log().split(`CONNECT 127.0.0.1:${backend.port} HTTP/1.1`).length - 1;
    const before = connects();
    const { rows, json, text } = await probe(project('', { 'ops/message-processor.properties': mpProperties(mpProxy) }));
    assert.deepEqual(rows.map(way), [
      ['prod', bare(mpProxy), source, 'untrusted-root'],
      ['test', bare(mpProxy), source, 'untrusted-root'],
    ]);
    assert.ok(connects() > before, "the message processors' tinyproxy carried the CONNECT requests to the backend");
    assert.ok(
      text.includes(`the runtime calls it through its forward proxy ${bare(mpProxy)} (${source}); the probe went the same way`),
      text,
    );
    assert.ok(!json.includes('mp-s3cret') && !text.includes('mp-s3cret'), 'no password in a report');
  });
  it('use.proxy false in the TargetEndpoint: direct, past the proxy, as the runtime', async () => {
    const dir = project('<Property name="use.proxy">false</Property>', { 'message-processor.properties': mpProperties(mpProxy) });
    const { rows } = await probe(dir, '--env', 'test');
    assert.deepEqual(
      rows.map((r) => [r.diagnosis.proxy, r.diagnosis.runtimeWay?.runtime, r.diagnosis.runtimeWay?.sameWay]),
      [[null, 'direct', true]],
    );
  });
  it('HTTPClient.use.proxy false on the message processors: no runtime proxy, the probe goes direct', async () => {
    const { rows } = await probe(project('', { 'mp.properties': mpProperties(mpProxy, 'false') }), '--env', 'test');
    assert.deepEqual(rows.map(way), [['test', null, null, 'untrusted-root']]);
  });
  it('the explicit setting (.apigee-tls.json probe.runtimeProxy) wins over the file', async () => {
    const config = json({ probe: { runtimeProxy: bare(otherProxy) } });
    const dir = project('', { 'message-processor.properties': mpProperties(mpProxy), '.apigee-tls.json': config });
    const { rows } = await probe(dir, '--env', 'test');
    assert.deepEqual(rows.map(way), [['test', bare(otherProxy), '"probe.runtimeProxy" of .apigee-tls.json', 'untrusted-root']]);
  });
  it('a proxy type the probe cannot dial is not followed, and the report says why', async () => {
    const file = mpProperties(mpProxy).replace('+HTTPClient.proxy.type=HTTP', '+HTTPClient.proxy.type=HTTPS');
    const { rows, text } = await probe(project('', { 'message-processor.properties': file }), '--env', 'test');
    assert.deepEqual(rows.map(way), [['test', null, null, 'untrusted-root']]);
    assert.match(
      text,
      /the message processors' forward proxy \(message-processor\.properties\) is of type HTTPS: the probe dials HTTP proxies only/,
    );
  });
});
