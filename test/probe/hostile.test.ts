// Servers that misbehave: a diagnosis each time, no exception, no socket left open.
import assert from 'node:assert/strict';
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

/** A TLS 1.2 first flight: ServerHello (ECDHE-RSA-AES128-GCM), Certificate holding `certificate`, ServerHelloDone. */
function tls12Flight(certificate: Buffer): Buffer {
  const handshake = (type: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([type]), u24(body.length), body]);
  const u24 = (n: number): Buffer => Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
  const hello = handshake(2, Buffer.from(`0303${'cd'.repeat(32)}00c02f000000`, 'hex'));
  const entry = Buffer.concat([u24(certificate.length), certificate]);
  const certificates = handshake(11, Buffer.concat([u24(entry.length), entry]));
  const messages = Buffer.concat([hello, certificates, handshake(14, Buffer.alloc(0))]);
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

test('aborting a diagnosis rejects it with AbortError and closes its sockets', async () => {
  const controller = new AbortController();
  const pending = against((socket) => socket.once('data', () => controller.abort()), { signal: controller.signal });
  await assert.rejects(pending, { name: 'AbortError' });
});

test('a signal aborted before the start rejects with AbortError, DNS included', async () => {
  const request = await localRequest(pki, 443, { host: 'no-such-host.invalid', address: undefined, signal: AbortSignal.abort() });
  await assert.rejects(diagnose(request), { name: 'AbortError' });
});
