// Which fixes are safe in a JSON file: the rules' edits are written for XML, so only those that change a
// value in place (inside a string, or one boolean for another) are kept.
import type { Fix, TextEdit } from '../model';
import type { Span } from '../xml/types';
import type { JsonNode } from './json-document';

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
  const safe = (e: TextEdit): boolean =>
    (strings.some((s) => s.start <= e.start && e.end <= s.end) && !/["\\\n\r<]/.test(e.newText)) ||
    (booleans.some((b) => b.start === e.start && b.end === e.end) && (e.newText === 'true' || e.newText === 'false'));
  return (fixes) =>
    fixes
      .filter((f) => f.edits.every(safe))
      .map((f) => ({ ...f, edits: f.edits.map(({ start, end, newText }) => ({ start, end, newText })) }));
}
