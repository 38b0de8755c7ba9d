// How long a TLS 1.3 handshake waits for the server's verdict on our Finished: a few handshake times, bounded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { postHandshakeGraceMs } from '../../server/src/probe/full-handshake';

const cases: Array<[number, number]> = [
  [2, 100], // loopback: the floor
  [60, 240], // a nearby backend: four handshake times
  [900, 1000], // a slow one: the ceiling
];
for (const [handshakeMs, graceMs] of cases) {
  test(`a ${handshakeMs} ms handshake waits ${graceMs} ms for a post-handshake alert`, () =>
    assert.equal(postHandshakeGraceMs(handshakeMs), graceMs));
}
