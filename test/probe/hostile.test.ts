// Servers that misbehave: a diagnosis each time, no exception, no socket left open.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import type * as net from 'node:net';
import { before, test } from 'node:test';
import { diagnose } from '../../server/src/probe/diagnose';
import type { Diagnosis, ProbeRequest } from '../../server/src/probe/types';
import { testPki, type Pki } from './support/pki';
import { localRequest } from './support/requests';
import { startRawServer } from './support/servers';

let pki: Pki;
before(async () => {
  pki = await testPki();
});

/** Diagnoses a raw server, then waits until the server has seen every probe connection closed. */
async function against(onConnection: (socket: net.Socket) => void, overrides: Partial<ProbeRequest> = {}): Promise<Diagnosis> {
  const server = await startRawServer(onConnection);
  try {
    const diagnosis = await diagnose(await localRequest(pki, server.port, overrides));
    await server.allClosed();
    return diagnosis;
  } finally {
    await server.stop();
  }
}
const codes = (d: Diagnosis): string[] => d.causes.map((c) => c.code);
const afterHello = (act: (socket: net.Socket) => void) => (socket: net.Socket) => socket.once('data', () => act(socket));

test('accepts TCP and never answers: timeout, naming the configured limit', async () => {
  const d = await against(() => undefined, { timeoutMs: 300 });
  assert.deepEqual(codes(d), ['timeout']);
  assert.match(`${d.causes[0]!.message} ${d.causes[0]!.fix}`, /\b300 ms\b/);
});

test('answers with garbage: not-tls', async () => {
  const d = await against(afterHello((s) => s.end('\x00\x01garbage, not a record\n')));
  assert.deepEqual(codes(d), ['not-tls']);
});

test('closes mid-handshake, after half a ServerHello: connection-reset', async () => {
  const d = await against(afterHello((s) => s.end(Buffer.from('160303004a020000460303', 'hex'))));
  assert.deepEqual(codes(d), ['connection-reset']);
  assert.match(d.causes[0]!.message, /part of a record/);
});

test('closes as soon as the hello arrives: connection-reset', async () => {
  assert.deepEqual(codes(await against(afterHello((s) => s.destroy()))), ['connection-reset']);
});

test('announces an oversized record: not-tls from its header, without waiting for the body', async () => {
  // 65535 bytes announced, 100 sent, then silence: a probe that buffered the record would end in a timeout.
  const d = await against(afterHello((s) => s.write(Buffer.concat([Buffer.from('160303ffff', 'hex'), Buffer.alloc(100, 1)]))));
  assert.deepEqual(codes(d), ['not-tls']);
  assert.match(d.causes[0]!.message, /over the TLS limit/);
});

test('a ServerHello with a bogus TLS 1.3 key share: a diagnosis, not an exception', async () => {
  // ServerHello: TLS 1.3, TLS_AES_128_GCM_SHA256, key_share x25519 with 32 zero bytes (a low-order point).
  const body = Buffer.from(`0303${'ab'.repeat(32)}00130100002e002b0002030400330024001d0020${'00'.repeat(32)}`, 'hex');
  const message = Buffer.concat([Buffer.from([2, 0, 0, body.length]), body]);
  const record = Buffer.concat([Buffer.from([22, 3, 3, 0, message.length]), message]);
  const d = await against(
    afterHello((s) => s.write(record)),
    { timeoutMs: 1000 },
  );
  assert.deepEqual(codes(d), ['not-tls']);
});

/**
 * A TLS 1.2 first flight: ServerHello (ECDHE-RSA-AES128-GCM), Certificate holding `certificates`, a
 * CertificateRequest when asked, ServerHelloDone; no ServerKeyExchange, so no TLS library can finish it.
 */
function tls12Flight(certificates: Buffer | Buffer[], certificateRequest = false): Buffer {
  const handshake = (type: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([type]), u24(body.length), body]);
  const u24 = (n: number): Buffer => Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
  const hello = handshake(2, Buffer.from(`0303${'cd'.repeat(32)}00c02f000000`, 'hex'));
  const entries = [certificates].flat().map((c) => Buffer.concat([u24(c.length), c]));
  const certificate = handshake(11, Buffer.concat([u24(entries.reduce((n, e) => n + e.length, 0)), ...entries]));
  // certificate_types rsa_sign, signature_algorithms rsa_pkcs1_sha256, no CA names.
  const request = certificateRequest ? [handshake(13, Buffer.from('0101000204010000', 'hex'))] : [];
  const messages = Buffer.concat([hello, certificate, ...request, handshake(14, Buffer.alloc(0))]);
  return Buffer.concat([Buffer.from([22, 3, 3, messages.length >> 8, messages.length & 0xff]), messages]);
}

test('a Certificate message holding garbage instead of X.509: a diagnosis, not an exception', async () => {
  const d = await against(
    afterHello((s) => s.end(tls12Flight(Buffer.from('not a certificate at all')))),
    { timeoutMs: 2000 },
  );
  assert.equal(d.ok, false);
  assert.ok(
    d.causes.some((c) => c.code === 'not-tls' && /not a readable X\.509 certificate/.test(c.message)),
    JSON.stringify(d.causes),
  );
});

test('a CertificateRequest in a flight no TLS library can finish: client-certificate-unknown, never a silent OK', async () => {
  const chain = [new X509Certificate(await pki.pem('good.crt')).raw, new X509Certificate(await pki.pem('inter.crt')).raw];
  const d = await against(afterHello((s) => s.end(tls12Flight(chain, true))));
  assert.deepEqual([codes(d), d.server.clientCertificate], [['client-certificate-unknown'], null]);
  assert.match(d.causes[0]!.message, /CertificateRequest in the TLSv1\.2 handshake/);
});

test('aborting a diagnosis rejects it with AbortError and closes its sockets', async () => {
  const controller = new AbortController();
  const pending = against((socket) => socket.once('data', () => controller.abort()), { signal: controller.signal });
  await assert.rejects(pending, { name: 'AbortError' });
});

test('a signal aborted before the start rejects with AbortError, DNS included', async () => {
  const request = await localRequest(pki, 443, { host: 'no-such-host.invalid', address: undefined, signal: AbortSignal.abort() });
  await assert.rejects(diagnose(request), { name: 'AbortError' });
});

/**
 * A server that writes `unit` over and over after the hello, as fast as the client reads, up to `cap` bytes per
 * connection; `written()` is the most any connection got through to the client.
 */
function flooding(unit: Buffer, cap: number): { onConnection: (socket: net.Socket) => void; written(): number } {
  const chunk = Buffer.concat(Array.from({ length: Math.ceil(65_536 / unit.length) }, () => unit));
  let most = 0;
  const onConnection = afterHello((socket) => {
    let sent = 0;
    const pump = (): void => {
      while (sent < cap && !socket.destroyed) {
        sent += chunk.length;
        most = Math.max(most, sent);
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
    };
    pump();
  });
  return { onConnection, written: () => most };
}
const FLOOD_CAP = 64 * 1024 * 1024;

test('floods warning alerts: not-tls (alert flood), without reading the flood', async () => {
  const flood = flooding(Buffer.from('15030300020170', 'hex'), FLOOD_CAP);
  const d = await against(flood.onConnection, { timeoutMs: 30_000 });
  assert.deepEqual(codes(d), ['not-tls']);
  assert.match(d.causes[0]!.message, /alert flood/);
  // About what the kernel buffers between the two ends (4 MB here), not what the server could send before the deadline.
  assert.ok(flood.written() < FLOOD_CAP / 4, `${flood.written()} bytes written`);
});

test('floods ChangeCipherSpec records (each one harmless): not-tls, the first flight capped', async () => {
  const flood = flooding(Buffer.from('140303000101', 'hex'), FLOOD_CAP);
  const d = await against(flood.onConnection, { timeoutMs: 30_000 });
  assert.deepEqual(codes(d), ['not-tls']);
  assert.match(d.causes[0]!.message, /more than 512 KB/);
  assert.ok(flood.written() < FLOOD_CAP / 4, `${flood.written()} bytes written`);
});

test('a ServerHello, then handshake messages that never end the flight: not-tls, the first flight capped', async () => {
  // TLS 1.2 ServerHello, then endless 16 KB certificate_status messages (type 22) and never a ServerHelloDone.
  const hello = Buffer.from(`160303002a020000260303${'cd'.repeat(32)}00c02f00`, 'hex');
  const status = Buffer.concat([Buffer.from('1603034004' + '16004000', 'hex'), Buffer.alloc(16384)]);
  const flood = flooding(status, FLOOD_CAP);
  const d = await against(
    (socket) => {
      socket.once('data', () => socket.write(hello));
      flood.onConnection(socket);
    },
    { timeoutMs: 30_000 },
  );
  assert.deepEqual(codes(d), ['not-tls']);
  assert.match(d.causes[0]!.message, /more than 512 KB/);
  assert.ok(flood.written() < FLOOD_CAP / 4, `${flood.written()} bytes written`);
});
