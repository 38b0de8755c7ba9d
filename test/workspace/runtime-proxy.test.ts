// Apigee hybrid's `envs[].httpProxy` (overrides.yaml) in the workspace model, per environment, and the
// hybrid-proxy-scheme rule at the scheme's exact value.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify } from '../../server/src/workspace/layout';
import { readRuntimeProxies } from '../../server/src/workspace/runtime-proxy';
import { checkSpans, expectSpans, json, server, workspaceOf } from './support/tree';

const overrides = (scheme: string): string =>
  `envs:\n  - name: test\n    httpProxy:\n      scheme: ${scheme}\n      host: proxy.corp.example\n      port: 3128\n      username: alice\n      password: s3cr3t\n  - name: prod\n`;

const maven = {
  'pom.xml': '<project/>',
  'resources/edge/env/test/targetServers.json': json([server('ts')]),
  'resources/edge/env/prod/targetServers.json': json([server('ts')]),
};

describe('hybrid overrides: the runtime forward proxy per environment', () => {
  it('any *overrides*.yaml/.yml is a hybrid overrides file', () => {
    assert.deepEqual(classify('hybrid/overrides.yaml'), { kind: 'hybrid-overrides' });
    assert.deepEqual(classify('overrides-prod.yml'), { kind: 'hybrid-overrides' });
    assert.equal(classify('values.yaml'), undefined);
  });
  it('reads scheme, host, port and username at their spans; the password only as present', () => {
    const text = overrides('HTTP');
    const [def, ...rest] = readRuntimeProxies(text, 'overrides.yaml');
    const at = (span: { start: number; end: number }) => text.slice(span.start, span.end);
    assert.equal(rest.length, 0, 'prod has no httpProxy');
    assert.deepEqual(
      [def!.env, at(def!.scheme!.span), at(def!.host!.span), def!.port?.value, at(def!.port!.span), def!.username?.value, def!.hasPassword],
      ['test', 'HTTP', 'proxy.corp.example', 3128, '3128', 'alice', true],
    );
    assert.ok(!JSON.stringify(def).includes('s3cr3t'), 'the password is not in the model');
  });
  it('joins the environment of that name in the workspace; other environments have none', () => {
    const { ws } = workspaceOf({ ...maven, 'hybrid/overrides.yaml': overrides('HTTP') });
    const byEnv = Object.fromEntries(ws.allEnvironments().map((e) => [e.env, e.runtimeProxy?.host?.value ?? null]));
    assert.deepEqual(byEnv, { prod: null, test: 'proxy.corp.example' });
  });
  it('creates no environment of its own (an environment only the overrides name is not judged)', () => {
    const { ws } = workspaceOf({ ...maven, 'overrides.yaml': overrides('HTTP').replace('name: test', 'name: staging') });
    assert.deepEqual(
      ws.allEnvironments().map((e) => [e.env, e.runtimeProxy]),
      [
        ['prod', undefined],
        ['test', undefined],
      ],
    );
  });
  it('bad YAML, no envs, envs not a list: no proxy, no exception', () => {
    for (const text of ['envs: [', 'envs: 3', 'x: 1', '', '- a', 'envs:\n  - httpProxy: {host: p}\n'])
      assert.deepEqual(readRuntimeProxies(text, 'o.yaml'), [], text);
  });
});

describe('hybrid-proxy-scheme', () => {
  const marked = (scheme: string) => ({ ...maven, 'overrides.yaml': overrides(scheme) });
  it('flags http at its exact value, with the fix to HTTP', () => {
    const [finding] = checkSpans('hybrid-proxy-scheme', marked('«http»'));
    assert.deepEqual(
      finding!.fixes?.map((f) => [f.title, f.edits.map((e) => e.newText)]),
      [['Change to HTTP', ['HTTP']]],
    );
  });
  it('flags HTTPS without a fix', () => assert.deepEqual(checkSpans('hybrid-proxy-scheme', marked('«HTTPS»'))[0]!.fixes ?? [], []));
  it('HTTP is clean', () => expectSpans('hybrid-proxy-scheme', marked('HTTP')));
  it('no scheme is not this rule', () =>
    expectSpans('hybrid-proxy-scheme', { ...maven, 'overrides.yaml': overrides('HTTP').replace('      scheme: HTTP\n', '') }));
});
