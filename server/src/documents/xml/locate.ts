// Reads an element's exact spans from the source, given the start and end offsets fast-xml-parser reports.
import type { Span, XmlAttribute, XmlElement } from './types';

export function locateElement(
  text: string,
  name: string,
  start: number,
  endHint: number,
  parent: XmlElement | undefined,
): XmlElement | undefined {
  if (text.charCodeAt(start) !== 0x3c /* < */ || !text.startsWith(name, start + 1)) return undefined;
  const nameSpan = { start: start + 1, end: start + 1 + name.length };
  const attributes: XmlAttribute[] = [];
  let i = nameSpan.end;
  let selfClosing = false;
  for (;;) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (i >= text.length) return undefined;
    const c = text.charCodeAt(i);
    if (c === 0x3e /* > */) break;
    if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x3e) {
      selfClosing = true;
      i++;
      break;
    }
    const attrStart = i;
    while (i < text.length && !isSpace(text.charCodeAt(i)) && text[i] !== '=' && text[i] !== '>' && text[i] !== '/') i++;
    const attrName = text.slice(attrStart, i);
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (text[i] !== '=' || attrName === '') return undefined;
    i++;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    const quote = text[i];
    if (quote !== '"' && quote !== "'") return undefined;
    const close = text.indexOf(quote, i + 1);
    if (close < 0) return undefined;
    attributes.push({
      name: attrName,
      nameSpan: { start: attrStart, end: attrStart + attrName.length },
      value: text.slice(i + 1, close),
      valueSpan: { start: i + 1, end: close },
      span: { start: attrStart, end: close + 1 },
    });
    i = close + 1;
  }
  const startTag = { start, end: i + 1 };
  let endTag: Span | undefined;
  let end = startTag.end;
  if (!selfClosing) {
    const closing = `</${name}`;
    // fast-xml-parser's end offset is at (or just past) the end tag's `>`.
    const gt = text.charCodeAt(endHint) === 0x3e ? endHint : text.lastIndexOf('>', endHint);
    const at = text.lastIndexOf(closing, gt);
    if (at < startTag.end) return undefined;
    endTag = { start: at, end: gt + 1 };
    end = gt + 1;
  }
  return {
    name,
    span: { start, end },
    nameSpan,
    startTag,
    endTag,
    attributes,
    children: [],
    parent,
    text: '',
    textSpan: undefined,
    opaque: false,
  };
}

/** Fills `text`, `textSpan` and `opaque` of a leaf element from its content. */
export function readLeafText(source: string, element: XmlElement): void {
  if (element.endTag === undefined) return;
  const from = element.startTag.end;
  const to = element.endTag.start;
  const content = source.slice(from, to);
  if (content.indexOf('<') < 0) {
    const lead = content.length - content.trimStart().length;
    const trimmed = content.trim();
    if (trimmed === '') return;
    element.textSpan = { start: from + lead, end: from + lead + trimmed.length };
    const decoded = decodeEntities(trimmed);
    element.text = decoded.text;
    element.opaque = decoded.opaque;
    return;
  }
  // Comments and CDATA inside a value: unwrap CDATA, drop comments; the span covers the text-bearing part.
  let text = '';
  let first = -1;
  let last = -1;
  let opaque = false;
  let i = 0;
  while (i < content.length) {
    if (content.startsWith('<!--', i)) {
      const e = content.indexOf('-->', i + 4);
      i = e < 0 ? content.length : e + 3;
      continue;
    }
    if (content.startsWith('<![CDATA[', i)) {
      const e = content.indexOf(']]>', i + 9);
      const inner = content.slice(i + 9, e < 0 ? content.length : e);
      if (inner.trim() !== '') {
        if (first < 0) first = i;
        last = e < 0 ? content.length : e + 3;
      }
      text += inner;
      i = e < 0 ? content.length : e + 3;
      continue;
    }
    const next = content.indexOf('<', i + 1);
    const chunk = content.slice(i, next < 0 ? content.length : next);
    if (chunk.trim() !== '') {
      const lead = chunk.length - chunk.trimStart().length;
      if (first < 0) first = i + lead;
      last = i + chunk.trimEnd().length;
    }
    const decoded = decodeEntities(chunk);
    text += decoded.text;
    opaque ||= decoded.opaque;
    i = next < 0 ? content.length : next;
  }
  element.text = text.trim();
  element.opaque = opaque;
  if (first >= 0) element.textSpan = { start: from + first, end: from + last };
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the predefined entities and character references; any other entity makes the value opaque. */
export function decodeEntities(raw: string): { text: string; opaque: boolean } {
  if (raw.indexOf('&') < 0) return { text: raw, opaque: false };
  let opaque = false;
  const text = raw.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z_][\w.-]*);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    const named = NAMED[ref];
    if (named !== undefined) return named;
    opaque = true;
    return whole;
  });
  return { text, opaque };
}

export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}
