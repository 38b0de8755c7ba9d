// The probe pool: every item run once, results in order, never more than the pool size at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapPool } from '../../server/src/probe/pool';

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
