// Counted nouns: "1 TLS connection", never "1 TLS connections", in every message that counts.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { counted } from '../../server/src/shared/plural';

it('singular for exactly one, plural otherwise, with thousands separators', () => {
  assert.deepEqual(
    [
      counted(0, 'TLS connection'),
      counted(1, 'TLS connection'),
      counted(2, 'packet'),
      counted(1000, 'packet'),
      counted(1, 'entry', 'entries'),
    ],
    ['0 TLS connections', '1 TLS connection', '2 packets', '1,000 packets', '1 entry'],
  );
});
