// Edge Private Cloud's message-processor.properties forward proxy (HTTPClient.proxy.*) in the workspace model:
// read at exact spans (the password only as present), installation-wide over the Edge environments of its folder,
// and the mp-proxy-config rule at the value.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify } from '../../server/src/workspace/layout';
import { messageProcessorCredentials, readMessageProcessorProxy } from '../../server/src/workspace/mp-proxy';
import { checkSpans, expectSpans, json, server, workspaceOf } from './support/tree';

const mp = [
  '# /opt/apigee/customer/application/message-processor.properties',
  'conf_http_HTTPClient.use.proxy=true',
  'conf_http_HTTPClient.use.tunneling=false',
  'conf/http.properties+HTTPClient.proxy.type=HTTP',
  'conf_http_HTTPClient.proxy.host = proxy.corp.example',
  'conf_http_HTTPClient.proxy.port=3128',
  'conf_http_HTTPClient.proxy.user=alice',
  'conf_http_HTTPClient.proxy.password=mp-s3cr3t',
  '',
].join('\n');

const maven = {
  'pom.xml': '<project/>',
  'resources/edge/env/test/targetServers.json': json([server('ts')]),
  'resources/edge/env/prod/targetServers.json': json([server('ts')]),
};

describe('message-processor.properties: the Edge runtime forward proxy', () => {
  it('message-processor.properties, *message-processor*.properties and mp.properties are its files', () => {
    for (const path of [
      'message-processor.properties',
      'edge/prod-message-processor.properties',
      'mp.properties',
      'config/mp-prod.properties',
    ])
      assert.deepEqual(classify(path), { kind: 'mp-properties' }, path);
    for (const path of ['router.properties', 'dump.properties', 'apiproxy/resources/properties/mp.properties'])
      assert.notDeepEqual(classify(path), { kind: 'mp-properties' }, path);
  });
  it('reads use.proxy, type, host, port and user at their spans (both key forms); the password only as present', () => {
    const def = readMessageProcessorProxy(mp, 'mp.properties')!;
    const at = (span: { start: number; end: number }) => mp.slice(span.start, span.end);
    assert.deepEqual(
      [
        at(def.useProxy!.span),
        at(def.type!.span),
        at(def.host!.span),
        def.port?.value,
        at(def.port!.span),
        def.user?.value,
        def.hasPassword,
      ],
      ['true', 'HTTP', 'proxy.corp.example', 3128, '3128', 'alice', true],
    );
    assert.equal(mp.indexOf('proxy.corp.example'), def.host!.span.start);
    assert.ok(!JSON.stringify(def).includes('mp-s3cr3t'), 'the password is not in the model');
    assert.deepEqual(messageProcessorCredentials(mp), { user: 'alice', password: 'mp-s3cr3t' });
  });
  it('a file without HTTPClient proxy keys, bad text: no proxy, no exception', () => {
    for (const text of ['', 'conf_message-processor_x=1', '=\n:\\\n', 'conf_http_HTTPClient.use.tunneling=false'])
      assert.equal(readMessageProcessorProxy(text, 'mp.properties'), undefined, text);
  });
  it('joins every environment of its workspace folder (installation-wide), and says Private Cloud', () => {
    const { ws } = workspaceOf({ ...maven, 'ops/message-processor.properties': mp });
    assert.deepEqual(
      ws.allEnvironments().map((e) => [e.env, e.mpProxy?.host?.value]),
      [
        ['prod', 'proxy.corp.example'],
        ['test', 'proxy.corp.example'],
      ],
    );
  });
  it('an environment a hybrid overrides file names is not Edge: it takes no message-processor proxy', () => {
    const { ws } = workspaceOf({ ...maven, 'mp.properties': mp, 'overrides.yaml': 'org: o\nenvs:\n  - name: test\n' });
    assert.deepEqual(
      ws.allEnvironments().map((e) => [e.env, e.mpProxy?.host?.value ?? null]),
      [
        ['prod', 'proxy.corp.example'],
        ['test', null],
      ],
    );
  });
});

describe('mp-proxy-config', () => {
  const file = (lines: string) => ({ ...maven, 'message-processor.properties': lines });
  it('flags a type other than HTTP or HTTPS at its value', () =>
    expectSpans('mp-proxy-config', file('conf_http_HTTPClient.proxy.type=«SOCKS5»\nconf_http_HTTPClient.proxy.host=p\n')));
  it('HTTP, https and no type are clean', () => {
    for (const type of ['HTTP', 'https'])
      expectSpans('mp-proxy-config', file(`conf_http_HTTPClient.proxy.type=${type}\nconf_http_HTTPClient.proxy.host=p\n`));
    expectSpans('mp-proxy-config', file('conf_http_HTTPClient.use.proxy=true\nconf_http_HTTPClient.proxy.host=p\n'));
  });
  it('flags use.proxy true without a host at the value', () => {
    const [finding] = checkSpans('mp-proxy-config', file('conf_http_HTTPClient.use.proxy=«true»\nconf_http_HTTPClient.proxy.port=3128\n'));
    assert.match(finding!.message, /no HTTPClient\.proxy\.host is set/);
  });
  it('flags use.proxy that is not true or false', () =>
    expectSpans('mp-proxy-config', file('conf_http_HTTPClient.use.proxy=«yes»\nconf_http_HTTPClient.proxy.host=p\n')));
  it('use.proxy false without a host is clean', () => expectSpans('mp-proxy-config', file('conf_http_HTTPClient.use.proxy=false\n')));
});
