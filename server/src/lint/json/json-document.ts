// A small JSON parser that keeps exact positions, for TargetServer files. It never throws: malformed input
// gives `undefined`. Depth and size are bounded like the XML side.
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

/**
 * What the lenient parser accepted that strict JSON does not (what org.json.simple, the
 * apigee-config-maven-plugin's parser, lets through in arrays): `[{…},]` and `[{…} {…}]`.
 */
export interface JsonRecovery {
  kind: 'trailing-comma' | 'missing-comma';
  /** The stray comma, or the empty span where a comma is missing (right after the previous item). */
  span: Span;
}

export function parseJson(text: string): JsonNode | undefined {
  return parseWith(new Parser(text));
}

/** Like parseJson, but reads a trailing comma or a missing comma between array items, and says where. */
export function parseJsonLenient(text: string): { root: JsonNode; recoveries: JsonRecovery[] } | undefined {
  const recoveries: JsonRecovery[] = [];
  const root = parseWith(new Parser(text, recoveries));
  return root === undefined ? undefined : { root, recoveries };
}

function parseWith(parser: Parser): JsonNode | undefined {
  try {
    parser.skipSpace();
    const node = parser.value(0);
    parser.skipSpace();
    return parser.atEnd() ? node : undefined;
  } catch (error) {
    if (error instanceof JsonSyntaxError) return undefined;
    throw error;
  }
}

class JsonSyntaxError extends Error {}

class Parser {
  private i: number;
  constructor(
    private readonly text: string,
    /** Lenient mode when given: array recoveries are recorded here instead of failing. */
    private readonly recoveries?: JsonRecovery[],
  ) {
    this.i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  atEnd(): boolean {
    return this.i >= this.text.length;
  }

  skipSpace(): void {
    while (this.i < this.text.length && ' \t\r\n'.includes(this.text[this.i]!)) this.i++;
  }

  value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) throw new JsonSyntaxError('too deep');
    const c = this.text[this.i];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(this.text.slice(this.i, this.i + 64));
    if (m === null) throw new JsonSyntaxError('unexpected token');
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
      if (this.text[this.i] !== '"') throw new JsonSyntaxError('expected a key');
      const key = this.string();
      this.skipSpace();
      if (this.text[this.i++] !== ':') throw new JsonSyntaxError('expected :');
      this.skipSpace();
      properties.push({ key: key.value, keySpan: key.span, value: this.value(depth + 1) });
      this.skipSpace();
      const c = this.text[this.i++];
      if (c === '}') return { kind: 'object', span: { start, end: this.i }, properties };
      if (c !== ',') throw new JsonSyntaxError('expected , or }');
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
      const c = this.text[this.i++];
      if (c === ']') return { kind: 'array', span: { start, end: this.i }, items };
      if (c === ',') {
        if (this.recoveries === undefined) continue;
        const comma = this.i - 1;
        this.skipSpace();
        if (this.text[this.i] !== ']') continue;
        this.recoveries.push({ kind: 'trailing-comma', span: { start: comma, end: comma + 1 } });
        return { kind: 'array', span: { start, end: ++this.i }, items };
      }
      if (this.recoveries === undefined || c === undefined || !'{["'.includes(c)) throw new JsonSyntaxError('expected , or ]');
      this.i--;
      const end = items.at(-1)!.span.end;
      this.recoveries.push({ kind: 'missing-comma', span: { start: end, end } });
    }
  }

  private string(): Extract<JsonNode, { kind: 'string' }> {
    const start = this.i++;
    let value = '';
    for (;;) {
      let end = this.i;
      while (end < this.text.length && !'"\\\n'.includes(this.text[end]!)) end++;
      if (end >= this.text.length) throw new JsonSyntaxError('unterminated string');
      value += this.text.slice(this.i, end);
      this.i = end;
      const c = this.text[this.i];
      if (c === '"') break;
      if (c === '\n') throw new JsonSyntaxError('newline in string');
      const escape = this.text[this.i + 1];
      if (escape === 'u') {
        const hex = this.text.slice(this.i + 2, this.i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonSyntaxError('bad \\u escape');
        value += String.fromCharCode(parseInt(hex, 16));
        this.i += 6;
      } else {
        const decoded = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }[escape ?? ''];
        if (decoded === undefined) throw new JsonSyntaxError('bad escape');
        value += decoded;
        this.i += 2;
      }
    }
    this.i++;
    return { kind: 'string', span: { start, end: this.i }, value, contentSpan: { start: start + 1, end: this.i - 1 } };
  }
}
