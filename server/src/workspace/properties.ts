// Java .properties files (property sets), read with the position of every key and value.
import type { Span } from '../documents/xml/types';

export interface PropertyEntry {
  key: string;
  value: string;
  keySpan: Span;
  /** The raw value as written (continuation lines included). */
  valueSpan: Span;
}

const MAX_ENTRIES = 100_000;

export function parseProperties(text: string): Map<string, PropertyEntry> {
  const out = new Map<string, PropertyEntry>();
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length && out.size < MAX_ENTRIES) {
    const lineEnd = endOfLogicalLine(text, i);
    const entry = readLine(text, i, lineEnd);
    if (entry !== undefined && !out.has(entry.key)) out.set(entry.key, entry);
    i = lineEnd + 1;
  }
  return out;
}

/** Where a logical line ends: a line ending in an odd number of backslashes continues on the next. */
function endOfLogicalLine(text: string, from: number): number {
  let i = from;
  for (;;) {
    let end = text.indexOf('\n', i);
    if (end < 0) end = text.length;
    let backslashes = 0;
    let j = end - 1;
    if (text[j] === '\r') j--;
    while (j >= i && text[j] === '\\') {
      backslashes++;
      j--;
    }
    if (backslashes % 2 === 0 || end >= text.length) return end;
    i = end + 1;
  }
}

function readLine(text: string, start: number, end: number): PropertyEntry | undefined {
  let i = start;
  while (i < end && ' \t\f\r'.includes(text[i]!)) i++;
  if (i >= end || text[i] === '#' || text[i] === '!') return undefined;
  const keyStart = i;
  while (i < end && !'=: \t\f\r'.includes(text[i]!)) i += text[i] === '\\' ? 2 : 1;
  const keyEnd = Math.min(i, end);
  while (i < end && ' \t\f'.includes(text[i]!)) i++;
  if (text[i] === '=' || text[i] === ':') i++;
  while (i < end && ' \t\f'.includes(text[i]!)) i++;
  let valueEnd = end;
  if (text[valueEnd - 1] === '\r') valueEnd--;
  return {
    key: unescape(text.slice(keyStart, keyEnd)),
    value: unescape(text.slice(i, valueEnd)),
    keySpan: { start: keyStart, end: keyEnd },
    valueSpan: { start: Math.min(i, valueEnd), end: valueEnd },
  };
}

function unescape(raw: string): string {
  return raw
    .replace(/\\\r?\n[ \t\f]*/g, '')
    .replace(/\\u([0-9a-fA-F]{4})|\\(.)/g, (_, hex: string | undefined, c: string | undefined) =>
      hex !== undefined ? String.fromCharCode(parseInt(hex, 16)) : ({ t: '\t', n: '\n', r: '\r', f: '\f' }[c!] ?? c!),
    );
}
