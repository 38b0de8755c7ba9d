// One environment file of 20,000 TargetServers is read in time linear in its size (code review 3, finding 12): every
// server gets its own connection, and the array searches the read makes stay a bounded number per server. (A find
// over every connection for each server, as before, makes 200 million predicate calls here.) Time: `npm run bench --
// input-scale`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFacts } from '../../server/src/workspace/facts';
import type { TargetServerDef } from '../../server/src/workspace/model';
import { manyTargetServers } from './support/many-target-servers';

const N = 20_000;
const text = manyTargetServers(N);

const SEARCHES = ['find', 'findIndex', 'some', 'every', 'filter'] as const;

/** Runs `work` counting the predicate calls of every array search it makes (Array.prototype, restored after). */
function countingSearches<T>(work: () => T): { result: T; calls: number } {
  const originals = SEARCHES.map((name) => [name, Array.prototype[name]] as const);
  let calls = 0;
  for (const [name, original] of originals) {
    Object.defineProperty(Array.prototype, name, {
      configurable: true,
      writable: true,
      value: function (this: unknown[], predicate: (...args: unknown[]) => unknown, thisArg?: unknown) {
        return (original as (p: (...args: unknown[]) => unknown) => unknown).call(this, (...args: unknown[]) => {
          calls++;
          return predicate.apply(thisArg, args);
        });
      },
    });
  }
  try {
    return { result: work(), calls };
  } finally {
    for (const [name, original] of originals)
      Object.defineProperty(Array.prototype, name, { configurable: true, writable: true, value: original });
  }
}

describe(`an environment file of ${N.toLocaleString('en-US')} TargetServers`, () => {
  const { result: facts, calls } = countingSearches(() => readFacts('/x/resources/edge/env/test/targetServers.json', text));
  const servers = (facts?.entities ?? []) as TargetServerDef[];
  it('reads every server', () => assert.deepEqual([servers.length, servers.at(-1)?.name], [N, `ts${N - 1}`]));
  it('gives each server its own connection', () =>
    assert.equal(servers.filter((s) => s.connection?.ownerName === s.name && s.connection.root.span === s.span).length, N));
  it('makes at most 100 array-search predicate calls per server', () => assert.ok(calls <= 100 * N, `${calls} calls`));
});
