// A HelloRetryRequest answered by the probe's own second ClientHello (RFC 8446 §4.1.2), seen from a raw server.
// The transcript and key schedule after a retry are checked against real servers in diagnose.test.ts.
import assert from 'node:assert/strict';
import type * as net from 'node:net';
import { test } from 'node:test';
import { sendHello, type HelloOutcome } from '../../server/src/probe/hello-probe';
import { GROUPS } from '../../server/src/tls/registry';
import { parseClientHelloRecord, type SeenHello } from './support/client-hello-parser';
import { startRawServer } from './support/servers';

const HELLO_RETRY_RANDOM = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c';
const AES_128_GCM_SHA256 = 0x1301;

const hex = (n: number, bytes: number): string => n.toString(16).padStart(bytes * 2, '0');

/** A HelloRetryRequest echoing `sessionId`, asking for `group`, with a cookie when given. */
function helloRetryRequest(sessionId: Buffer, group: number, cookie?: Buffer): Buffer {
  const extension = (type: number, data: string): string => hex(type, 2) + hex(data.length / 2, 2) + data;
  const extensions =
    extension(43, '0304') +
    extension(51, hex(group, 2)) +
    (cookie === undefined ? '' : extension(44, hex(cookie.length, 2) + cookie.toString('hex')));
  const body = `0303${HELLO_RETRY_RANDOM}${hex(sessionId.length, 1)}${sessionId.toString('hex')}${hex(AES_128_GCM_SHA256, 2)}00${hex(extensions.length / 2, 2)}${extensions}`;
  const message = `02${hex(body.length / 2, 3)}${body}`;
  return Buffer.from(`160303${hex(message.length / 2, 2)}${message}`, 'hex');
}

/** Reads whole handshake records from a socket, one callback per record. */
function onRecords(socket: net.Socket, each: (record: Buffer) => void): void {
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 5 && pending.length >= 5 + pending.readUInt16BE(3)) {
      const length = 5 + pending.readUInt16BE(3);
      each(pending.subarray(0, length));
      pending = pending.subarray(length);
    }
  });
}

/** A server answering each ClientHello with `answer(hello, index)`; returns the probe's outcome and the hellos seen. */
async function retrying(answer: (hello: SeenHello, index: number) => Buffer): Promise<{ outcome: HelloOutcome; hellos: SeenHello[] }> {
  const hellos: SeenHello[] = [];
  const server = await startRawServer((socket) =>
    onRecords(socket, (record) => {
      const hello = parseClientHelloRecord(record);
      hellos.push(hello);
      socket.write(answer(hello, hellos.length - 1));
    }),
  );
  try {
    const outcome = await sendHello(
      { address: '127.0.0.1', port: server.port },
      { protocols: ['TLSv1.2', 'TLSv1.3'], suites: [AES_128_GCM_SHA256, 0xc02f], sni: 'localhost', readWholeFlight: true },
      { deadline: Date.now() + 5000 },
    );
    return { outcome, hellos };
  } finally {
    await server.stop();
  }
}
const HANDSHAKE_FAILURE = Buffer.from('15030300020228', 'hex');

test('the second hello repeats the first (random, session id, suites), with one share for the group asked and the cookie', async () => {
  const cookie = Buffer.from('a cookie the server wants back');
  const { outcome, hellos } = await retrying((hello, i) =>
    i === 0 ? helloRetryRequest(hello.sessionId, GROUPS.secp384r1, cookie) : HANDSHAKE_FAILURE,
  );
  assert.deepEqual(outcome, { kind: 'alert', alert: 40 });
  const [first, second] = hellos;
  assert.deepEqual(
    [first!.keyShareGroups, first!.cookie, second!.keyShareGroups, second!.cookie],
    [[GROUPS.x25519, GROUPS.secp256r1], null, [GROUPS.secp384r1], cookie],
  );
  assert.deepEqual(
    [second!.random, second!.sessionId, second!.suites, second!.sni],
    [first!.random, first!.sessionId, first!.suites, first!.sni],
  );
});

test('a retry for a group whose share the first hello held: not-tls, no second hello', async () => {
  const { outcome, hellos } = await retrying((hello) => helloRetryRequest(hello.sessionId, GROUPS.x25519));
  assert.equal(outcome.kind === 'failed' && outcome.failure, 'not-tls');
  assert.equal(hellos.length, 1);
});

test('a second HelloRetryRequest: not-tls', async () => {
  const { outcome, hellos } = await retrying((hello, i) =>
    helloRetryRequest(hello.sessionId, i === 0 ? GROUPS.secp384r1 : GROUPS.secp521r1),
  );
  assert.deepEqual([outcome.kind === 'failed' && outcome.detail, hellos.length], ['a second HelloRetryRequest', 2]);
});

test('a retry for a group no share can be made for (ffdhe2048): the version and suite accepted, the chain unknown', async () => {
  const { outcome, hellos } = await retrying((hello) => helloRetryRequest(hello.sessionId, GROUPS.ffdhe2048));
  assert.deepEqual(
    [outcome.kind, outcome.kind === 'accepted' && [outcome.helloRetry, outcome.certificates], hellos.length],
    ['accepted', [true, null], 1],
  );
});
