// The probe pool: every item run once, results in order, never more than the pool size at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapPool, ProbePool } from '../../server/src/probe/pool';

test('at most `size` runs at once, every item once, results in order', async () => {
  let running = 0;
  let most = 0;
  const results = await mapPool([...Array(23).keys()], 4, async (n) => {
    most = Math.max(most, ++running);
    await new Promise((resolve) => setImmediate(resolve));
    running--;
    return n * 2;
  });
  assert.deepEqual([most, results], [4, [...Array(23).keys()].map((n) => n * 2)]);
});

test('no items, no runs', async () => assert.deepEqual(await mapPool([], 4, () => Promise.reject(new Error('ran'))), []));

test('one run at a time per key (one backend), others side by side', async () => {
  const running = new Map<string, number>();
  let mostPerKey = 0;
  let most = 0;
  let total = 0;
  const items = [...Array(12).keys()].map((n) => ({ n, host: `h${n % 3}` }));
  await mapPool(
    items,
    8,
    async ({ host }) => {
      running.set(host, (running.get(host) ?? 0) + 1);
      total++;
      mostPerKey = Math.max(mostPerKey, running.get(host)!);
      most = Math.max(most, total);
      await new Promise((resolve) => setImmediate(resolve));
      running.set(host, running.get(host)! - 1);
      total--;
    },
    (item) => item.host,
  );
  assert.deepEqual([mostPerKey, most], [1, 3]);
});

test('a failing run rejects the pool', async () =>
  assert.rejects(
    mapPool([1, 2, 3], 2, (n) => (n === 2 ? Promise.reject(new Error('boom')) : Promise.resolve(n))),
    /boom/,
  ));

test('one pool for two requests: a backend both name is probed by one at a time, and the size bounds both together', async () => {
  const pool = new ProbePool(3);
  const running = new Map<string, number>();
  let mostPerKey = 0;
  let most = 0;
  let total = 0;
  const request = (hosts: string[]) =>
    Promise.all(
      hosts.map((host) =>
        pool.run(host, async () => {
          running.set(host, (running.get(host) ?? 0) + 1);
          mostPerKey = Math.max(mostPerKey, running.get(host)!);
          most = Math.max(most, ++total);
          await new Promise((resolve) => setImmediate(resolve));
          running.set(host, running.get(host)! - 1);
          total--;
          return host;
        }),
      ),
    );
  const results = await Promise.all([request(['a', 'b', 'c', 'd']), request(['a', 'b', 'c', 'd'])]);
  assert.deepEqual([mostPerKey, most, results[1]], [1, 3, ['a', 'b', 'c', 'd']]);
});
