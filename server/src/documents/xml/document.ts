// An XML document with exact source positions, built on fast-xml-parser.
//
// fast-xml-parser (preserveOrder + captureMetaData) gives every element's start and end offset; the spans a
// rule needs (start-tag name, attribute values, trimmed text, end tag) are read from the source between those
// offsets by `locateElement`. Well-formedness errors come from fast-xml-parser's validator. Entities are
// never expanded by the parser: the five predefined ones and character references are decoded here, anything
// else (a DOCTYPE entity) leaves the value marked `opaque` so rules never judge it.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isSpace, locateElement, readLeafText } from './locate';
import type { XmlElement } from './types';

export type { Span, XmlAttribute, XmlElement } from './types';

export interface XmlSyntaxError {
  message: string;
  /** Not a syntax error as such: the file was not read because of its size. */
  tooLarge?: true;
  /** Offset of the error in the text. */
  offset: number;
}

export interface XmlDocument {
  text: string;
  root: XmlElement | undefined;
  syntaxErrors: XmlSyntaxError[];
}

/**
 * Documents larger than this are not parsed: a clear diagnostic instead of a stall. Real TargetEndpoints and
 * policies are kilobytes; Apigee X caps a whole bundle at 15 MB.
 */
export const MAX_DOCUMENT_LENGTH = 4 * 1024 * 1024;
/** Deeper nesting than any Apigee file has; bounds recursion on hostile input. */
export const MAX_DEPTH = 256;

/**
 * Flow and message content no rule reads: fast-xml-parser keeps it as raw text instead of building elements,
 * which more than halves the parse of a TargetEndpoint with many flows. (The validator still checks all of it.)
 */
export const SKIPPED_ELEMENTS: readonly string[] = [
  'PreFlow',
  'PostFlow',
  'Flows',
  'FaultRules',
  'DefaultFaultRule',
  'EventFlow',
  'Request',
  'Response',
];
const SKIPPED = new Set(SKIPPED_ELEMENTS);

const parser = new XMLParser({
  stopNodes: SKIPPED_ELEMENTS.map((name) => `*.${name}`),
  preserveOrder: true,
  captureMetaData: true,
  ignoreAttributes: true,
  trimValues: true,
  parseTagValue: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
  cdataPropName: false,
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

type OrderedNode = Record<string, unknown> & { [key: symbol]: { startIndex?: number; endIndex?: number } | undefined };

export function parseXml(text: string): XmlDocument {
  const syntaxErrors = checkWellFormed(text);
  if (syntaxErrors.length > 0 || isBlank(text)) return { text, root: undefined, syntaxErrors };
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(text) as OrderedNode[];
  } catch (error) {
    return { text, root: undefined, syntaxErrors: [{ message: describe(error), offset: 0 }] };
  }
  const errors: XmlSyntaxError[] = [];
  const roots = buildElements(text, nodes, undefined, 0, errors);
  if (errors.length > 0) return { text, root: undefined, syntaxErrors: errors };
  return { text, root: roots[0], syntaxErrors: [] };
}

/** Well-formedness only, without building a tree (cheaper: for files no rule reads beyond their syntax). */
export function checkWellFormed(text: string): XmlSyntaxError[] {
  if (text.length > MAX_DOCUMENT_LENGTH) {
    return [
      { message: `File too large to lint (${text.length} characters; the limit is ${MAX_DOCUMENT_LENGTH}).`, offset: 0, tooLarge: true },
    ];
  }
  // An empty or blank file (a file being created) is not an error: there is simply nothing to lint.
  if (isBlank(text)) return [];
  return validate(text);
}

function validate(text: string): XmlSyntaxError[] {
  // The validator rejects a declaration that is not at offset 0; a BOM, blank lines or a comment before
  // `<?xml ?>` is common in real bundles and harmless to Apigee, so those are masked with spaces first.
  const masked = maskPrologue(text);
  let result: ReturnType<typeof XMLValidator.validate>;
  try {
    result = XMLValidator.validate(masked, { allowBooleanAttributes: false });
  } catch (error) {
    return [{ message: describe(error), offset: 0 }];
  }
  if (result === true) {
    return hasRootElement(masked) ? [] : [{ message: 'No root element: the file is empty or holds no XML.', offset: 0 }];
  }
  return [{ message: result.err.msg, offset: offsetOf(text, result.err.line, result.err.col) }];
}

/**
 * The validator rejects an XML declaration that is not at offset 0, but a BOM, blank lines or a comment before
 * `<?xml ?>` is common in real bundles and harmless to Apigee. Those (and the declaration) are blanked with
 * spaces, keeping line breaks so the validator's line/column still map onto the original text.
 */
function maskPrologue(text: string): string {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (!text.startsWith('<!--', i)) break;
    const end = text.indexOf('-->', i + 4);
    if (end < 0) break;
    i = end + 3;
  }
  let blankUntil = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (i > 0 && text.startsWith('<?xml', i)) {
    const declEnd = text.indexOf('?>', i);
    if (declEnd >= 0) blankUntil = declEnd + 2;
  }
  if (blankUntil === 0) return text;
  return text.slice(0, blankUntil).replace(/[^\r\n]/g, ' ') + text.slice(blankUntil);
}

function hasRootElement(text: string): boolean {
  return /<[A-Za-z_:]/.test(text);
}

/** XML's Name production (ASCII part; Apigee element names are ASCII). */
const XML_NAME = /^[A-Za-z_:][\w.:-]*$/;

function buildElements(
  text: string,
  nodes: OrderedNode[],
  parent: XmlElement | undefined,
  depth: number,
  errors: XmlSyntaxError[],
): XmlElement[] {
  const out: XmlElement[] = [];
  if (depth > MAX_DEPTH) return out;
  for (const node of nodes) {
    const name = Object.keys(node).find((k) => k !== ':@' && !k.startsWith('#') && !k.startsWith('?'));
    if (name === undefined) continue;
    const meta = node[META];
    if (!XML_NAME.test(name)) {
      // The validator lets some broken markup through (`<!-X … -->`); the parser turns it into an element.
      errors.push({ message: `Malformed markup '<${name}'.`, offset: meta?.startIndex ?? Math.max(0, text.indexOf(`<${name}`)) });
      continue;
    }
    const element =
      meta?.startIndex === undefined || meta.endIndex === undefined
        ? undefined
        : locateElement(text, name, meta.startIndex, meta.endIndex, parent);
    if (element === undefined) {
      // Not where the parser says: still look inside for malformed markup.
      const inner = node[name];
      if (Array.isArray(inner)) buildElements(text, inner as OrderedNode[], parent, depth + 1, errors);
      continue;
    }
    const childNodes = node[name];
    element.children = Array.isArray(childNodes) ? buildElements(text, childNodes as OrderedNode[], element, depth + 1, errors) : [];
    if (element.children.length === 0 && !SKIPPED.has(name)) readLeafText(text, element);
    out.push(element);
  }
  return out;
}

/** Converts the validator's 1-based line/column into an offset. */
function offsetOf(text: string, line: number, col: number): number {
  if (!Number.isFinite(line) || !Number.isFinite(col)) return 0;
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(text.length, offset + Math.max(0, col - 1));
}

/** Only white space (or a BOM): stops at the first other character instead of copying the text. */
function isBlank(text: string): boolean {
  return !/[^\s\uFEFF]/.test(text);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function firstChild(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}
