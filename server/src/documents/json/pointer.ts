// RFC 6901 JSON Pointers into a parsed document: the pointer of the innermost value holding a span (a finding's),
// so that a finding in a JSON file can be named without a line number that the next edit moves.
import type { Span } from '../xml/types';
import type { JsonNode, JsonProperty } from './json-document';

const escape = (token: string): string => token.replace(/~/g, '~0').replace(/\//g, '~1');

const holds = (outer: Span, inner: Span): boolean => outer.start <= inner.start && inner.end <= outer.end;

/** The pointer of the innermost value whose span (or whose property's key) holds `span`; '' for the root. */
export function pointerAt(root: JsonNode, span: Span): string {
  let pointer = '';
  let node: JsonNode | undefined = root;
  // Iterative: the parser bounds the depth, and a pointer is built in one pass down.
  while (node !== undefined) {
    let next: JsonNode | undefined;
    if (node.kind === 'object') {
      const property: JsonProperty | undefined = node.properties.find((p) =>
        holds({ start: p.keySpan.start, end: p.value.span.end }, span),
      );
      if (property !== undefined) {
        pointer += `/${escape(property.key)}`;
        next = property.value;
      }
    } else if (node.kind === 'array') {
      const index = node.items.findIndex((item) => holds(item.span, span));
      if (index >= 0) {
        pointer += `/${index}`;
        next = node.items[index];
      }
    }
    node = next;
  }
  return pointer;
}

/** Whether `pointer` names `target` or a value that holds it (`/0` holds `/0/sSLInfo/protocols`). */
export function pointerHolds(pointer: string, target: string): boolean {
  return pointer === target || target.startsWith(`${pointer}/`);
}
