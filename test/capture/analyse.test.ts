// A captured handshake judged: real openssl clients and servers, their bytes recorded by a relay as a capture
// would see them, each failure named with the probe's cause codes.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { before, test } from 'node:test';
import { analyseConversation, type CapturedConnectionReport } from '../../server/src/capture/analyse-connection';
import { trustFromPem, type TrustStore } from '../../server/src/diagnosis/trust';
import { testPki, type Pki } from '../probe/support/pki';
import { certArgs, startOpenssl } from '../probe/support/servers';
import { startRecordingRelay } from './support/recording-relay';

let pki: Pki;
let root: TrustStore;
before(async () => {
  pki = await testPki();
  root = trustFromPem([{ name: 'root.crt', text: await pki.pem('root.crt') }]);
});

/** Runs `openssl s_client` through a recording relay to an `s_server`; the client's own verdict is not asserted. */
async function captured(serverArgs: string[], clientArgs: string[], trust: TrustStore = root): Promise<CapturedConnectionReport> {
  const server = await startOpenssl(serverArgs);
  const relay = await startRecordingRelay(server.port);
  try {
    await new Promise<void>((resolve) => {
      const client = execFile(
        'openssl',
        ['s_client', '-connect', `127.0.0.1:${relay.port}`, '-servername', 'localhost', ...clientArgs],
        { timeout: 10_000 },
        () => resolve(),
      );
      client.stdin?.end();
    });
    const [conversation] = await relay.ended(1);
    const report = analyseConversation(conversation!, { trust, profile: 'apigeex' });
    assert.ok(report, 'the connection holds a ClientHello');
    return report;
  } finally {
    await relay.close();
    await server.stop();
  }
}
const codes = (r: CapturedConnectionReport): string[] => r.causes.map((c) => c.code);
/** The ladder as "from label" lines, the decisive rung starred; times are checked only to rise. */
const ladder = (r: CapturedConnectionReport): string[] => {
  r.ladder.forEach((s, i) => assert.ok(s.atMs >= (r.ladder[i - 1]?.atMs ?? 0), `rung ${i} goes back in time`));
  return r.ladder.map((s) => `${s.decisive ? '*' : ''}${s.from} ${s.label}`);
};
const trusting = (...extra: string[]) => ['-CAfile', pki.path('root.crt'), '-verify_return_error', ...extra];

test('a healthy TLS 1.2 handshake: ok, negotiated, the chain as sent, SNI as offered', async () => {
  const r = await captured(certArgs(pki, 'good'), trusting('-tls1_2'));
  assert.deepEqual([r.ok, codes(r), r.negotiated?.protocol, r.chain.length, r.sni], [true, [], 'TLSv1.2', 2, 'localhost']);
  assert.ok(r.offered.signatureSchemes.includes('rsa_pss_rsae_sha256'), r.offered.signatureSchemes.join());
  assert.deepEqual(ladder(r).slice(0, 6), [
    'client ClientHello',
    `server ServerHello TLSv1.2 ${r.negotiated?.cipher}`,
    'server Certificate (2)',
    'server ServerKeyExchange',
    'server ServerHelloDone',
    'client ClientKeyExchange',
  ]);
  assert.ok(!ladder(r).some((line) => line.startsWith('*')), 'a working handshake has no decisive rung');
});

test('a healthy TLS 1.3 handshake: ok, the chain encrypted and said to be', async () => {
  const r = await captured(certArgs(pki, 'good'), trusting());
  assert.deepEqual([r.ok, codes(r), r.negotiated?.protocol, r.chain.length], [true, [], 'TLSv1.3', 0]);
  assert.match(r.evidence.join('\n'), /encrypted \(TLS 1\.3\)/);
  assert.match(ladder(r).join('\n'), /^server ServerHello TLSv1\.3 TLS_\w+\n(server ChangeCipherSpec\n)?server encrypted ×\d+$/m);
});

test('a TLS 1.0-only server refusing a TLS 1.2+ hello: protocol-mismatch from its protocol_version alert', async () => {
  const r = await captured([...certArgs(pki, 'good'), '-tls1', '-cipher', 'DEFAULT@SECLEVEL=0'], trusting('-no_tls1', '-no_tls1_1'));
  assert.deepEqual([r.ok, codes(r)], [false, ['protocol-mismatch']]);
  assert.deepEqual(r.alerts, [{ from: 'server', level: 'fatal', description: 'protocol_version' }]);
  assert.deepEqual(ladder(r).slice(0, 2), ['client ClientHello', '*server Alert fatal protocol_version']);
});

test('a client that offers TLS 1.0, then aborts when the server chooses it: protocol mismatch, said as the client did', async () => {
  const r = await captured([...certArgs(pki, 'good'), '-tls1', '-cipher', 'DEFAULT@SECLEVEL=0'], trusting());
  assert.deepEqual([r.ok, codes(r)], [false, ['protocol-mismatch', 'obsolete-protocol-accepted']]);
  assert.match(r.causes[0]!.message, /offered TLSv1 but aborted once the server chose it/);
});

test('no common suite: handshake_failure, cipher mismatch named the likelier with the protocol the other possibility', async () => {
  const r = await captured(
    [...certArgs(pki, 'good'), '-no_tls1_3', '-cipher', 'CAMELLIA256-SHA'],
    trusting('-tls1_2', '-cipher', 'AES128-SHA'),
  );
  assert.deepEqual(codes(r), ['cipher-mismatch']);
  assert.match(r.causes[0]!.message, /other possibility/);
});

test('TLS 1.2, a mandatory client certificate, the client sends none: client-certificate-required', async () => {
  const r = await captured(
    [...certArgs(pki, 'good'), '-tls1_2', '-Verify', '1', '-verify_return_error', '-CAfile', pki.path('root.crt')],
    trusting('-tls1_2'),
  );
  assert.deepEqual(codes(r), ['client-certificate-required']);
});

test('TLS 1.2, the client certificate from an unknown CA: client-certificate-rejected', async () => {
  const r = await captured(
    [...certArgs(pki, 'good'), '-tls1_2', '-Verify', '1', '-verify_return_error', '-CAfile', pki.path('root.crt')],
    trusting('-tls1_2', '-cert', pki.path('stranger.crt'), '-key', pki.path('stranger.key')),
  );
  assert.deepEqual(codes(r), ['client-certificate-rejected']);
});

test('TLS 1.2, a private-CA server the judging truststore lacks: untrusted-root from the chain the server sent', async () => {
  const other = trustFromPem([{ name: 'unknown-root.crt', text: await pki.pem('unknown-root.crt') }]);
  const r = await captured(certArgs(pki, 'good'), ['-tls1_2', '-CAfile', pki.path('unknown-root.crt'), '-verify_return_error'], other);
  assert.deepEqual(codes(r), ['untrusted-root']);
  assert.equal(r.alerts[0]?.from, 'client');
});

test('TLS 1.2, the client refuses a chain the given truststore trusts: the client lacks the root', async () => {
  const r = await captured(certArgs(pki, 'good'), ['-tls1_2', '-CAfile', pki.path('unknown-root.crt'), '-verify_return_error']);
  assert.deepEqual(codes(r), ['untrusted-root']);
  assert.match(r.causes[0]!.message, /client refused the server's certificate \(alert unknown_ca \(48\)\), though it chains to root\.crt/);
  assert.deepEqual(
    ladder(r).filter((line) => /Certificate|Alert/.test(line)),
    ['server Certificate (2)', '*client Alert fatal unknown_ca'],
  );
});

test('TLS 1.3, the client aborts after the encrypted flight: handshake-aborted, saying what is still known', async () => {
  const r = await captured(certArgs(pki, 'good'), ['-CAfile', pki.path('unknown-root.crt'), '-verify_return_error']);
  assert.deepEqual(codes(r), ['handshake-aborted']);
  assert.match(r.causes[0]!.message, /Version, suite and SNI were accepted/);
});

test('TLS 1.3, a mandatory client certificate the client lacks: the server aborts after the client flight', async () => {
  const r = await captured([...certArgs(pki, 'good'), '-Verify', '1', '-verify_return_error', '-CAfile', pki.path('root.crt')], trusting());
  assert.deepEqual(codes(r), ['handshake-aborted']);
  assert.match(r.causes[0]!.message, /required or refused a client certificate/);
});
