// TargetServer JSON: each sSLInfo is judged by the same rules, at the JSON value; only in-place fixes apply.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/lint/fix-all';
import { parseJson } from '../../server/src/documents/json/json-document';
import { findTargetServerConnections } from '../../server/src/documents/json/target-servers';
import { lintText } from '../../server/src/lint/lint';
import { planConnection, type ConnectionPlan } from '../../server/src/probe/from-sslinfo';
import { expectSpans } from '../support/lint-cases';

/** A targetServers.json (apigee-config-maven-plugin shape) with this sSLInfo body. */
const servers = (ssl: string, host = 'api.example.com', port = '443'): string =>
  `[\n  {\n    "name": "backend",\n    "host": "${host}",\n    "isEnabled": true,\n    "port": ${port},\n    "sSLInfo": {\n${ssl}\n    }\n  }\n]\n`;
const base = '      "enabled": "true", "enforce": true, "trustStore": "ref://ts"';

describe('TargetServer JSON', () => {
  it('flags an obsolete protocol', () => expectSpans('obsolete-protocol', servers(`${base}, "protocols": ["«TLSv1.1»", "TLSv1.2"]`)));
  it('flags an OpenSSL cipher name', () => expectSpans('unknown-cipher', servers(`${base}, "ciphers": ["«ECDHE-RSA-AES128-GCM-SHA256»"]`)));
  it('flags ignoreValidationErrors as a JSON boolean', () =>
    expectSpans('ignore-validation-errors', servers(`${base}, "ignoreValidationErrors": «true»`)));
  it('flags a literal truststore name', () =>
    expectSpans('store-not-reference', servers('      "enabled": true, "enforce": true, "trustStore": "«ts»"')));
  it('flags a missing truststore at the sSLInfo key', () =>
    expectSpans('missing-truststore', servers('      "enabled": true, "enforce": true').replace('"sSLInfo"', '«"sSLInfo"»')));
  it('compares commonName with the host', () =>
    expectSpans('commonname-mismatch', servers(`${base}, "commonName": {"value": "«other.example.org»", "wildcardMatch": false}`)));
  it('honours wildcardMatch', () =>
    expectSpans('commonname-mismatch', servers(`${base}, "commonName": {"value": "*.example.com", "wildcardMatch": true}`)));
  it('flags client auth without a key alias', () =>
    expectSpans('client-auth-incomplete', servers(`${base}, "clientAuthEnabled": «true», "keyStore": "ref://ks"`)));
  it('leaves a Maven @token@ alone', () =>
    expectSpans('invalid-boolean', servers('      "enabled": "@TargetSSL@", "trustStore": "ref://ts"')));
  it('finds servers nested in edge.json', () =>
    expectSpans(
      'obsolete-protocol',
      `{"envConfig": {"test": {"targetServers": [{"name": "a", "host": "a.b", "sSLInfo": {"enabled": "true", "protocols": ["«SSLv3»"]}}]}}}`,
    ));
  it('ignores JSON that holds no TargetServer', () => assert.deepEqual(lintText('{"name": "x", "protocols": ["TLSv1"]}'), []));
  it('reports malformed JSON where it fails', () => expectSpans('json-syntax', '[{"host": "a", "sSLInfo": {"protocols": ["TLSv1"«»'));
  it('reports an edge.json that starts with a comment (a real NHS-style file)', () =>
    expectSpans('json-syntax', '«// A simple edge.json for the test environment»\n{"envConfig": {"test": {"targetServers": []}}}\n'));
  it('reports a trailing comma (the Maven plugin sample aliases.json) as a warning, at the comma', () => {
    expectSpans('json-syntax', '[\n  {"alias": "a", "keystorename": "ks", "format": "selfsignedcert"}«,»\n]\n');
    assert.equal(lintText('[{"alias": "a"},\n]')[0]?.severity, 'warning');
  });
  it('reports a missing comma between servers (pingstatus keystores.json) as a warning', () =>
    expectSpans('json-syntax', '[\n  {"name": "ks1"}\n  «{»"name": "ks2"}\n]\n'));
  it('reports an unreplaced @TOKEN@ as info', () => {
    expectSpans('json-syntax', '[{"name": "ts", "host": "h", "port": «@PORT@»}]');
    assert.equal(lintText('[{"name": "ts", "host": "h", "port": @PORT@}]')[0]?.severity, 'info');
  });
  it('an empty trustStore counts as none (6 real TargetServers)', () =>
    expectSpans('missing-truststore', servers('      "enabled": "true", «"trustStore"»: ""'), { profile: 'edge' }));
  it('an empty keyStore is no client key', () => expectSpans('unused-client-key', servers(`${base}, "keyStore": "", "keyAlias": " "`)));
  it('keeps in-place fixes and drops the XML-shaped ones', () => {
    const text = servers(`${base}, "protocols": ["TLSv1.1"], "ignoreValidationErrors": true`);
    const findings = lintText(text);
    const titles = findings.flatMap((f) => f.fixes.map((x) => `${f.ruleId}: ${x.title}`));
    assert.deepEqual(titles, [
      'obsolete-protocol: Replace TLSv1.1 with TLSv1.2',
      'ignore-validation-errors: Set IgnoreValidationErrors to false',
    ]);
    const fixed = applyEdits(
      text,
      findings.flatMap((f) => f.fixes[0]!.edits),
    );
    assert.match(fixed, /"protocols": \["TLSv1.2"\], "ignoreValidationErrors": false/);
    assert.doesNotThrow(() => JSON.parse(fixed));
  });
});

describe('TargetServer JSON wording', () => {
  const messageOf = (ruleId: string, text: string): string => lintText(text).find((f) => f.ruleId === ruleId)?.message ?? '';
  it('names JSON keys, not XML elements', () => {
    assert.match(
      messageOf('unused-client-key', servers(`${base}, "keyStore": "ref://ks", "keyAlias": "a"`)),
      /^"keyStore" is set but "clientAuthEnabled" is not true/,
    );
    assert.match(messageOf('enforce-not-set', servers('      "enabled": true, "trustStore": "ref://ts"')), /^No "enforce": true: /);
    assert.match(
      messageOf('missing-truststore', servers('      "enabled": true, "enforce": true')),
      /^TLS without a TrustStore: with "enforce": true Apigee X .* add "trustStore": "ref:\/\/…" holding that CA\.$/,
    );
    assert.match(
      messageOf('ignore-validation-errors', servers(`${base}, "ignoreValidationErrors": true`)),
      /^"ignoreValidationErrors": true has no effect while "enforce": true/,
    );
  });
});

describe('TargetServer probe plans', () => {
  const planOf = (text: string): ConnectionPlan =>
    planConnection(findTargetServerConnections(parseJson(text)!)[0]!, { profile: 'apigeex', sniOff: false });
  const hostPort = (p: ConnectionPlan): string => (p.probeable ? `${p.request.host}:${p.request.port}` : p.reason);
  it('probes the TargetServer port', () =>
    assert.equal(hostPort(planOf(servers(base, 'api.example.com', '8443'))), 'api.example.com:8443'));
  it('takes a port written as a string', () =>
    assert.equal(hostPort(planOf(servers(base, 'api.example.com', '"8443"'))), 'api.example.com:8443'));
  it('probes 443 without a port', () =>
    assert.equal(hostPort(planOf(`[{"host": "api.example.com", "sSLInfo": {${base}}}]`)), 'api.example.com:443'));
  it('probes an IPv6 host on its port', () => assert.equal(hostPort(planOf(servers(base, '::1', '8443'))), '::1:8443'));
  it('does not guess a templated port', () =>
    assert.match(hostPort(planOf(servers(base, 'api.example.com', '"@port@"'))), /holds a variable/));
});
