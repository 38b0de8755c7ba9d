// Minimal text edits on the source: they keep the user's indentation, comments and line endings.
import type { TextEdit } from './model';
import type { Span, XmlElement } from '../documents/xml/types';

export function replaceSpan(span: Span, newText: string, snippet?: string): TextEdit {
  return snippet === undefined ? { start: span.start, end: span.end, newText } : { start: span.start, end: span.end, newText, snippet };
}

/** Renames an element in its start tag and its end tag. */
export function renameElement(element: XmlElement, newName: string): TextEdit[] {
  const edits = [replaceSpan(element.nameSpan, newName)];
  if (element.endTag !== undefined) {
    const nameStart = element.endTag.start + 2;
    edits.push(replaceSpan({ start: nameStart, end: nameStart + element.name.length }, newName));
  }
  return edits;
}

/** The document's line ending: CRLF files stay CRLF. */
export function lineEnding(text: string): string {
  // Remembered for the last text: rules ask once per fix, and on a long file without a line break each
  // search runs to its end.
  if (text === lastText) return lastEnding;
  const lf = text.indexOf('\n');
  lastEnding = lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
  lastText = text;
  return lastEnding;
}
let lastText: string | undefined;
let lastEnding = '\n';

/**
 * The whitespace before `offset` on its line, or undefined when other text precedes it there. Scans back only
 * over spaces and tabs, so a rule calling it for each of many elements on one long line stays linear.
 */
export function indentBefore(text: string, offset: number): string | undefined {
  let i = offset;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 0x0a /* \n */) break;
    if (c !== 0x20 && c !== 0x09) return undefined;
    i--;
  }
  return text.slice(i, offset);
}

/** Removes an element; when it stands alone on its line(s), the whole line goes with it. */
export function removeElement(text: string, element: XmlElement): TextEdit {
  const { start, end } = element.span;
  const indent = indentBefore(text, start);
  const rest = /^[ \t]*(\r?\n)/.exec(text.slice(end, end + 256));
  if (indent !== undefined && rest !== null) {
    return { start: start - indent.length, end: end + rest[0].length, newText: '' };
  }
  return { start, end, newText: '' };
}

/** One indentation step as the document uses it: the difference between a child's indent and its parent's. */
function indentUnit(text: string, parent: XmlElement): string {
  const parentIndent = indentBefore(text, parent.span.start) ?? '';
  for (const child of parent.children) {
    const childIndent = indentBefore(text, child.span.start);
    if (childIndent !== undefined && childIndent.length > parentIndent.length && childIndent.startsWith(parentIndent)) {
      return childIndent.slice(parentIndent.length);
    }
  }
  // No child to learn from: the step between the parent and its own parent.
  const outer = parent.parent === undefined ? undefined : indentBefore(text, parent.parent.span.start);
  if (outer !== undefined && parentIndent.length > outer.length && parentIndent.startsWith(outer)) return parentIndent.slice(outer.length);
  return parentIndent.includes('\t') ? '\t' : '    ';
}

/**
 * Inserts `lines` (one XML line each, relative indentation by leading unit steps `\t`-free) as the last
 * children of `parent`, indented like its other children. `snippetLines` carry VS Code tab stops.
 */
export function appendChild(text: string, parent: XmlElement, lines: string[], snippetLines?: string[]): TextEdit {
  const eol = lineEnding(text);
  const parentIndent = indentBefore(text, parent.span.start) ?? '';
  const unit = indentUnit(text, parent);
  const childIndent = parentIndent + unit;
  const render = (ls: string[]): string => ls.map((l) => childIndent + l.replace(/^(\t+)/, (t) => unit.repeat(t.length))).join(eol);
  if (parent.endTag === undefined) {
    // <SSLInfo/> becomes <SSLInfo> … </SSLInfo>.
    const closeAt = parent.startTag.end - 2;
    const wrap = (body: string): string => `>${eol}${body}${eol}${parentIndent}</${parent.name}>`;
    return withSnippet(
      { start: closeAt, end: parent.startTag.end, newText: wrap(render(lines)) },
      snippetLines && wrap(render(snippetLines)),
    );
  }
  const last = parent.children[parent.children.length - 1];
  if (last !== undefined) {
    // After the last child and any comment that ends its line (`<TrustStore>…</TrustStore> <!-- prod -->`).
    const trailing = /^(?:[ \t]*<!--(?:(?!-->)[^\n])*-->)*(?=[ \t]*\r?\n)/.exec(text.slice(last.span.end, last.span.end + 1000));
    const at = last.span.end + (trailing?.[0].length ?? 0);
    return withSnippet({ start: at, end: at, newText: eol + render(lines) }, snippetLines && eol + render(snippetLines));
  }
  // A parent without child elements: the children go on their own lines before the end tag. Blank content
  // is replaced; anything else there (a comment) is kept before them.
  const content = { start: parent.startTag.end, end: parent.endTag.start };
  const blank = text.slice(content.start, content.end).trim() === '';
  const body = (ls: string[]): string => eol + render(ls) + eol + parentIndent;
  const at = blank ? content : { start: content.end, end: content.end };
  return withSnippet({ ...at, newText: body(lines) }, snippetLines && body(snippetLines));
}

/** Inserts `line` as a sibling right after `element`, with the same indentation. */
export function insertAfter(text: string, element: XmlElement, line: string, snippet?: string): TextEdit {
  const eol = lineEnding(text);
  const indent = indentBefore(text, element.span.start);
  const sep = indent === undefined ? '' : eol + indent;
  return withSnippet({ start: element.span.end, end: element.span.end, newText: sep + line }, snippet && sep + snippet);
}

/** Inserts `lines` as siblings right before `element`, with the same indentation. */
export function insertBefore(text: string, element: XmlElement, lines: string[], unit: string, snippetLines?: string[]): TextEdit {
  const eol = lineEnding(text);
  const indent = indentBefore(text, element.span.start);
  const render = (ls: string[]): string =>
    indent === undefined
      ? ls.map((l) => l.replace(/^\t+/, '')).join('')
      : ls.map((l, i) => (i === 0 ? '' : indent) + l.replace(/^(\t+)/, (t) => unit.repeat(t.length))).join(eol) + eol + indent;
  return withSnippet({ start: element.span.start, end: element.span.start, newText: render(lines) }, snippetLines && render(snippetLines));
}

function withSnippet(edit: TextEdit, snippet: string | undefined): TextEdit {
  return snippet === undefined ? edit : { ...edit, snippet };
}

export { indentUnit };
