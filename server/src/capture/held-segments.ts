// The out-of-order segments one TCP direction holds, as a binary min-heap on (stream offset, arrival): holding one
// and taking the first both cost O(log n), whatever order a capture (or a hostile file) brings them in. Among
// segments at the same offset the first to arrive comes out first, so that the first copy of a byte wins.

export interface HeldSegment {
  offset: number;
  bytes: Buffer;
  /** Bytes the segment carried beyond those captured (the snaplen cut them). */
  hole: number;
  time: number;
}

type Entry = HeldSegment & { arrival: number };

export class HeldSegments {
  private heap: Entry[] = [];
  private arrivals = 0;

  get size(): number {
    return this.heap.length;
  }

  /** The held segment with the lowest offset, or undefined. */
  first(): HeldSegment | undefined {
    return this.heap[0];
  }

  add(segment: HeldSegment): void {
    const heap = this.heap;
    heap.push({ ...segment, arrival: this.arrivals++ });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  /** Removes and returns the held segment with the lowest offset. */
  take(): HeldSegment | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < heap.length && before(heap[left]!, heap[least]!)) least = left;
      if (right < heap.length && before(heap[right]!, heap[least]!)) least = right;
      if (least === i) return top;
      [heap[i], heap[least]] = [heap[least]!, heap[i]!];
      i = least;
    }
  }

  clear(): void {
    this.heap = [];
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.offset < b.offset || (a.offset === b.offset && a.arrival < b.arrival);
}
