import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { before, test } from 'node:test';
import { analyseChain, type ChainContext } from '../../server/src/diagnosis/chain';
import { trustFromPem } from '../../server/src/diagnosis/trust';
import { testPki, type Pki } from './support/pki';

let pki: Pki;
let ctx: ChainContext;
before(async () => {
  pki = await testPki();
  ctx = {
    host: 'localhost',
    trust: trustFromPem([{ name: 'root.crt', text: await pki.pem('root.crt') }]),
    policy: { fatal: true, reason: 'test' },
    sniSent: false,
    details: { profile: 'apigeex', host: 'localhost', port: 443 },
    now: new Date(),
  };
});

const der = async (name: string): Promise<Buffer> => new X509Certificate(await pki.pem(`${name}.crt`)).raw;
const codes = async (names: string[], extra: Partial<ChainContext> = {}): Promise<string[]> =>
  analyseChain(await Promise.all(names.map(der)), { ...ctx, ...extra }).causes.map((c) => c.code);

test('leaf + intermediate to a trusted root: nothing to report', async () => assert.deepEqual(await codes(['good', 'inter']), []));
test('leaf + intermediate + root: nothing to report', async () => assert.deepEqual(await codes(['good', 'inter', 'root']), []));
test('a chain sent out of order still validates, with a remark', async () => {
  const analysis = analyseChain([await der('good'), await der('root'), await der('inter')], ctx);
  assert.deepEqual([analysis.causes, analysis.evidence.some((e) => /out of order/.test(e))], [[], true]);
});
test('leaf alone, issued by an intermediate: incomplete chain', async () => assert.deepEqual(await codes(['good']), ['incomplete-chain']));
test('leaf alone, issued by an unknown root: untrusted root', async () => assert.deepEqual(await codes(['lone']), ['untrusted-root']));
test('leaf + unknown root sent: untrusted root', async () => assert.deepEqual(await codes(['lone', 'unknown-root']), ['untrusted-root']));
test('a self-signed leaf', async () => assert.deepEqual(await codes(['self']), ['self-signed-certificate']));
test('a self-signed leaf in the truststore is trusted', async () => {
  assert.deepEqual(await codes(['self'], { trust: trustFromPem([{ name: 'self.crt', text: await pki.pem('self.crt') }]) }), []);
});
test('an expired leaf', async () => assert.deepEqual(await codes(['expired', 'inter']), ['certificate-expired']));
test('a leaf not yet valid', async () => assert.deepEqual(await codes(['future', 'inter']), ['not-yet-valid']));
test('an expired intermediate', async () => assert.deepEqual(await codes(['under-expired', 'expired-inter']), ['certificate-expired']));
test('a leaf expiring in 10 days', async () => assert.deepEqual(await codes(['soon', 'inter']), ['certificate-expires-soon']));
test('a SHA-1 signed leaf', async () => assert.deepEqual(await codes(['sha1', 'inter']), ['weak-signature']));
test('a 1024-bit RSA leaf', async () => assert.deepEqual(await codes(['small', 'inter']), ['weak-key']));
test('a certificate for another name', async () => assert.deepEqual(await codes(['wrong-name', 'inter']), ['hostname-mismatch']));
test('the IP SAN matches an IP host', async () => assert.deepEqual(await codes(['good', 'inter'], { host: '127.0.0.1' }), []));
test('a wildcard SAN matches one label', async () => assert.deepEqual(await codes(['good', 'inter'], { host: 'api.probe.test' }), []));
test('a wildcard SAN does not match two labels', async () =>
  assert.deepEqual(await codes(['good', 'inter'], { host: 'a.b.probe.test' }), ['hostname-mismatch']));
test('SSLInfo CommonName must be the subject CN', async () => {
  assert.deepEqual(await codes(['good', 'inter'], { expectedCommonName: { name: 'api.example.com', wildcardMatch: false } }), [
    'hostname-mismatch',
  ]);
});
test('SSLInfo CommonName equal to the subject CN passes', async () => {
  assert.deepEqual(await codes(['good', 'inter'], { expectedCommonName: { name: 'LOCALHOST', wildcardMatch: false } }), []);
});
test('certificate errors are warnings when SSLInfo ignores them', async () => {
  const analysis = analyseChain([await der('expired'), await der('inter')], {
    ...ctx,
    policy: { fatal: false, reason: 'IgnoreValidationErrors is true' },
  });
  assert.deepEqual(
    analysis.causes.map((c) => [c.code, c.severity, /Not fatal/.test(c.message)]),
    [['certificate-expired', 'warning', true]],
  );
});
test('the chain lists subject, issuer, validity and SHA-256 of each certificate sent', async () => {
  const [leaf] = analyseChain([await der('good'), await der('inter')], ctx).chain;
  assert.deepEqual(Object.keys(leaf!), ['subject', 'issuer', 'notBefore', 'notAfter', 'sha256']);
  assert.deepEqual([leaf!.subject, leaf!.issuer, leaf!.sha256.length], ['CN=localhost', 'CN=Probe Test Intermediate', 64]);
});
test('IgnoreValidationErrors does not hide a name mismatch when SNI is sent', async () => {
  const ignoring = { policy: { fatal: false, reason: 'IgnoreValidationErrors is true' } };
  const severity = async (sniSent: boolean) =>
    analyseChain([await der('wrong-name'), await der('inter')], { ...ctx, ...ignoring, sniSent }).causes[0]!.severity;
  assert.deepEqual([await severity(true), await severity(false)], ['error', 'warning']);
});
