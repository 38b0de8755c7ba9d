// How long a TLS 1.3 handshake waits for the server's verdict on our Finished: two measured round trips, bounded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { postHandshakeGraceMs } from '../../server/src/probe/full-handshake';

const cases: Array<[number, number]> = [
  [2, 50], // loopback: the floor
  [60, 120], // a nearby backend: two round trips
  [900, 1000], // a slow one: the ceiling
];
for (const [roundTripMs, graceMs] of cases) {
  test(`a ${roundTripMs} ms round trip waits ${graceMs} ms for a post-handshake alert`, () =>
    assert.equal(postHandshakeGraceMs(roundTripMs), graceMs));
}
