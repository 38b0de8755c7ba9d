import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findConnections } from '../../server/src/documents/connection';
import { parseXml } from '../../server/src/documents/xml/document';
import { planConnection, type ConnectionPlan, type PlanOptions } from '../../server/src/probe/from-sslinfo';

function plan(connectionXml: string, options: Partial<PlanOptions> = {}): ConnectionPlan {
  const [connection] = findConnections(parseXml(`<TargetEndpoint name="default">${connectionXml}</TargetEndpoint>`));
  return planConnection(connection!, { profile: 'apigeex', sniOff: false, ...options });
}
const target = (url: string, ssl = ''): string => `<HTTPTargetConnection>${ssl}<URL>${url}</URL></HTTPTargetConnection>`;
const request = (p: ConnectionPlan) => {
  assert.ok(p.probeable, p.probeable ? '' : p.reason);
  return p.request;
};

test('host and port come from the URL; 443 by default', () => {
  assert.deepEqual(
    [request(plan(target('https://api.example.com:8443/v1'))).port, request(plan(target('https://api.example.com/v1'))).port],
    [8443, 443],
  );
});
test('SNI is the URL host', () => assert.equal(request(plan(target('https://API.example.com'))).sni, 'api.example.com'));
test('no SNI for an IP address', () => assert.equal(request(plan(target('https://10.0.0.1/'))).sni, null));
test('no SNI when Edge message processors have it off', () =>
  assert.equal(request(plan(target('https://api.example.com'), { profile: 'edge', sniOff: true })).sni, null));
test('no SSLInfo on Apigee X: TLSv1.2 and TLSv1.3 with a modern Java suite list', () => {
  const r = request(plan(target('https://api.example.com')));
  assert.deepEqual([r.protocols, r.ciphers.includes('TLS_AES_256_GCM_SHA384')], [['TLSv1.2', 'TLSv1.3'], true]);
});
test("no SSLInfo on Edge: TLSv1.2 with Java 8's suites", () => {
  const r = request(plan(target('https://api.example.com'), { profile: 'edge' }));
  assert.deepEqual([r.protocols, r.ciphers.some((c) => c.startsWith('TLS_AES'))], [['TLSv1.2'], false]);
});
test('Protocols and Ciphers pin what is offered', () => {
  const r = request(
    plan(
      target(
        'https://h.example',
        '<SSLInfo><Protocols><Protocol>TLSv1.2</Protocol></Protocols><Ciphers><Cipher>TLS_RSA_WITH_AES_128_CBC_SHA</Cipher></Ciphers></SSLInfo>',
      ),
    ),
  );
  assert.deepEqual([r.protocols, r.ciphers], [['TLSv1.2'], ['TLS_RSA_WITH_AES_128_CBC_SHA']]);
});
test('on Apigee X a cipher list does not switch off the TLS 1.3 suites', () => {
  const r = request(
    plan(target('https://h.example', '<SSLInfo><Ciphers><Cipher>TLS_RSA_WITH_AES_128_CBC_SHA</Cipher></Ciphers></SSLInfo>')),
  );
  assert.deepEqual(r.ciphers.slice(-2), ['TLS_CHACHA20_POLY1305_SHA256', 'TLS_RSA_WITH_AES_128_CBC_SHA']);
});
test('IgnoreValidationErrors=true makes certificate problems non-fatal', () => {
  assert.equal(
    request(plan(target('https://h.example', '<SSLInfo><IgnoreValidationErrors>true</IgnoreValidationErrors></SSLInfo>'))).certificatePolicy
      .fatal,
    false,
  );
});
test('certificate problems are fatal by default', () =>
  assert.equal(request(plan(target('https://h.example', '<SSLInfo/>'))).certificatePolicy.fatal, true));
test('CommonName and wildcardMatch become the name expectation', () => {
  const r = request(plan(target('https://h.example', '<SSLInfo><CommonName wildcardMatch="true">h.example</CommonName></SSLInfo>')));
  assert.deepEqual(r.expectedCommonName, { name: 'h.example', wildcardMatch: true });
});
test('ClientAuthEnabled is carried over', () => {
  assert.equal(
    request(plan(target('https://h.example', '<SSLInfo><ClientAuthEnabled>true</ClientAuthEnabled></SSLInfo>'))).clientAuthEnabled,
    true,
  );
});
test('a {variable} in the URL is not probeable, and says why', () => {
  assert.deepEqual(plan(target('https://{backend.host}/v1')), {
    probeable: false,
    reason:
      "the URL 'https://{backend.host}/v1' holds a variable: the backend is only known at run time; probe the real backend with `apigee-tls-lint probe https://HOST:PORT`",
  });
});
test('a {{ template }} in the URL is not probeable', () => assert.equal(plan(target('https://{{ host }}/v1')).probeable, false));
test('an http URL is not probeable', () =>
  assert.match((plan(target('http://h.example')) as { reason: string }).reason, /not an https URL/));
test('a LoadBalancer target is not probeable, pointing at its TargetServers', () => {
  const p = plan('<HTTPTargetConnection><LoadBalancer><Server name="ts1"/></LoadBalancer></HTTPTargetConnection>');
  assert.match((p as { reason: string }).reason, /LoadBalancer/);
});
test('Protocols Apigee cannot use: the call cannot be made as configured, and the defaults ask what the backend accepts', () => {
  const only = (protocol: string, profile: 'apigeex' | 'edge' = 'apigeex') => {
    const p = plan(target('https://h.example', `<SSLInfo><Protocols><Protocol>${protocol}</Protocol></Protocols></SSLInfo>`), { profile });
    return p.probeable ? [p.request.protocols.join(','), p.request.unusable?.reason ?? null] : p.reason;
  };
  assert.deepEqual(only('TLSv1.0'), ['TLSv1.2,TLSv1.3', 'SSLInfo <Protocols> names no protocol Apigee X can use (TLSv1.0)']);
  assert.deepEqual(only('TLSv1'), ['TLSv1.2,TLSv1.3', 'SSLInfo <Protocols> names no protocol Apigee X can use (TLSv1)']);
  assert.deepEqual(only('TLSv1', 'edge'), ['TLSv1', null]);
});
