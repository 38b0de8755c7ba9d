// The probe offers exactly what it was told: a server that records each ClientHello sees the versions,
// suites and SNI requested, and nothing but one handshake record per connection.
import { createPrivateKey } from 'node:crypto';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { suiteCode } from '../../server/src/tls/cipher-suites';
import { javaSuites } from '../../server/src/tls/java';
import { diagnose } from '../../server/src/probe/diagnose';
import { MAX_CONNECTIONS_PER_DIAGNOSIS } from '../../server/src/probe/pool';
import type { ProbeRequest } from '../../server/src/probe/types';
import { parseClientHelloRecord, type SeenHello } from './support/client-hello-parser';
import { testPki } from './support/pki';
import { localRequest } from './support/requests';
import { startRawServer } from './support/servers';

/** Refuses every hello with handshake_failure and returns, per connection, every byte the client sent. */
async function record(overrides: Partial<ProbeRequest>): Promise<Buffer[]> {
  const received: Buffer[] = [];
  const server = await startRawServer((socket) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      socket.write(Buffer.from('15030300020228', 'hex'));
    });
    socket.on('close', () => received.push(Buffer.concat(chunks)));
  });
  try {
    await diagnose(await localRequest(await testPki(), server.port, overrides));
    await server.allClosed();
    return received;
  } finally {
    await server.stop();
  }
}

const offer = {
  protocols: ['TLSv1.2', 'TLSv1.3'] as ProbeRequest['protocols'],
  ciphers: ['TLS_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'],
};
const isOffer = (h: SeenHello): boolean => h.suites.join() === offer.ciphers.map(suiteCode).join();
/** The SNI of each hello, sorted (null, no SNI, last). */
const sniOf = (hellos: SeenHello[]): (string | null)[] => hellos.map((h) => h.sni).sort();

test('eight connections (the offer, without SNI, one per version, every Java suite, the held client-certificate handshake), each carrying exactly one ClientHello record and nothing else', async () => {
  const received = await record(offer);
  assert.equal(received.length, 8);
  for (const bytes of received) {
    assert.equal(bytes.length, 5 + bytes.readUInt16BE(3));
    assert.equal(bytes[0], 22);
  }
});

test('with two-way TLS configured, nine: the most one diagnosis opens, which the probe pool counts on', async () => {
  const pki = await testPki();
  const clientCertificate = { cert: await pki.pem('client.crt'), key: createPrivateKey(await pki.pem('client.key')) };
  const received = await record({ ...offer, clientAuthEnabled: true, clientCertificate });
  assert.equal(received.length, MAX_CONNECTIONS_PER_DIAGNOSIS);
});

test("Apigee's offer arrives with its suites, its versions and its SNI", async () => {
  const hellos = (await record(offer)).map(parseClientHelloRecord);
  const withSni = hellos.filter(isOffer).filter((h) => h.sni === 'localhost');
  assert.equal(withSni.length, 1);
  assert.deepEqual([withSni[0]!.supportedVersions, withSni[0]!.clientVersion], [[0x0304, 0x0303], 0x0303]);
});

const isJavaOffer = (h: SeenHello): boolean => h.suites.join() === javaSuites('apigeex').map(suiteCode).join();

test("besides the offer: one hello per version, the offer once more without SNI, once with every suite Java implements, and the TLS library's own hello", async () => {
  const hellos = (await record(offer)).map(parseClientHelloRecord);
  const java = hellos.filter(isJavaOffer);
  assert.deepEqual(
    java.map((h) => [h.sni, h.supportedVersions]),
    [['localhost', [0x0304, 0x0303]]],
  );
  const others = hellos
    .filter((h) => !isOffer(h) && !isJavaOffer(h))
    .map((h) => [h.sni, (h.supportedVersions ?? [h.clientVersion]).join()]);
  // The client-certificate handshake, started with the hellos and held at its ClientHello: the offer's versions and SNI.
  assert.deepEqual(others.sort(), [
    ['localhost', '769'],
    ['localhost', '770'],
    ['localhost', '771'],
    ['localhost', '772'],
    ['localhost', '772,771'],
  ]);
  assert.deepEqual(sniOf(hellos.filter(isOffer)), ['localhost', null]);
});

test('a TLS 1.2-only offer has no supported_versions and no key share', async () => {
  const hellos = (await record({ protocols: ['TLSv1.2'], ciphers: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'] })).map(parseClientHelloRecord);
  const theOffer = hellos.find((h) => h.suites.length === 1 && h.sni === 'localhost')!;
  assert.deepEqual([theOffer.supportedVersions, theOffer.keyShareGroups, theOffer.clientVersion], [null, [], 0x0303]);
});

test('a TLS 1.3 hello offers x25519 and P-256 key shares', async () => {
  const hellos = (await record(offer)).map(parseClientHelloRecord);
  assert.deepEqual(hellos.find(isOffer)!.keyShareGroups, [29, 23]);
});

test('an IP address is never sent as SNI', async () => {
  const hellos = (await record({ ...offer, host: '127.0.0.1', sni: null })).map(parseClientHelloRecord);
  assert.deepEqual([...new Set(hellos.map((h) => h.sni))], [null]);
});

test('an IP address asked for as SNI is not sent either', async () => {
  const hellos = (await record({ ...offer, host: '127.0.0.1', sni: '127.0.0.1' })).map(parseClientHelloRecord);
  assert.deepEqual([...new Set(hellos.map((h) => h.sni))], [null]);
});

test('with SNI off for a named host, the offer has no SNI (a second hello checks whether SNI would help)', async () => {
  const hellos = (await record({ ...offer, sni: null })).map(parseClientHelloRecord);
  assert.deepEqual(sniOf(hellos.filter(isOffer)), ['localhost', null]);
});

test('an offer that already holds every suite Java implements is not sent twice', async () => {
  const hellos = (await record({ ...offer, ciphers: javaSuites('apigeex') })).map(parseClientHelloRecord);
  assert.deepEqual(sniOf(hellos.filter(isJavaOffer)), ['localhost', null]);
});
