// Where a bundle XML file's logic reads a variable, answered per match in O(log n): the elements and braces are
// indexed once per file. Asking `lastIndexOf` of the whole text for every match made a file of 250k variables in a
// <Payload> (never a read) quadratic: the scan of 4 MB did not finish in 90 s.

/** Sorted positions of every occurrence of `needle`. */
function positions(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) out.push(i);
  return out;
}

/** How many of the sorted positions are ≤ at. */
function countAtOrBefore(sorted: readonly number[], at: number): number {
  let [lo, hi] = [0, sorted.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The last of the sorted positions that is ≤ at (-1: none). */
const lastAtOrBefore = (sorted: readonly number[], at: number): number => sorted[countAtOrBefore(sorted, at) - 1] ?? -1;

/** The first of the sorted positions that is ≥ at (-1: none). */
const firstAtOrAfter = (sorted: readonly number[], at: number): number => sorted[countAtOrBefore(sorted, at - 1)] ?? -1;

/** Whether an element opened before `at` is still open there: its last `<tag` after its last `</tag>`. */
function insideOf(text: string, tag: string): (at: number) => boolean {
  const opens = positions(text, `<${tag}`);
  const closes = positions(text, `</${tag}>`);
  return (at) => lastAtOrBefore(opens, at) > lastAtOrBefore(closes, at);
}

/**
 * Whether a variable's name in a bundle XML file is read by the proxy's logic: a flow condition, a `<Ref>` or
 * `ref=""`, or a message template (`{tls.client.s.dn}`) outside a `<Payload>` (a response that echoes variables decides
 * nothing, and the literal text around its templates is not a read at all).
 */
export function logicReads(text: string): (start: number, end: number) => boolean {
  const inPayload = insideOf(text, 'Payload');
  const inCondition = insideOf(text, 'Condition');
  const opens = positions(text, '{');
  const closes = positions(text, '}');
  return (start, end) => {
    if (inPayload(start)) return false;
    const before = text.slice(Math.max(0, start - 40), start);
    if (inCondition(start) || /<Ref>\s*$/.test(before) || /\bref\s*=\s*["']\s*$/.test(before)) return true;
    const open = lastAtOrBefore(opens, start);
    const close = firstAtOrAfter(closes, end);
    const nextOpen = firstAtOrAfter(opens, end);
    return open > lastAtOrBefore(closes, start) && close >= 0 && (nextOpen < 0 || nextOpen > close);
  };
}
