import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TcpStream, type StreamSink } from '../../server/src/capture/tcp-reassembly';

/** What a consumer receives: text for delivered bytes, `[gap n]` for missing ones. */
class Collect implements StreamSink {
  out: string[] = [];
  constructor(private readonly enoughAfter = Infinity) {}
  data(data: Buffer, start: number, end: number): boolean {
    this.out.push(data.toString('latin1', start, end));
    return this.out.join('').length < this.enoughAfter;
  }
  gap(length: number): boolean {
    this.out.push(`[gap ${length}]`);
    return true;
  }
  get text(): string {
    return this.out.join('');
  }
}

const ISN = 1000;

/** A stream opened by a SYN at ISN, fed `[seq offset from ISN+1, text]` segments in the given order. */
function feed(
  segments: [number, string, number?][],
  opts: { isn?: number; syn?: boolean; maxPending?: number; sink?: Collect } = {},
): [Collect, TcpStream] {
  const sink = opts.sink ?? new Collect();
  const stream = new TcpStream(sink, opts.maxPending ?? 1 << 20);
  const isn = opts.isn ?? ISN;
  if (opts.syn ?? true) stream.syn(isn);
  for (const [offset, text, uncaptured] of segments) {
    const bytes = Buffer.from(text, 'latin1');
    stream.segment((isn + 1 + offset) >>> 0, bytes, 0, bytes.length, bytes.length + (uncaptured ?? 0), 0);
  }
  return [sink, stream];
}

test('in-order segments come out as they are', () =>
  assert.equal(
    feed([
      [0, 'abc'],
      [3, 'def'],
    ])[0].text,
    'abcdef',
  ));
test('an out-of-order segment waits for the hole before it', () =>
  assert.equal(
    feed([
      [3, 'def'],
      [0, 'abc'],
    ])[0].text,
    'abcdef',
  ));
test('several held segments drain in order', () =>
  assert.equal(
    feed([
      [6, 'ghi'],
      [3, 'def'],
      [9, 'j'],
      [0, 'abc'],
    ])[0].text,
    'abcdefghij',
  ));
test('a retransmission is delivered once', () =>
  assert.equal(
    feed([
      [0, 'abc'],
      [0, 'abc'],
      [3, 'def'],
    ])[0].text,
    'abcdef',
  ));
test('an overlapping segment gives only its new bytes', () =>
  assert.equal(
    feed([
      [0, 'abcd'],
      [2, 'cdef'],
    ])[0].text,
    'abcdef',
  ));
test('held segments that overlap each other: the one starting earlier wins', () =>
  assert.equal(
    feed([
      [4, 'EFG'],
      [2, 'cdXY'],
      [0, 'ab'],
    ])[0].text,
    'abcdXYG',
  ));
test('a segment inside what was delivered is ignored', () =>
  assert.equal(
    feed([
      [0, 'abcdef'],
      [2, 'XY'],
      [6, 'g'],
    ])[0].text,
    'abcdefg',
  ));
test('sequence numbers wrap around 2^32', () =>
  assert.equal(
    feed(
      [
        [0, 'abc'],
        [3, 'def'],
        [6, 'gh'],
      ],
      { isn: 0xfffffffc },
    )[0].text,
    'abcdefgh',
  ));
test('out of order across the wrap', () =>
  assert.equal(
    feed(
      [
        [3, 'def'],
        [0, 'abc'],
      ],
      { isn: 0xfffffffd },
    )[0].text,
    'abcdef',
  ));

test('without a SYN the stream starts at the first byte seen, marked mid-stream', () => {
  const [sink, stream] = feed(
    [
      [50, 'xyz'],
      [53, 'w'],
    ],
    { syn: false },
  );
  assert.deepEqual([sink.text, stream.midstream], ['xyzw', true]);
});

test('with a SYN the stream is not mid-stream', () => assert.equal(feed([[0, 'a']])[1].midstream, false));

test('a hole the peer acknowledged past is given up: a gap, then the held bytes', () => {
  const [sink, stream] = feed([
    [0, 'abc'],
    [6, 'ghi'],
  ]);
  stream.peerAck((ISN + 1 + 9) >>> 0, 0);
  assert.deepEqual(sink.out, ['abc', '[gap 3]', 'ghi']);
  assert.equal(stream.missing, 3);
});

test('an acknowledgement short of the held bytes keeps waiting for the hole', () => {
  const [sink, stream] = feed([
    [0, 'abc'],
    [6, 'ghi'],
  ]);
  stream.peerAck((ISN + 1 + 4) >>> 0, 0);
  assert.deepEqual(sink.out, ['abc']);
});

test('at the end of the capture held bytes are handed on across their holes', () => {
  const [sink, stream] = feed([
    [0, 'ab'],
    [4, 'ef'],
    [10, 'k'],
  ]);
  stream.finish(0);
  assert.deepEqual(sink.out, ['ab', '[gap 2]', 'ef', '[gap 4]', 'k']);
});

test('held bytes beyond the buffer limit give up the hole', () => {
  const [sink] = feed(
    [
      [0, 'ab'],
      [5, 'fghij'],
      [10, 'klmno'],
    ],
    { maxPending: 8 },
  );
  assert.deepEqual(sink.out, ['ab', '[gap 3]', 'fghij', 'klmno']);
});

test('a segment cut by the snaplen: its captured bytes, then a gap for the rest', () => {
  const [sink] = feed([
    [0, 'abc', 5],
    [8, 'ijk'],
  ]);
  assert.deepEqual(sink.out, ['abc', '[gap 5]', 'ijk']);
});

test('a retransmission filling a cut segment adds only what lies beyond the gap', () => {
  const [sink] = feed([
    [0, 'abc', 5],
    [0, 'abcdefghij'],
  ]);
  assert.deepEqual(sink.out, ['abc', '[gap 5]', 'ij']);
});

test('once the consumer says enough, nothing more is delivered or held', () => {
  const sink = new Collect(4);
  const [, stream] = feed(
    [
      [0, 'abcd'],
      [8, 'ijkl'],
      [4, 'efgh'],
    ],
    { sink },
  );
  assert.deepEqual([sink.out, stream.done], [['abcd'], true]);
});

test('empty segments (pure ACKs) change nothing', () =>
  assert.equal(
    feed([
      [0, ''],
      [0, 'ab'],
      [2, ''],
    ])[0].text,
    'ab',
  ));
