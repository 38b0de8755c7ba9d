// The elements open at an offset, read tolerantly from raw text: completion runs on half-typed documents
// that no XML parser accepts. One forward pass: every character is looked at once, so a document full of
// unclosed `<` costs no more than any other of its size.

/** Counts the characters a scan looks at (tests check that the work grows linearly). */
export interface ScanWork {
  steps: number;
}

const NAME_START = /[A-Za-z_]/;
const NAME = /[\w.:-]*/y;

/** Names of the elements enclosing `offset`, outermost first. */
export function openElementsAt(text: string, offset: number, work: ScanWork = { steps: 0 }): string[] {
  const stack = new OpenStack(work);
  const end = Math.min(Math.max(offset, 0), text.length);
  let i = 0;
  while (i < end) {
    work.steps++;
    if (text[i] !== '<') {
      i++;
    } else if (text.startsWith('<!--', i)) {
      i = skipPast(text, '-->', i + 4, end, work);
    } else if (text.startsWith('<![CDATA[', i)) {
      i = skipPast(text, ']]>', i + 9, end, work);
    } else if (text.startsWith('<?', i)) {
      i = skipPast(text, '?>', i + 2, end, work);
    } else {
      i = readTag(text, i, end, stack, work);
    }
  }
  return stack.names;
}

/** The open elements; a close tag costs as much as the elements it closes (a name not open costs nothing). */
class OpenStack {
  readonly names: string[] = [];
  private readonly counts = new Map<string, number>();

  constructor(private readonly work: ScanWork) {}

  open(name: string): void {
    this.names.push(name);
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }

  close(name: string): void {
    if (!this.counts.get(name)) return;
    for (;;) {
      this.work.steps++;
      const top = this.names.pop()!;
      this.counts.set(top, this.counts.get(top)! - 1);
      if (top === name) return;
    }
  }
}

/** The offset after `terminator`, or `end` when it does not come before `end`. */
function skipPast(text: string, terminator: string, from: number, end: number, work: ScanWork): number {
  for (let i = from; i + terminator.length <= end; i++) {
    work.steps++;
    if (text.startsWith(terminator, i)) return i + terminator.length;
  }
  return end;
}

/**
 * Reads the tag at `<` (text[start]) and applies it to the stack; returns where scanning goes on. A tag that a
 * `<` interrupts (XML allows none inside tags, not even in attribute values) or that runs to `end` is
 * incomplete and opens nothing; scanning goes on at that `<`, so no character is read twice.
 */
function readTag(text: string, start: number, end: number, stack: OpenStack, work: ScanWork): number {
  const closing = text[start + 1] === '/';
  const nameStart = start + (closing ? 2 : 1);
  if (nameStart >= end || !NAME_START.test(text[nameStart]!)) return start + 1;
  NAME.lastIndex = nameStart + 1;
  NAME.exec(text);
  const nameEnd = Math.min(NAME.lastIndex, end);
  work.steps += nameEnd - nameStart;
  const name = text.slice(nameStart, nameEnd);
  let quote: string | undefined;
  for (let i = nameEnd; i < end; i++) {
    work.steps++;
    const c = text[i]!;
    if (c === '<') return i;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      if (closing) stack.close(name);
      else if (text[i - 1] !== '/') stack.open(name);
      return i + 1;
    }
  }
  return end;
}
