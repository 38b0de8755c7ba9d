// The client-certificate handshakes start with the hellos but go on only when the hellos show a CertificateRequest:
// a backend that asks for none sees a ClientHello and nothing else on every connection, one that asks gets the
// handshake finished, with the version Apigee's offer negotiated.
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { test } from 'node:test';
import { collectEvidence } from '../../server/src/probe/diagnose';
import type { ProbeRequest } from '../../server/src/probe/types';
import { parseClientHelloRecord } from './support/client-hello-parser';
import { testPki } from './support/pki';
import { localRequest } from './support/requests';
import { certArgs, startOpenssl, startRawServer } from './support/servers';

/** The content types of the records in what a client sent (its whole side of one connection). */
function recordTypes(bytes: Buffer): number[] {
  const types: number[] = [];
  for (let at = 0; at + 5 <= bytes.length; at += 5 + bytes.readUInt16BE(at + 3)) types.push(bytes[at]!);
  return types;
}

/** An s_server behind a relay that keeps, per connection, every byte the client sent; the evidence beside them. */
async function recordClient(serverArgs: string[], overrides: Partial<ProbeRequest> = {}) {
  const pki = await testPki();
  const backend = await startOpenssl([...certArgs(pki, 'good'), ...serverArgs]);
  const sent: Buffer[] = [];
  const relay = await startRawServer((client) => {
    const chunks: Buffer[] = [];
    const upstream = net.connect({ host: '127.0.0.1', port: backend.port });
    upstream.on('error', () => client.destroy());
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    upstream.on('close', () => client.destroy());
    client.on('data', (chunk: Buffer) => (chunks.push(chunk), upstream.write(chunk)));
    client.on('close', () => (sent.push(Buffer.concat(chunks)), upstream.destroy()));
  });
  try {
    const evidence = await collectEvidence(await localRequest(pki, relay.port, overrides));
    await relay.allClosed();
    return { sent, evidence };
  } finally {
    await relay.stop();
    await backend.stop();
  }
}

const requireCertificate = (pki: { path(name: string): string }): string[] => [
  '-Verify',
  '1',
  '-verify_return_error',
  '-CAfile',
  pki.path('root.crt'),
];

test('no CertificateRequest: eight connections (seven hellos, one held handshake), each carrying one ClientHello and nothing else', async () => {
  const { sent, evidence } = await recordClient([]);
  assert.equal(evidence.clientCertificate, undefined);
  assert.deepEqual(
    sent.map(recordTypes),
    Array.from({ length: 8 }, () => [22]),
  );
});

test('a CertificateRequest: the held handshake goes on past its ClientHello, and its outcome is evidence', async () => {
  const { sent, evidence } = await recordClient(requireCertificate(await testPki()));
  assert.equal(sent.filter((bytes) => recordTypes(bytes).length > 1).length, 1);
  assert.deepEqual(evidence.clientCertificate?.withoutCertificate.kind, 'alert');
});

test("the TLS library's hello negotiated another version than Apigee's: held and closed, the handshake is made again with Apigee's", async () => {
  // Apigee offers TLS 1.1 and 1.3, the TLS library 1.1 to 1.3: a TLS 1.2 server takes 1.1 from one, 1.2 from the other.
  const pki = await testPki();
  const tls11: Partial<ProbeRequest> = {
    profile: 'edge',
    protocols: ['TLSv1.1', 'TLSv1.3'],
    ciphers: ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'TLS_AES_128_GCM_SHA256'],
  };
  const { sent, evidence } = await recordClient([...requireCertificate(pki), '-no_tls1_3', '-cipher', 'DEFAULT@SECLEVEL=0'], tls11);
  assert.equal(evidence.offer?.kind === 'accepted' && evidence.offer.version, 0x0302);
  const finished = sent.filter((bytes) => recordTypes(bytes).length > 1).map(parseClientHelloRecord);
  assert.deepEqual(
    finished.map((h) => [h.clientVersion, h.supportedVersions]),
    [[0x0302, null]],
  );
});
