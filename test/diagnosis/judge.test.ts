// The judgement on evidence values, without sockets: the same facts give the same causes, whoever gathered them.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { before, test } from 'node:test';
import type { HandshakeEvidence, HelloOutcome } from '../../server/src/diagnosis/evidence';
import { judge } from '../../server/src/diagnosis/judge';
import { trustFromPem } from '../../server/src/diagnosis/trust';
import type { Diagnosis } from '../../server/src/diagnosis/types';
import { cipherSuiteByName } from '../../server/src/tls/names';
import { defaultOffer } from '../../server/src/tls/java';
import type { TlsProtocol } from '../../server/src/tls/versions';
import { testPki, type Pki } from '../probe/support/pki';

let pki: Pki;
const der = async (name: string): Promise<Buffer> => new X509Certificate(await pki.pem(`${name}.crt`)).raw;
before(async () => {
  pki = await testPki();
});

const TLS12 = 0x0303;
const TLS13 = 0x0304;
const suite = (name: string): number => cipherSuiteByName(name)!.code;
const GCM12 = suite('TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256');
const alert = (n: number): HelloOutcome => ({ kind: 'alert', alert: n });
const accepted = (
  version: number,
  cipher: number,
  certificates: Buffer[] | null = [],
  requested: boolean | null = false,
): HelloOutcome => ({
  kind: 'accepted',
  version,
  cipher,
  helloRetry: false,
  certificates,
  certificateRequested: certificates === null ? null : requested,
  warnings: [],
});
const versions = (v: Partial<Record<TlsProtocol, HelloOutcome>>): Record<TlsProtocol, HelloOutcome> => ({
  TLSv1: alert(70),
  'TLSv1.1': alert(70),
  'TLSv1.2': alert(70),
  'TLSv1.3': alert(70),
  ...v,
});

async function evidence(overrides: Partial<HandshakeEvidence>): Promise<HandshakeEvidence> {
  return {
    plan: {
      host: 'localhost',
      port: 443,
      sni: 'localhost',
      ...defaultOffer('apigeex'),
      certificatePolicy: { fatal: true, reason: 'SSLInfo <Enforce> is true' },
      profile: 'apigeex',
    },
    trust: trustFromPem([{ name: 'root.crt', text: await pki.pem('root.crt') }]),
    takenAt: new Date(),
    elapsedMs: 12,
    ...overrides,
  };
}
const codes = (d: Diagnosis): string[] => d.causes.map((c) => c.code);
const judged = async (overrides: Partial<HandshakeEvidence>): Promise<Diagnosis> => judge(await evidence(overrides));

test('DNS failure before any hello: dns-failure, nothing known of the server', async () => {
  const d = await judged({ unreachable: { kind: 'failed', failure: 'dns-failure', detail: 'nope.invalid does not resolve' } });
  assert.deepEqual([d.ok, codes(d), d.server.sniRequired], [false, ['dns-failure'], null]);
});

test('a healthy TLS 1.2 answer with the chain to the trusted root: ok, negotiated, no cause', async () => {
  const d = await judged({ offer: accepted(TLS12, GCM12, [await der('good'), await der('inter')]) });
  assert.deepEqual([d.ok, codes(d), d.negotiated?.protocol, d.chain.length], [true, [], 'TLSv1.2', 2]);
});

test('validity is judged at the time the evidence was taken, not at the time of judging', async () => {
  const chain = [await der('expired'), await der('inter')];
  assert.deepEqual(codes(await judged({ offer: accepted(TLS12, GCM12, chain) })), ['certificate-expired']);
  // In 2020 the leaf was valid; the intermediate (issued today) was not yet.
  const then = await judged({ offer: accepted(TLS12, GCM12, chain), takenAt: new Date('2020-06-01T00:00:00Z') });
  assert.deepEqual(codes(then), ['not-yet-valid']);
  assert.match(then.causes[0]!.message, /CA certificate 'CN=Probe Test Intermediate'/);
});

test('a refused offer, TLS 1.0 alone accepted: protocol mismatch naming TLSv1, and TLS 1.0 flagged obsolete', async () => {
  const d = await judged({ offer: alert(40), versions: versions({ TLSv1: accepted(0x0301, suite('TLS_RSA_WITH_AES_128_CBC_SHA')) }) });
  assert.deepEqual(codes(d), ['protocol-mismatch', 'obsolete-protocol-accepted']);
  assert.match(d.causes[0]!.message, /it accepts only TLSv1 /);
});

test('a refused offer, TLS 1.2 accepted with a suite Java lacks: cipher mismatch fixed on the backend', async () => {
  const camellia = suite('TLS_RSA_WITH_CAMELLIA_256_CBC_SHA');
  const d = await judged({ offer: alert(40), versions: versions({ 'TLSv1.2': accepted(TLS12, camellia) }) });
  assert.deepEqual(codes(d), ['cipher-mismatch']);
  assert.match(d.causes[0]!.fix, /Enable a suite Java supports on the backend/);
});

test('a capture-like refusal without per-version hellos: protocol_version is a protocol mismatch', async () => {
  assert.deepEqual(codes(await judged({ offer: alert(70) })), ['protocol-mismatch']);
});

test('a capture-like handshake_failure without per-version hellos: cipher mismatch, naming the other possibility', async () => {
  const d = await judged({ offer: alert(40) });
  assert.deepEqual(codes(d), ['cipher-mismatch']);
  assert.match(d.causes[0]!.message, /likelier cause, a protocol-version mismatch the other possibility/);
});

test('no SNI refused, the same hello with SNI accepted: sni-required, and SNI known to be required', async () => {
  const d = await judged({
    plan: { ...(await evidence({})).plan, sni: null },
    offer: alert(40),
    alternateSni: { sni: 'localhost', outcome: accepted(TLS12, GCM12) },
  });
  assert.deepEqual([codes(d), d.server.sniRequired], [['sni-required'], true]);
});

test('a name the backend does not serve (unrecognized_name to SNI): sni-required fixed on the backend', async () => {
  const d = await judged({ offer: alert(112), alternateSni: { sni: null, outcome: accepted(TLS12, GCM12) } });
  assert.deepEqual([codes(d), d.server.sniRequired], [['sni-required'], false]);
  assert.match(d.causes[0]!.fix, /no virtual host\/certificate for 'localhost'/);
});

test('TLS 1.3 with a CertificateRequest, refused without a certificate after the handshake: client-certificate-required', async () => {
  const d = await judged({
    offer: accepted(TLS13, suite('TLS_AES_128_GCM_SHA256'), [await der('good'), await der('inter')], true),
    clientCertificate: {
      configuredButNotEnabled: false,
      withoutCertificate: { kind: 'alert', alert: 116, afterHandshake: true, certificates: null },
    },
  });
  assert.deepEqual([codes(d), d.server.clientCertificate], [['client-certificate-required'], 'required']);
});

test('the configured client certificate refused with unknown_ca: client-certificate-rejected', async () => {
  const d = await judged({
    plan: { ...(await evidence({})).plan, clientAuthEnabled: true },
    offer: accepted(TLS12, GCM12, [await der('good'), await der('inter')], true),
    clientCertificate: {
      configuredButNotEnabled: false,
      withoutCertificate: { kind: 'alert', alert: 40, afterHandshake: false, certificates: null },
      withCertificate: { kind: 'alert', alert: 48, afterHandshake: false, certificates: null },
    },
  });
  assert.deepEqual(codes(d), ['client-certificate-rejected']);
});

test('an answer with a version Apigee did not offer is no negotiation: protocol mismatch', async () => {
  const d = await judged({ offer: accepted(0x0301, suite('TLS_RSA_WITH_AES_128_CBC_SHA')) });
  assert.deepEqual([codes(d), d.negotiated], [['protocol-mismatch', 'obsolete-protocol-accepted'], null]);
});

test('a connection reset on the offer while other hellos passed is a refusal, not a connection failure', async () => {
  const reset: HelloOutcome = { kind: 'failed', failure: 'connection-reset', detail: 'reset' };
  const d = await judged({ offer: reset, versions: versions({ 'TLSv1.2': accepted(TLS12, suite('TLS_RSA_WITH_CAMELLIA_256_CBC_SHA')) }) });
  assert.deepEqual(codes(d), ['cipher-mismatch']);
});

test('a CertificateRequest seen, and no handshake the local library could finish: client-certificate-unknown, on one line', async () => {
  const d = await judged({
    plan: { ...(await evidence({})).plan, ...defaultOffer('edge'), profile: 'edge', protocols: ['TLSv1.1'] },
    offer: accepted(0x0302, suite('TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA'), [await der('good'), await der('inter')], true),
    clientCertificate: {
      configuredButNotEnabled: false,
      withoutCertificate: {
        kind: 'local-error',
        detail: 'C0:error:0A00014D:SSL routines:tls_process_key_exchange:legacy sigalg disallowed or unsupported:statem_clnt.c:2254:\n',
      },
    },
  });
  assert.deepEqual([codes(d), d.server.clientCertificate], [['client-certificate-unknown', 'obsolete-protocol-accepted'], null]);
  assert.match(
    d.causes[0]!.message,
    /CertificateRequest in the TLSv1\.1 handshake.*legacy sigalg disallowed or unsupported:statem_clnt\.c:2254\.$/,
  );
  assert.match(d.causes[0]!.fix, /openssl s_client -connect localhost:443/);
});

test('no CertificateRequest seen, and a full handshake that failed locally: no client-certificate cause', async () => {
  const d = await judged({
    offer: accepted(TLS13, suite('TLS_AES_128_GCM_SHA256'), null),
    clientCertificate: { configuredButNotEnabled: false, withoutCertificate: { kind: 'local-error', detail: 'refused' } },
  });
  assert.deepEqual(codes(d), []);
});

// Chain verdicts on the certificates as sent and the truststore's anchors (the private CA, Acme, issues without AIA).
const trustOnly = async (name: string): Promise<Partial<HandshakeEvidence>> => ({
  trust: trustFromPem([{ name: `${name}.crt`, text: await pki.pem(`${name}.crt`) }]),
});
const sent = async (...names: string[]): Promise<Partial<HandshakeEvidence>> => ({
  offer: accepted(TLS12, GCM12, await Promise.all(names.map(der))),
});
const chainVerdict = async (names: string[], anchor = 'root'): Promise<[string[], string, string]> => {
  const d = await judged({ ...(await sent(...names)), ...(await trustOnly(anchor)) });
  return [codes(d), d.causes[0]?.message ?? '', d.causes[0]?.fix ?? ''];
};

test('lone private leaf whose key identifier names the trusted root above its issuer: incomplete-chain, send the intermediate', async () => {
  const [c, , fix] = await chainVerdict(['private-leaf-named'], 'private-root');
  assert.deepEqual(c, ['incomplete-chain']);
  assert.match(
    fix,
    /does not send intermediate 'CN=Acme Services CA, O=Acme Corp'.*already holds its issuer 'CN=Acme Private Root, O=Acme Corp'/,
  );
});

test('lone private leaf naming an untrusted root above its issuer: incomplete-chain, and that root to import too', async () => {
  const [c, , fix] = await chainVerdict(['private-leaf-named'], 'root');
  assert.deepEqual(c, ['incomplete-chain']);
  assert.match(fix, /its issuer 'CN=Acme Private Root, O=Acme Corp' is not in that truststore either: import it too/);
});

test('lone private leaf, key id only, a root of its organisation trusted: undecided, the missing intermediate first', async () => {
  const [c, message, fix] = await chainVerdict(['private-leaf'], 'private-root');
  assert.deepEqual(c, ['incomplete-chain']);
  assert.match(message, /cannot tell whether it is an intermediate or a root/);
  assert.match(fix, /^If '[^']+' is an intermediate \(likelier\): .* If it is a root: Import the CA certificate/);
});

test('lone private leaf, key id only, nothing of its organisation trusted: undecided, the missing root first', async () => {
  const [c, message, fix] = await chainVerdict(['private-leaf'], 'root');
  assert.deepEqual(c, ['untrusted-root']);
  assert.match(message, /most likely a root the truststore lacks, otherwise an intermediate the server should send\./);
  assert.match(fix, /^If '[^']+' is a root \(likelier\): Import the CA certificate .* If it is an intermediate: The backend does not send/);
});

test('lone leaf whose key identifier shows its issuer self-issued: untrusted-root, called a root', async () => {
  const [c, , fix] = await chainVerdict(['lone-named']);
  assert.deepEqual(c, ['untrusted-root']);
  assert.match(fix, /^Import the root CA 'CN=Probe Unknown Root'/);
});

test('leaf + intermediate sent, root unknown: untrusted-root naming the issuer of the intermediate', async () => {
  const [c, message, fix] = await chainVerdict(['stray-leaf', 'stray-inter']);
  assert.deepEqual(c, ['untrusted-root']);
  assert.match(message, /'CN=Probe Unknown Root' is most likely the root/);
  assert.match(fix, /^Import the CA certificate 'CN=Probe Unknown Root'/);
});

test('AIA leaf alone: incomplete-chain naming the intermediate', async () => {
  const [c, message] = await chainVerdict(['good']);
  assert.deepEqual(c, ['incomplete-chain']);
  assert.match(message, /AIA caIssuers http:\/\/pki\.probe\.test\/intermediate\.crt/);
});

test('the truststore holds a CA of that name with another key (a re-keyed CA): untrusted-root, the current one missing', async () => {
  // inter-namesake: a self-signed certificate named like the leaf's issuer, with another key.
  const [c, message] = await chainVerdict(['good'], 'inter-namesake');
  assert.deepEqual(c, ['untrusted-root']);
  assert.match(message, /holds 'CN=Probe Test Intermediate' by that name or key identifier, but not the certificate whose key signed/);
});

// A cipher mismatch names the one suite to add: the backend's choice among the suites Java implements.
const AES256_SHA = suite('TLS_RSA_WITH_AES_256_CBC_SHA');
const CAMELLIA = suite('TLS_RSA_WITH_CAMELLIA_256_CBC_SHA');
const pinned = async (): Promise<HandshakeEvidence['plan']> => ({
  ...(await evidence({})).plan,
  protocols: ['TLSv1.2'],
  ciphers: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'],
});

test('a cipher mismatch, the backend choosing a Java suite from those Java implements: add that one', async () => {
  const d = await judged({
    plan: await pinned(),
    offer: alert(40),
    versions: versions({ 'TLSv1.2': accepted(TLS12, CAMELLIA) }),
    javaSuites: accepted(TLS12, AES256_SHA),
  });
  assert.deepEqual(codes(d), ['cipher-mismatch']);
  assert.match(
    d.causes[0]!.fix,
    /^Add <Cipher>TLS_RSA_WITH_AES_256_CBC_SHA<\/Cipher> \(the suite the backend chose when offered every suite Java implements\)/,
  );
});

test('a cipher mismatch, the backend refusing every suite Java implements: no <Cipher> can help', async () => {
  const d = await judged({
    plan: await pinned(),
    offer: alert(40),
    versions: versions({ 'TLSv1.2': accepted(TLS12, CAMELLIA) }),
    javaSuites: alert(40),
  });
  assert.deepEqual(codes(d), ['cipher-mismatch']);
  assert.match(d.causes[0]!.fix, /accepts none of the suites Java \(so Apigee\) implements, so no SSLInfo <Ciphers> can help\.$/);
});

// When the offer fails, the chain another hello brought back is judged too, as warnings that say where it came from.
test('a refused offer, the TLS 1.2 hello answered with a lone AIA leaf: the refusal, and incomplete-chain as a warning', async () => {
  const d = await judged({ offer: alert(40), versions: versions({ 'TLSv1.2': accepted(TLS12, CAMELLIA, [await der('good')]) }) });
  assert.deepEqual(
    d.causes.map((c) => [c.code, c.severity]),
    [
      ['cipher-mismatch', 'error'],
      ['incomplete-chain', 'warning'],
    ],
  );
  assert.match(d.causes[1]!.message, /^Next, once the handshake succeeds \(seen in the backend's answer to a TLSv1\.2 hello\)/);
  assert.equal(d.chain.length, 1);
});

test("the chain of the answer to Java's suites is preferred to a version hello's", async () => {
  const d = await judged({
    plan: await pinned(),
    offer: alert(40),
    versions: versions({ 'TLSv1.2': accepted(TLS12, CAMELLIA, [await der('good'), await der('inter')]) }),
    javaSuites: accepted(TLS12, AES256_SHA, [await der('expired'), await der('inter')]),
  });
  assert.deepEqual(codes(d), ['cipher-mismatch', 'certificate-expired']);
  assert.match(d.causes[1]!.message, /seen in the backend's TLSv1\.2 answer to the offer with every suite Java implements/);
});

test('a refused offer with nothing else answered: no chain, no chain cause', async () => {
  const d = await judged({ offer: alert(40), versions: versions({}) });
  assert.deepEqual([codes(d), d.chain], [['protocol-mismatch'], []]);
});

test('a SAN name whose quoting does not parse is read as it stands, never an exception', async () => {
  const { certificateNames } = await import('../../server/src/diagnosis/hostname');
  const fake = { subjectAltName: 'DNS:"unterminated, DNS:ok.example', subject: 'CN=x' } as unknown as X509Certificate;
  assert.deepEqual(certificateNames(fake).dns, ['"unterminated', 'ok.example']);
});

test('every cause has a fix that reads whole with the fewest details (no "?", no "undefined")', async () => {
  const { ERROR_CODES, WARNING_CODES, makeCause } = await import('../../server/src/diagnosis/causes');
  for (const code of [...ERROR_CODES, ...WARNING_CODES]) {
    for (const profile of ['apigeex', 'edge'] as const) {
      const { fix } = makeCause(code, 'm', { profile, host: 'backend.example', port: 443 });
      assert.doesNotMatch(fix, /'\?'|\?\s*ms|undefined|\(\)|'{2}/, `${code} (${profile}): ${fix}`);
    }
  }
});

test('a captured connection the server never answered: timeout, its fix naming no limit it never had', async () => {
  const d = await judged({ offer: { kind: 'failed', failure: 'timeout', detail: 'the capture holds no answer' } });
  assert.deepEqual(codes(d), ['timeout']);
  assert.match(d.causes[0]!.fix, /^No answer: check firewalls/);
});
