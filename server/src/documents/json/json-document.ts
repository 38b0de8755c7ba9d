// A small JSON parser that keeps exact positions, for TargetServer files. It never throws: malformed input
// gives `undefined` (parseJson) or the offset where it stops being JSON (parseJsonDocument). Depth and size
// are bounded like the XML side.
import type { Span } from '../xml/types';

export type JsonNode =
  | { kind: 'object'; span: Span; properties: JsonProperty[] }
  | { kind: 'array'; span: Span; items: JsonNode[] }
  | { kind: 'string'; span: Span; value: string; /** Between the quotes. */ contentSpan: Span }
  | { kind: 'number' | 'boolean' | 'null'; span: Span; raw: string };

export interface JsonProperty {
  key: string;
  keySpan: Span;
  value: JsonNode;
}

const MAX_DEPTH = 256;
/** The characters of a string up to its closing quote, an escape or a (forbidden) line break. */
const PLAIN = /[^"\\\n]*/y;

/** Where and why a text is not JSON. */
export interface JsonSyntaxProblem {
  /** Offset of the first character the parser could not take. */
  offset: number;
  message: string;
}

/**
 * What the lenient parser accepted that strict JSON does not (what org.json.simple, the
 * apigee-config-maven-plugin's parser, lets through): `[{…},]` and `[{…} {…}]` in arrays, and a raw line break
 * inside a string (its lexer takes every character but `"` and `\\` into a string: a PEM pasted as is).
 */
export type JsonRecovery =
  | {
      kind: 'trailing-comma' | 'missing-comma';
      /** The stray comma, or the empty span where a comma is missing (right after the previous item). */
      span: Span;
    }
  | {
      /** A bare `@TOKEN@` value of a template (`"port": @PORT@`), read as a string; JSON once the build replaces it. */
      kind: 'build-token';
      span: Span;
    }
  | {
      kind: 'line-break';
      /** From the string's opening quote to its first line break. */
      span: Span;
      /** Each raw line break of the string (`\n`, or `\r\n`), in order. */
      breaks: Span[];
    };

/** The document, or where it stops being JSON. Never throws. */
export function parseJsonDocument(text: string): { root: JsonNode; error?: undefined } | { root?: undefined; error: JsonSyntaxProblem } {
  return parseWith(text, new Parser(text));
}

/** Like parseJson, but reads a trailing or missing comma between array items and raw line breaks in strings, and says where. */
export function parseJsonLenient(text: string): { root: JsonNode; recoveries: JsonRecovery[] } | undefined {
  const recoveries: JsonRecovery[] = [];
  const root = parseWith(text, new Parser(text, recoveries)).root;
  return root === undefined ? undefined : { root, recoveries };
}

function parseWith(text: string, parser: Parser): { root: JsonNode; error?: undefined } | { root?: undefined; error: JsonSyntaxProblem } {
  try {
    parser.skipSpace();
    const root = parser.value(0);
    parser.skipSpace();
    if (!parser.atEnd()) parser.fail('unexpected text after the JSON value');
    return { root };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { error: { offset: Math.min(error.offset, text.length), message: error.message } };
    throw error;
  }
}

/** The document, or undefined when the text is not JSON. */
export function parseJson(text: string): JsonNode | undefined {
  return parseJsonDocument(text).root;
}

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

class Parser {
  private i: number;
  constructor(
    private readonly text: string,
    /** Lenient mode when given: array recoveries are recorded here instead of failing. */
    private readonly recoveries?: JsonRecovery[],
  ) {
    this.i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  fail(message: string, at = this.i): never {
    throw new JsonSyntaxError(message, at);
  }

  atEnd(): boolean {
    return this.i >= this.text.length;
  }

  skipSpace(): void {
    for (let c = this.text.charCodeAt(this.i); c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a; c = this.text.charCodeAt(++this.i));
  }

  value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) this.fail('nested too deeply');
    const c = this.text[this.i];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    if (c === '@' && this.recoveries !== undefined) {
      const token = /^@[\w.-]{1,128}@/.exec(this.text.slice(this.i, this.i + 131));
      if (token !== null) {
        const span = { start: this.i, end: (this.i += token[0].length) };
        this.recoveries.push({ kind: 'build-token', span });
        return { kind: 'string', span, value: token[0], contentSpan: span };
      }
    }
    const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(this.text.slice(this.i, this.i + 64));
    if (m === null) this.fail(c === undefined ? 'unexpected end of text' : 'expected a value');
    const start = this.i;
    this.i += m[0].length;
    const kind = m[0] === 'true' || m[0] === 'false' ? 'boolean' : m[0] === 'null' ? 'null' : 'number';
    return { kind, span: { start, end: this.i }, raw: m[0] };
  }

  private object(depth: number): JsonNode {
    const start = this.i++;
    const properties: JsonProperty[] = [];
    this.skipSpace();
    if (this.text[this.i] === '}') return { kind: 'object', span: { start, end: ++this.i }, properties };
    for (;;) {
      this.skipSpace();
      if (this.text[this.i] !== '"') this.fail('expected a property name in double quotes');
      const key = this.string();
      this.skipSpace();
      if (this.text[this.i] !== ':') this.fail("expected ':'");
      this.i++;
      this.skipSpace();
      properties.push({ key: key.value, keySpan: key.span, value: this.value(depth + 1) });
      this.skipSpace();
      const c = this.text[this.i];
      if (c !== '}' && c !== ',') this.fail("expected ',' or '}'");
      this.i++;
      if (c === '}') return { kind: 'object', span: { start, end: this.i }, properties };
    }
  }

  private array(depth: number): JsonNode {
    const start = this.i++;
    const items: JsonNode[] = [];
    this.skipSpace();
    if (this.text[this.i] === ']') return { kind: 'array', span: { start, end: ++this.i }, items };
    for (;;) {
      this.skipSpace();
      items.push(this.value(depth + 1));
      this.skipSpace();
      const c = this.text[this.i];
      if (c === ']') return { kind: 'array', span: { start, end: ++this.i }, items };
      if (c === ',') {
        const comma = this.i++;
        if (this.recoveries === undefined) continue;
        this.skipSpace();
        if (this.text[this.i] !== ']') continue;
        this.recoveries.push({ kind: 'trailing-comma', span: { start: comma, end: comma + 1 } });
        return { kind: 'array', span: { start, end: ++this.i }, items };
      }
      if (this.recoveries === undefined || c === undefined || !'{["'.includes(c)) this.fail("expected ',' or ']'");
      const end = items.at(-1)!.span.end;
      this.recoveries.push({ kind: 'missing-comma', span: { start: end, end } });
    }
  }

  private string(): Extract<JsonNode, { kind: 'string' }> {
    const start = this.i++;
    let value = '';
    const breaks: Span[] = [];
    for (;;) {
      PLAIN.lastIndex = this.i;
      PLAIN.test(this.text);
      const end = PLAIN.lastIndex;
      if (end >= this.text.length) this.fail('unterminated string', start);
      value += this.text.slice(this.i, end);
      this.i = end;
      const c = this.text[this.i];
      if (c === '"') break;
      if (c === '\n') {
        if (this.recoveries === undefined) this.fail('line break inside a string');
        breaks.push({ start: this.text[this.i - 1] === '\r' ? this.i - 1 : this.i, end: this.i + 1 });
        value += '\n';
        this.i++;
        continue;
      }
      const escape = this.text[this.i + 1];
      if (escape === 'u') {
        const hex = this.text.slice(this.i + 2, this.i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape');
        value += String.fromCharCode(parseInt(hex, 16));
        this.i += 6;
      } else {
        const decoded = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }[escape ?? ''];
        if (decoded === undefined) this.fail('bad escape');
        value += decoded;
        this.i += 2;
      }
    }
    this.i++;
    if (breaks.length > 0) this.recoveries!.push({ kind: 'line-break', span: { start, end: breaks[0]!.start }, breaks });
    return { kind: 'string', span: { start, end: this.i }, value, contentSpan: { start: start + 1, end: this.i - 1 } };
  }
}
