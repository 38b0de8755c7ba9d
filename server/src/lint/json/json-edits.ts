// Which fixes are safe in a JSON file: the rules' edits are written for XML, so only those that change a
// value in place (inside a string, or one boolean for another) are kept.
import type { Fix, TextEdit } from '../model';
import type { Span } from '../../documents/xml/types';
import type { JsonNode } from '../../documents/json/json-document';

export function jsonSafeFixes(root: JsonNode): (fixes: Fix[]) => Fix[] {
  const strings: Span[] = [];
  const booleans: Span[] = [];
  const visit = (node: JsonNode): void => {
    if (node.kind === 'string') strings.push(node.contentSpan);
    else if (node.kind === 'boolean') booleans.push(node.span);
    else if (node.kind === 'array') node.items.forEach(visit);
    else if (node.kind === 'object') node.properties.forEach((p) => visit(p.value));
  };
  visit(root);
  // The visit meets values in document order: `strings` is sorted and disjoint, so a binary search finds the
  // one that could hold an edit (a file with thousands of TargetServers stays linear).
  const booleanAt = new Map(booleans.map((b) => [b.start, b.end]));
  const insideString = (e: TextEdit): boolean => {
    let lo = 0;
    let hi = strings.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (strings[mid]!.end < e.end) lo = mid + 1;
      else hi = mid;
    }
    const s = strings[lo];
    return s !== undefined && s.start <= e.start && e.end <= s.end;
  };
  const safe = (e: TextEdit): boolean =>
    (insideString(e) && !/["\\\n\r<]/.test(e.newText)) ||
    (booleanAt.get(e.start) === e.end && (e.newText === 'true' || e.newText === 'false'));
  return (fixes) =>
    fixes
      .filter((f) => f.edits.every(safe))
      .map((f) => ({ ...f, edits: f.edits.map(({ start, end, newText }) => ({ start, end, newText })) }));
}
