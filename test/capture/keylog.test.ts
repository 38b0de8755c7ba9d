import { execFileSync } from 'node:child_process';
// The NSS key log (SSLKEYLOGFILE) read for TLS 1.3 handshake secrets: other labels and broken lines are counted,
// never thrown; a file is read up to a bound.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { MAX_KEYLOG_BYTES, parseKeyLog, readKeyLogFile } from '../../server/src/capture/keylog';

const RANDOM = 'ab'.repeat(32);
const SECRET = '01'.repeat(32);
const SECRET48 = '02'.repeat(48);
const dir = mkdtempSync(join(tmpdir(), 'keylog-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const secretsOf = (text: string) => parseKeyLog(text).secrets.get(RANDOM);
const counts = (text: string) => {
  const { ignored, malformed, secrets } = parseKeyLog(text);
  return { ignored, malformed, handshakes: secrets.size };
};

test('a client handshake secret', () =>
  assert.equal(secretsOf(`CLIENT_HANDSHAKE_TRAFFIC_SECRET ${RANDOM} ${SECRET}`)?.clientHandshake?.toString('hex'), SECRET));
test('a server handshake secret (SHA-384)', () =>
  assert.equal(secretsOf(`SERVER_HANDSHAKE_TRAFFIC_SECRET ${RANDOM} ${SECRET48}`)?.serverHandshake?.toString('hex'), SECRET48));
test('both secrets of one handshake, CRLF line ends', () =>
  assert.deepEqual(
    Object.keys(
      secretsOf(`CLIENT_HANDSHAKE_TRAFFIC_SECRET ${RANDOM} ${SECRET}\r\nSERVER_HANDSHAKE_TRAFFIC_SECRET ${RANDOM} ${SECRET}\r\n`) ?? {},
    ).sort(),
    ['clientHandshake', 'serverHandshake'],
  ));
test('an upper-case client random is found by its lower-case hex', () =>
  assert.ok(secretsOf(`CLIENT_HANDSHAKE_TRAFFIC_SECRET ${RANDOM.toUpperCase()} ${SECRET}`)));
test('comments and blank lines are nothing', () =>
  assert.deepEqual(counts(`# SSL/TLS secrets log file\n\n   \n`), { ignored: 0, malformed: 0, handshakes: 0 }));
test('other labels are ignored', () =>
  assert.deepEqual(
    counts(`CLIENT_RANDOM ${RANDOM} ${'03'.repeat(48)}\nCLIENT_TRAFFIC_SECRET_0 ${RANDOM} ${SECRET}\nEXPORTER_SECRET ${RANDOM} ${SECRET}`),
    { ignored: 3, malformed: 0, handshakes: 0 },
  ));
test('a line with two fields is malformed', () =>
  assert.deepEqual(counts(`CLIENT_HANDSHAKE_TRAFFIC_SECRET ${RANDOM}`), { ignored: 0, malformed: 1, handshakes: 0 }));
test('a short client random is malformed', () =>
  assert.deepEqual(counts(`CLIENT_HANDSHAKE_TRAFFIC_SECRET abcd ${SECRET}`), { ignored: 0, malformed: 1, handshakes: 0 }));
test('a secret that is not hex is malformed', () =>
  assert.deepEqual(counts(`CLIENT_HANDSHAKE_TRAFFIC_SECRET ${RANDOM} ${'zz'.repeat(32)}`), { ignored: 0, malformed: 1, handshakes: 0 }));
test('a secret of an odd number of digits is malformed', () =>
  assert.deepEqual(counts(`CLIENT_HANDSHAKE_TRAFFIC_SECRET ${RANDOM} ${SECRET}0`), { ignored: 0, malformed: 1, handshakes: 0 }));
test('a line over 1 KB is skipped', () =>
  assert.deepEqual(counts(`CLIENT_HANDSHAKE_TRAFFIC_SECRET ${RANDOM} ${'00'.repeat(600)}`), { ignored: 0, malformed: 1, handshakes: 0 }));
test('binary garbage is malformed lines, no exception', () =>
  assert.equal(parseKeyLog(Buffer.from([0, 255, 10, 1, 2, 3, 10, 0xc3, 0x28])).secrets.size, 0));
test('a good line after bad ones still counts', () =>
  assert.deepEqual(counts(`garbage\n\u0000\u0001\nCLIENT_HANDSHAKE_TRAFFIC_SECRET ${RANDOM} ${SECRET}`), {
    ignored: 0,
    malformed: 2,
    handshakes: 1,
  }));
test('a file is read', () => {
  writeFileSync(join(dir, 'keys.log'), `SERVER_HANDSHAKE_TRAFFIC_SECRET ${RANDOM} ${SECRET}\n`);
  assert.ok(readKeyLogFile(join(dir, 'keys.log')).secrets.get(RANDOM)?.serverHandshake);
});
test('a file is read up to 16 MB: a line past that is not', () => {
  const line = `CLIENT_HANDSHAKE_TRAFFIC_SECRET ${RANDOM} ${SECRET}\n`;
  writeFileSync(join(dir, 'big.log'), '#'.repeat(MAX_KEYLOG_BYTES) + '\n' + line);
  assert.equal(readKeyLogFile(join(dir, 'big.log')).secrets.size, 0);
});
test('a missing file throws saying so', () => assert.throws(() => readKeyLogFile(join(dir, 'absent.log')), /it does not exist/));
test('a FIFO is refused, never waited on', () => {
  execFileSync('mkfifo', [join(dir, 'fifo.log')]);
  assert.throws(() => readKeyLogFile(join(dir, 'fifo.log')), /it is not a file/);
});
