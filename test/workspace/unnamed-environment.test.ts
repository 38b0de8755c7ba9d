// Layouts that configure an environment they do not name: an edge.template.json (an edge.json whose envConfig key
// and values are @TOKENS@ a build replaces) and apigeecli import files (config/targetservers.json beside the
// bundles). Both are read under an unknown environment, so LoadBalancer targets resolve and the inventory says TLS.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inventory } from '../../server/src/workspace/inventory';
import { checkSpans, expectSpans, json, loadBalanced, server, workspaceOf } from './support/tree';

const T = 'apiproxy/targets/default.xml';
const TEMPLATE =
  '{\n  "version": "1.0",\n  "envConfig": {\n    "@ENV@": {\n      "targetServers": [\n' +
  '        {"name": "backend", "host": "@BACKEND_HOST@", "port": @BACKEND_PORT@, "isEnabled": true, "sSLInfo": {"enabled": "true", "trustStore": "ref://@TRUSTSTORE@"}}\n' +
  '      ]\n    }\n  }\n}\n';

const rows = (files: Record<string, string>) =>
  inventory(workspaceOf(files).ws).map((r) => ({ env: r.env, targetServer: r.targetServer, tls: r.tls, port: r.port }));

describe('configuration for an environment it does not name', () => {
  it('edge.template.json: its TargetServers resolve, in an unknown environment', () => {
    const [f] = checkSpans('unknown-target-server', { [T]: loadBalanced('backend', '«other»'), 'edge.template.json': TEMPLATE });
    assert.equal(f!.message, "No TargetServer 'other' in environment (unknown environment).");
  });
  it('edge.template.json: the inventory says TLS', () =>
    assert.deepEqual(rows({ [T]: loadBalanced('backend'), 'edge.template.json': TEMPLATE }), [
      { env: '(unknown environment)', targetServer: 'backend', tls: true, port: undefined },
    ]));
  it('edge.template.json: bare @TOKENS@ are no lenient-json', () =>
    expectSpans('lenient-json', { [T]: loadBalanced('backend'), 'edge.template.json': TEMPLATE }));
  it('config/targetservers.json beside the bundles: resolves, and the inventory says TLS', () => {
    const files = { [T]: loadBalanced('backend'), 'config/targetservers.json': json([server('backend')]) };
    expectSpans('unknown-target-server', files);
    assert.deepEqual(rows(files), [{ env: '(unknown environment)', targetServer: 'backend', tls: true, port: 443 }]);
  });
  it('config/targetservers.json: a name it lacks is reported', () =>
    expectSpans('unknown-target-server', { [T]: loadBalanced('«nope»'), 'config/targetservers.json': json([server('backend')]) }));
  it('a lower-case targetservers.json in a Maven env folder is still the ignored file, not an import file', () =>
    expectSpans('unknown-target-server', {
      [T]: loadBalanced('backend'),
      'resources/edge/env/test/targetservers.json': json([server('backend')]),
    }));
});
