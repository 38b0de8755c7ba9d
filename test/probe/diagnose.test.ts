// Every cause against a real local server (openssl s_server, nginx), with the test PKI.
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { before, test } from 'node:test';
import { defaultOffer } from '../../server/src/tls/java';
import { diagnose } from '../../server/src/probe/diagnose';
import type { Diagnosis, ProbeRequest } from '../../server/src/probe/types';
import { trustFromPem } from '../../server/src/diagnosis/trust';
import { testPki, type Pki } from './support/pki';
import { localRequest } from './support/requests';
import {
  certArgs,
  freePort,
  startDefaultCertificateNginx,
  startOpenssl,
  startSniRequiredNginx,
  type RunningServer,
} from './support/servers';

let pki: Pki;
before(async () => {
  pki = await testPki();
});

async function against(start: () => Promise<RunningServer>, overrides: Partial<ProbeRequest> = {}): Promise<Diagnosis> {
  const server = await start();
  try {
    return await diagnose(await localRequest(pki, server.port, overrides));
  } finally {
    await server.stop();
  }
}
const openssl = (args: () => string[]) => () => startOpenssl(args());
const codes = (d: Diagnosis): string[] => d.causes.map((c) => c.code);
const clientAuth = (...extra: string[]) =>
  openssl(() => [...certArgs(pki, 'good'), '-Verify', '1', '-verify_return_error', '-CAfile', pki.path('root.crt'), ...extra]);
const trusting = async (name: string): Promise<Partial<ProbeRequest>> => ({
  trust: trustFromPem([{ name: `${name}.crt`, text: await pki.pem(`${name}.crt`) }]),
});
const clientCertificate = async (name: string) => ({
  cert: await pki.pem(`${name}.crt`),
  key: createPrivateKey(await pki.pem(`${name}.key`)),
});

test('a healthy server: ok, TLS 1.3 negotiated, chain of two, no cause', async () => {
  const d = await against(openssl(() => certArgs(pki, 'good')));
  assert.deepEqual(
    [d.ok, codes(d), d.negotiated?.protocol, d.chain.length, d.server.clientCertificate, d.server.sniRequired],
    [true, [], 'TLSv1.3', 2, 'none', false],
  );
});

test('a TLS 1.0-only server: protocol mismatch, and TLS 1.0 flagged obsolete', async () => {
  const d = await against(openssl(() => [...certArgs(pki, 'good'), '-tls1', '-cipher', 'DEFAULT@SECLEVEL=0']));
  assert.deepEqual(
    [d.ok, codes(d), d.server.protocols],
    [false, ['protocol-mismatch', 'obsolete-protocol-accepted'], { TLSv1: true, 'TLSv1.1': false, 'TLSv1.2': false, 'TLSv1.3': false }],
  );
  // The default profile is Apigee X: no Edge setting in its advice.
  assert.equal(d.causes[0]!.fix, 'Upgrade the backend to TLSv1.2 or later: Apigee X cannot use TLS 1.0/1.1.');
  // A TLS 1.2 hello answered with TLS 1.0 is not "accepted".
  assert.match(
    d.evidence.join('\n'),
    /TLSv1 accepted; TLSv1\.1 not supported \(answered with TLSv1\); TLSv1\.2 not supported \(answered with TLSv1\)/,
  );
});

test('a TLS 1.0-only server answering an Edge TLS 1.2 offer with TLS 1.0: protocol mismatch, nothing negotiated', async () => {
  const d = await against(
    openssl(() => [...certArgs(pki, 'good'), '-tls1', '-cipher', 'DEFAULT@SECLEVEL=0']),
    { ...defaultOffer('edge'), profile: 'edge' },
  );
  assert.match(d.evidence[0]!, /: accepted \(TLSv1, /);
  assert.deepEqual([d.ok, codes(d), d.negotiated], [false, ['protocol-mismatch', 'obsolete-protocol-accepted'], null]);
  assert.equal(d.causes[0]!.fix, 'Upgrade the backend to TLSv1.2 (recommended), or add <Protocol>TLSv1</Protocol> to SSLInfo <Protocols>.');
});

test('a TLS 1.3-only server and an Edge (Java 8, TLS 1.2) offer: protocol mismatch', async () => {
  const d = await against(
    openssl(() => [...certArgs(pki, 'good'), '-tls1_3']),
    { ...defaultOffer('edge'), profile: 'edge' },
  );
  assert.deepEqual(codes(d), ['protocol-mismatch']);
});

test('a TLS 1.2 server with only CAMELLIA (Java has none): cipher mismatch, fixed on the backend, not in <Ciphers>', async () => {
  const d = await against(openssl(() => [...certArgs(pki, 'good'), '-no_tls1_3', '-cipher', 'CAMELLIA256-SHA']));
  assert.deepEqual(codes(d), ['cipher-mismatch']);
  assert.match(
    d.causes[0]!.message,
    /it chose TLS_RSA_WITH_CAMELLIA_256_CBC_SHA; offered every suite Java implements, it refused with alert handshake_failure \(40\)\.$/,
  );
  assert.equal(
    d.causes[0]!.fix,
    'Enable a suite Java supports on the backend (e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 / TLS_AES_128_GCM_SHA256): it accepts none of the suites Java (so Apigee) implements, so no SSLInfo <Ciphers> can help.',
  );
});

test('a TLS 1.2 server with one Java suite SSLInfo <Ciphers> leaves out: cipher mismatch, add that suite', async () => {
  const d = await against(
    openssl(() => [...certArgs(pki, 'good'), '-no_tls1_3', '-cipher', 'AES256-SHA']),
    {
      protocols: ['TLSv1.2'],
      ciphers: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'],
    },
  );
  assert.deepEqual(codes(d), ['cipher-mismatch']);
  assert.match(d.causes[0]!.fix, /^Add <Cipher>TLS_RSA_WITH_AES_256_CBC_SHA<\/Cipher>/);
});

test('a server preferring CAMELLIA that also has a Java suite: cipher mismatch, add the suite it chose from those Java implements', async () => {
  const d = await against(
    openssl(() => [...certArgs(pki, 'good'), '-no_tls1_3', '-serverpref', '-cipher', 'CAMELLIA256-SHA:AES256-SHA']),
    { protocols: ['TLSv1.2'], ciphers: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'] },
  );
  assert.deepEqual(codes(d), ['cipher-mismatch']);
  assert.match(
    d.causes[0]!.message,
    /it chose TLS_RSA_WITH_CAMELLIA_256_CBC_SHA; offered every suite Java implements, it chose TLS_RSA_WITH_AES_256_CBC_SHA\.$/,
  );
  assert.match(
    d.causes[0]!.fix,
    /^Add <Cipher>TLS_RSA_WITH_AES_256_CBC_SHA<\/Cipher> \(the suite the backend chose when offered every suite Java implements\)/,
  );
});

test('a refused offer and a chain without its intermediate: the refusal, then the chain as a warning from the other answer', async () => {
  const d = await against(openssl(() => [...certArgs(pki, 'good', false), '-no_tls1_3', '-cipher', 'CAMELLIA256-SHA']));
  assert.deepEqual(
    d.causes.map((c) => [c.code, c.severity]),
    [
      ['cipher-mismatch', 'error'],
      ['incomplete-chain', 'warning'],
    ],
  );
  assert.match(
    d.causes[1]!.message,
    /^Next, once the handshake succeeds \(seen in the backend's answer to a TLSv1\.2 hello\): The backend sends only its leaf/,
  );
  assert.deepEqual([d.chain.length, d.evidence.includes("The chain shown is from the backend's answer to a TLSv1.2 hello.")], [1, true]);
});

test('a TLS 1.0-only server with an expired certificate: protocol mismatch, and the expiry from its TLSv1 answer as a warning', async () => {
  const d = await against(openssl(() => [...certArgs(pki, 'expired'), '-tls1', '-cipher', 'DEFAULT@SECLEVEL=0']));
  assert.deepEqual(
    d.causes.map((c) => [c.code, c.severity]),
    [
      ['protocol-mismatch', 'error'],
      ['certificate-expired', 'warning'],
      ['obsolete-protocol-accepted', 'warning'],
    ],
  );
  assert.match(
    d.causes[1]!.message,
    /^Next, once the handshake succeeds \(seen in the backend's answer to a TLSv1 hello\): The certificate 'CN=localhost' expired/,
  );
});

test('a TLS 1.3 server with only CCM_8: cipher mismatch, and no <Cipher> advice (Java has no CCM)', async () => {
  const d = await against(openssl(() => [...certArgs(pki, 'good'), '-tls1_3', '-ciphersuites', 'TLS_AES_128_CCM_8_SHA256']));
  assert.deepEqual(codes(d), ['cipher-mismatch']);
  assert.match(d.causes[0]!.message, /it chose TLS_AES_128_CCM_8_SHA256; offered every suite Java implements, it refused/);
  assert.match(d.causes[0]!.fix, /^Enable a suite Java supports on the backend .*accepts none of the suites Java \(so Apigee\) implements/);
});

test('TLS 1.2 client certificate required (looks like a cipher mismatch to Apigee): client-certificate-required', async () => {
  const d = await against(clientAuth('-no_tls1_3'));
  assert.deepEqual(
    [codes(d), d.server.clientCertificate, d.negotiated?.protocol],
    [['client-certificate-required'], 'required', 'TLSv1.2'],
  );
});

test('TLS 1.3 client certificate required (refused after the handshake): client-certificate-required', async () => {
  const d = await against(clientAuth());
  assert.deepEqual(
    [codes(d), d.server.clientCertificate, d.negotiated?.protocol],
    [['client-certificate-required'], 'required', 'TLSv1.3'],
  );
  assert.match(d.causes[0]!.message, /certificate_required \(116\)/);
});

test('an optional client certificate: ok, reported optional', async () => {
  const d = await against(openssl(() => [...certArgs(pki, 'good'), '-verify', '1', '-CAfile', pki.path('root.crt')]));
  assert.deepEqual([d.ok, d.server.clientCertificate], [true, 'optional']);
});

test('a client certificate the server trusts: ok', async () => {
  const d = await against(clientAuth(), { clientAuthEnabled: true, clientCertificate: await clientCertificate('client') });
  assert.deepEqual([d.ok, codes(d), d.server.clientCertificate], [true, [], 'required']);
});

test('a client certificate from a CA the server does not trust: client-certificate-rejected (TLS 1.2)', async () => {
  const d = await against(clientAuth('-no_tls1_3'), { clientAuthEnabled: true, clientCertificate: await clientCertificate('stranger') });
  assert.deepEqual(codes(d), ['client-certificate-rejected']);
});

test('a client certificate from a CA the server does not trust: client-certificate-rejected (TLS 1.3)', async () => {
  const d = await against(clientAuth(), { clientAuthEnabled: true, clientCertificate: await clientCertificate('stranger') });
  assert.deepEqual(codes(d), ['client-certificate-rejected']);
});

test('an SNI-only server and no SNI (Edge MPs by default): sni-required', async () => {
  const d = await against(() => startSniRequiredNginx(pki), { sni: null });
  assert.deepEqual([codes(d), d.server.sniRequired], [['sni-required'], true]);
  assert.match(d.causes[0]!.fix, /conf_system_jsse\.enableSNIExtension=true/);
});

test('an SNI-only server with SNI: ok, with an sni-dependent warning', async () => {
  const d = await against(() => startSniRequiredNginx(pki));
  assert.deepEqual([d.ok, codes(d), d.server.sniRequired], [true, ['sni-dependent'], true]);
});

test('SNI for a name the backend does not serve (fatal unrecognized_name): sni-required, fixed on the backend, not by enabling SNI', async () => {
  const d = await against(() => startSniRequiredNginx(pki), { host: 'api.probe.test', sni: 'api.probe.test' });
  assert.deepEqual([d.ok, codes(d), d.server.sniRequired], [false, ['sni-required'], true]);
  assert.match(d.causes[0]!.message, /refuses the server name 'api\.probe\.test': alert unrecognized_name \(112\)/);
  assert.equal(
    d.causes[0]!.fix,
    "The backend has no virtual host/certificate for 'api.probe.test': add it (server_name / SAN) or target a name it serves.",
  );
});

test('a warning-level unrecognized_name before the ServerHello is no refusal: ok, the warning in the evidence', async () => {
  const d = await against(
    openssl(() => [
      ...certArgs(pki, 'good'),
      '-no_tls1_3',
      '-servername',
      'localhost',
      '-cert2',
      pki.path('good.crt'),
      '-key2',
      pki.path('good.key'),
    ]),
    { host: 'api.probe.test', sni: 'api.probe.test' },
  );
  assert.deepEqual([d.ok, codes(d), d.negotiated?.protocol], [true, [], 'TLSv1.2']);
  assert.match(d.evidence[0]!, /accepted \(TLSv1\.2, [A-Z0-9_]+, after a warning alert unrecognized_name \(112\)\)/);
});

test('a default certificate for another name, the right one only with SNI, and SNI sent: ok, with an sni-dependent warning', async () => {
  const d = await against(() => startDefaultCertificateNginx(pki));
  assert.deepEqual([d.ok, codes(d), d.server.sniRequired], [true, ['sni-dependent'], true]);
  assert.match(d.causes[0]!.message, /without it the backend presents one for SAN other\.example/);
  assert.match(d.causes[0]!.fix, /conf_system_jsse\.enableSNIExtension=true/);
});

test('a default certificate for another name, the right one only with SNI, and no SNI (Edge MPs): sni-required', async () => {
  const d = await against(() => startDefaultCertificateNginx(pki), { sni: null });
  assert.deepEqual([d.ok, codes(d), d.server.sniRequired, d.negotiated !== null], [false, ['sni-required'], true, true]);
  assert.match(
    d.causes[0]!.message,
    /Without SNI the backend presents a certificate for SAN other\.example, not 'localhost'; with SNI 'localhost'/,
  );
  assert.match(d.causes[0]!.fix, /conf_system_jsse\.enableSNIExtension=true` in message-processor\.properties/);
});

test('the same without SNI, where SSLInfo ignores validation errors: the mismatch stays a warning', async () => {
  const d = await against(() => startDefaultCertificateNginx(pki), {
    sni: null,
    certificatePolicy: { fatal: false, reason: 'IgnoreValidationErrors is true' },
  });
  assert.deepEqual(
    [d.ok, d.causes.map((c) => [c.code, c.severity]), d.server.sniRequired],
    [true, [['hostname-mismatch', 'warning']], true],
  );
});

test('a certificate for another name: hostname-mismatch', async () => {
  assert.deepEqual(codes(await against(openssl(() => certArgs(pki, 'wrong-name')))), ['hostname-mismatch']);
});

// Chain verdicts follow what the server sent and what the truststore holds; a root is called a root only when
// shown to be one. The private CA (Acme) issues leaves without AIA, as internal CAs usually do.
const INTERMEDIATE_FIX = /^The backend does not send intermediate 'CN=Acme Services CA, O=Acme Corp': configure it to send its full chain/;

test('a leaf sent without its intermediate, AIA present: incomplete-chain, send the intermediate', async () => {
  const d = await against(openssl(() => certArgs(pki, 'good', false)));
  assert.deepEqual(codes(d), ['incomplete-chain']);
  assert.match(
    d.causes[0]!.message,
    /'CN=Probe Test Intermediate' is an intermediate: the leaf names where its issuer can be fetched \(AIA/,
  );
  assert.match(d.causes[0]!.fix, /^The backend does not send intermediate 'CN=Probe Test Intermediate'/);
});

test('a private-CA leaf alone, no AIA, its key identifier naming the trusted root above its issuer: incomplete-chain', async () => {
  const d = await against(
    openssl(() => certArgs(pki, 'private-leaf-named', false)),
    await trusting('private-root'),
  );
  assert.deepEqual(codes(d), ['incomplete-chain']);
  assert.match(d.causes[0]!.message, /is itself issued by 'CN=Acme Private Root, O=Acme Corp', which the truststore holds/);
  assert.match(d.causes[0]!.fix, INTERMEDIATE_FIX);
  assert.match(d.causes[0]!.fix, /already holds its issuer 'CN=Acme Private Root, O=Acme Corp'/);
  assert.doesNotMatch(d.causes[0]!.fix, /root CA/);
});

test('a private-CA leaf alone, no AIA, key id only, the root of its organisation trusted: incomplete-chain first, a missing root second', async () => {
  const d = await against(
    openssl(() => certArgs(pki, 'private-leaf', false)),
    await trusting('private-root'),
  );
  assert.deepEqual(codes(d), ['incomplete-chain']);
  assert.match(
    d.causes[0]!.message,
    /cannot tell whether it is an intermediate or a root .*most likely an intermediate the server should send \(the truststore holds 'CN=Acme Private Root, O=Acme Corp' of the same organisation\), otherwise a root the truststore lacks/,
  );
  assert.match(
    d.causes[0]!.fix,
    /^If 'CN=Acme Services CA, O=Acme Corp' is an intermediate \(likelier\): The backend does not send .* If it is a root: Import the CA certificate 'CN=Acme Services CA, O=Acme Corp'/,
  );
});

test('a lone leaf whose key identifier shows its issuer self-issued, not trusted: untrusted-root naming that root', async () => {
  const d = await against(openssl(() => certArgs(pki, 'lone-named', false)));
  assert.deepEqual(codes(d), ['untrusted-root']);
  assert.match(d.causes[0]!.fix, /^Import the root CA 'CN=Probe Unknown Root' into the truststore/);
});

test('a lone leaf, no AIA, its issuer unknown to the truststore: untrusted-root first, an unsent intermediate second', async () => {
  const d = await against(openssl(() => certArgs(pki, 'lone', false)));
  assert.deepEqual(codes(d), ['untrusted-root']);
  assert.match(
    d.causes[0]!.message,
    /cannot tell whether it is an intermediate or a root .*most likely a root the truststore lacks \(its name reads as a root's\), otherwise an intermediate the server should send/,
  );
  assert.match(
    d.causes[0]!.fix,
    /^If 'CN=Probe Unknown Root' is a root \(likelier\): Import the CA certificate 'CN=Probe Unknown Root' .* If it is an intermediate: The backend does not send intermediate/,
  );
});

test('leaf + intermediate sent, their root unknown: untrusted-root naming the issuer of the intermediate, not the intermediate', async () => {
  const d = await against(openssl(() => certArgs(pki, 'stray-leaf', 'stray-inter')));
  assert.deepEqual(codes(d), ['untrusted-root']);
  assert.match(d.causes[0]!.message, /sends the CA certificate 'CN=Probe Stray Intermediate' but not its issuer/);
  assert.match(d.causes[0]!.fix, /^Import the CA certificate 'CN=Probe Unknown Root'/);
});

test('leaf + intermediate + unknown root all sent: untrusted-root naming the sent, self-signed root', async () => {
  const d = await against(openssl(() => certArgs(pki, 'stray-leaf', 'stray-chain')));
  assert.deepEqual(codes(d), ['untrusted-root']);
  assert.match(d.causes[0]!.fix, /^Import the root CA 'CN=Probe Unknown Root'/);
});

test('a self-signed certificate: self-signed-certificate', async () => {
  assert.deepEqual(codes(await against(openssl(() => certArgs(pki, 'self', false)))), ['self-signed-certificate']);
});

test('an expired certificate: certificate-expired', async () => {
  assert.deepEqual(codes(await against(openssl(() => certArgs(pki, 'expired')))), ['certificate-expired']);
});

test('a certificate not yet valid: not-yet-valid', async () => {
  assert.deepEqual(codes(await against(openssl(() => certArgs(pki, 'future')))), ['not-yet-valid']);
});

test('a certificate problem SSLInfo ignores: ok, reported as a warning', async () => {
  const d = await against(
    openssl(() => certArgs(pki, 'expired')),
    { certificatePolicy: { fatal: false, reason: 'IgnoreValidationErrors is true' } },
  );
  assert.deepEqual([d.ok, d.causes.map((c) => [c.code, c.severity])], [true, [['certificate-expired', 'warning']]]);
});

test('a plain HTTP port: not-tls', async () => {
  const server = http.createServer((_req, res) => res.end('hello'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const d = await diagnose(await localRequest(pki, (server.address() as AddressInfo).port));
    assert.deepEqual(codes(d), ['not-tls']);
  } finally {
    server.close();
  }
});

test('nothing listening: connection-refused', async () => {
  assert.deepEqual(codes(await diagnose(await localRequest(pki, await freePort()))), ['connection-refused']);
});

test('a name that does not resolve: dns-failure', async () => {
  // A generous limit: a resolver without network answers EAI_AGAIN only after its own retries.
  const d = await diagnose(
    await localRequest(pki, 443, { host: 'no-such-host.invalid', sni: 'no-such-host.invalid', address: undefined, timeoutMs: 30_000 }),
  );
  assert.deepEqual(codes(d), ['dns-failure']);
});

test('--resolve style address override: the name is checked, the address is dialled', async () => {
  const d = await against(
    openssl(() => certArgs(pki, 'good')),
    { host: 'api.probe.test', sni: 'api.probe.test' },
  );
  assert.deepEqual([d.ok, d.target.host], [true, 'api.probe.test']);
});

// A server that wants a key share the first hello lacks asks to retry (HelloRetryRequest): the probe answers with its
// own second hello, so the chain still comes from the wire, in every group and hash a server may choose.
const retries: Array<[string, string[]]> = [
  ['P-384', ['-groups', 'P-384']],
  ['P-521', ['-groups', 'P-521']],
  ['x448', ['-groups', 'X448']],
  ['P-384 with TLS_AES_256_GCM_SHA384 (a SHA-384 transcript)', ['-groups', 'P-384', '-ciphersuites', 'TLS_AES_256_GCM_SHA384']],
];
for (const [label, args] of retries) {
  test(`a server that asks to retry the hello (${label}): ok, the chain as sent read from the second hello's flight`, async () => {
    const d = await against(openssl(() => [...certArgs(pki, 'good'), ...args]));
    assert.deepEqual(
      [d.ok, codes(d), d.negotiated?.protocol, d.chain.map((c) => c.subject), d.server.clientCertificate],
      [true, [], 'TLSv1.3', ['CN=localhost', 'CN=Probe Test Intermediate'], 'none'],
    );
    assert.match(d.evidence[0]!, /after a HelloRetryRequest/);
  });
}

test('a retry-the-hello server requiring a client certificate: client-certificate-required', async () => {
  const d = await against(clientAuth('-groups', 'P-384'));
  assert.deepEqual([codes(d), d.server.clientCertificate, d.chain.length], [['client-certificate-required'], 'required', 2]);
});

test('a client certificate the TLS library cannot load, for a backend that requires one: client-certificate-required, not ok', async () => {
  const d = await against(clientAuth('-no_tls1_3'), {
    clientAuthEnabled: true,
    clientCertificate: { cert: 'not a PEM', key: (await clientCertificate('client')).key },
  });
  assert.deepEqual([d.ok, codes(d)], [false, ['client-certificate-required']]);
  assert.match(d.causes[0]!.message, /could not be presented/);
});

test('a client certificate configured while SSLInfo does not enable two-way TLS is not presented: client-certificate-required', async () => {
  const d = await against(clientAuth('-no_tls1_3'), { clientAuthEnabled: false, clientCertificate: await clientCertificate('client') });
  assert.deepEqual([d.ok, codes(d)], [false, ['client-certificate-required']]);
  assert.ok(
    d.evidence.some((e) => /Apigee would not present it/.test(e)),
    d.evidence.join('\n'),
  );
});

test('a TLS 1.1 backend requiring a client certificate, Edge pinned to TLSv1.1: never a silent OK', async () => {
  const d = await against(clientAuth('-tls1_1', '-cipher', 'DEFAULT@SECLEVEL=0'), {
    ...defaultOffer('edge'),
    profile: 'edge',
    protocols: ['TLSv1.1'],
  });
  assert.deepEqual(
    [d.ok, codes(d), d.negotiated?.protocol, d.server.clientCertificate],
    [false, ['client-certificate-required', 'obsolete-protocol-accepted'], 'TLSv1.1', 'required'],
  );
  for (const line of [...d.evidence, ...d.causes.map((c) => c.message)]) assert.doesNotMatch(line, /\n|:\.$/);
});

test('SSLInfo naming only TLSv1.0 on Apigee X: the call cannot be made as configured, and the backend still says what it accepts', async () => {
  const { planConnection } = await import('../../server/src/probe/from-sslinfo');
  const { findConnections } = await import('../../server/src/documents/connection');
  const { parseXml } = await import('../../server/src/documents/xml/document');
  const xml = `<TargetEndpoint name="default"><HTTPTargetConnection><SSLInfo><Enabled>true</Enabled><Protocols><Protocol>TLSv1.0</Protocol></Protocols></SSLInfo><URL>https://localhost/</URL></HTTPTargetConnection></TargetEndpoint>`;
  const planned = planConnection(findConnections(parseXml(xml))[0]!, { profile: 'apigeex', sniOff: false });
  assert.ok(planned.probeable);
  const { protocols, ciphers, certificatePolicy, unusable } = planned.request;
  const d = await against(
    openssl(() => certArgs(pki, 'good')),
    { protocols, ciphers, certificatePolicy, unusable },
  );
  assert.deepEqual([d.ok, codes(d)], [false, ['unusable-configuration']]);
  assert.match(
    d.causes[0]!.message,
    /^Apigee cannot make this call: SSLInfo <Protocols> names no protocol Apigee X can use \(TLSv1\.0\)\. The backend accepts TLSv1\.2, TLSv1\.3 /,
  );
  assert.match(d.causes[0]!.fix, /<Protocol>TLSv1\.2<\/Protocol><Protocol>TLSv1\.3<\/Protocol>/);
});
