// settleOnce: one result, whatever happens first; a start that throws settles at once and cleans up.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { settleOnce } from '../../server/src/probe/socket-failure';

test('a start that throws synchronously settles with a failure naming why, and runs the cleanup once', async () => {
  let cleanups = 0;
  const result = await settleOnce<string>(
    { deadline: Date.now() + 60_000 },
    () => cleanups++,
    () => {
      throw new Error('bad address');
    },
  );
  assert.deepEqual(
    [result, cleanups],
    [{ kind: 'failed', failure: 'connection-refused', detail: 'the connection could not be started: bad address' }, 1],
  );
});

test('the first result wins; later ones are ignored', async () => {
  const result = await settleOnce<string>(
    { deadline: Date.now() + 60_000 },
    () => undefined,
    (finish) => {
      finish('first');
      finish('second');
    },
  );
  assert.equal(result, 'first');
});
