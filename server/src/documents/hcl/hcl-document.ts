// A small HCL (Terraform native syntax) parser that keeps exact ranges for blocks, labels, attribute names and
// values. It reads what the workspace model evaluates (literals, quoted templates, heredocs, tuples, objects,
// references, function calls) and keeps anything else (operators, conditionals, `for` expressions, splats) as an
// opaque expression with its range. It never throws; scanning is linear (every step consumes input) and nesting
// is bounded: deeper input is skipped as one opaque range.
import type { Span } from '../xml/types';

export type TemplatePart = { kind: 'literal'; value: string } | { kind: 'interpolation'; expr: HclExpr };

export type HclExpr =
  /** A quoted string or a heredoc. `parts` holds the `${…}` interpolations; `%{…}` directives make it opaque. */
  | { kind: 'string'; span: Span; contentSpan: Span; value: string; parts: TemplatePart[]; directive: boolean }
  | { kind: 'number'; span: Span; value: number; raw: string }
  | { kind: 'bool'; span: Span; value: boolean }
  | { kind: 'null'; span: Span }
  | { kind: 'tuple'; span: Span; items: HclExpr[] }
  | { kind: 'object'; span: Span; items: HclObjectItem[] }
  /** `var.x`, `each.value.port`, `google_apigee_environment.dev.name`, `local.m["k"]`. */
  | { kind: 'traversal'; span: Span; root: string; steps: TraversalStep[] }
  | { kind: 'call'; span: Span; name: string; nameSpan: Span; args: HclExpr[] }
  /**
   * Anything else (operators, `for`, splats). The two shapes Terraform modules use to switch a block on and off keep
   * their parts: `cond ? a : b` and `x == y` / `x != y` (alone or as that condition); the evaluator decides them when
   * every part is known.
   */
  | { kind: 'opaque'; span: Span; conditional?: HclConditional; comparison?: HclComparison };

export interface HclConditional {
  condition: HclExpr;
  then: HclExpr;
  else: HclExpr;
}
export interface HclComparison {
  op: '==' | '!=';
  left: HclExpr;
  right: HclExpr;
}

export type TraversalStep = { kind: 'attr'; name: string } | { kind: 'index'; key: HclExpr };

export interface HclObjectItem {
  /** The key as a name: an identifier or a literal string; undefined for a computed key. */
  key: string | undefined;
  keySpan: Span;
  value: HclExpr;
}

export interface HclAttribute {
  name: string;
  nameSpan: Span;
  value: HclExpr;
  span: Span;
}

export interface HclLabel {
  value: string;
  span: Span;
}

export interface HclBlock {
  type: string;
  typeSpan: Span;
  labels: HclLabel[];
  body: HclBody;
  span: Span;
}

export interface HclBody {
  attributes: HclAttribute[];
  blocks: HclBlock[];
}

export interface HclProblem {
  span: Span;
  message: string;
}

export interface HclFile {
  text: string;
  body: HclBody;
  errors: HclProblem[];
  /** Characters the parser's position travelled, forward and back: a small multiple of the length (tests hold it). */
  steps?: number;
}

export const MAX_HCL_DEPTH = 64;
const IDENT = /[A-Za-z_][A-Za-z0-9_-]*/y;
const NUMBER = /[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const BINARY = /==|!=|<=|>=|&&|\|\||[<>+\-*/%?:]/y;

/** `a ? b : c`, `a == b`, `a != b`, `a == b ? c : d`: their parts; any other operator sequence stays opaque. */
function operatorShape(
  operands: HclExpr[],
  ops: string[],
  start: number,
): Pick<Extract<HclExpr, { kind: 'opaque' }>, 'conditional' | 'comparison'> {
  const compare = (i: number): HclComparison | undefined =>
    ops[i] === '==' || ops[i] === '!=' ? { op: ops[i] as '==' | '!=', left: operands[i]!, right: operands[i + 1]! } : undefined;
  if (ops.length === 1) {
    const comparison = compare(0);
    return comparison === undefined ? {} : { comparison };
  }
  if (ops.length === 2 && ops[0] === '?' && ops[1] === ':')
    return { conditional: { condition: operands[0]!, then: operands[1]!, else: operands[2]! } };
  const comparison = compare(0);
  if (ops.length === 3 && comparison !== undefined && ops[1] === '?' && ops[2] === ':') {
    const span = { start, end: operands[1]!.span.end };
    return { conditional: { condition: { kind: 'opaque', span, comparison }, then: operands[2]!, else: operands[3]! } };
  }
  return {};
}
const OPEN: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

/** Parses one `.tf` file. Never throws. */
export function parseHcl(text: string): HclFile {
  const parser = new HclParser(text);
  const body = parser.body(0, false);
  return { text, body, errors: parser.errors, steps: parser.steps };
}

class HclParser {
  private at = 0;
  /** Every move of the position, counted: what proves the parse linear without a clock. */
  steps = 0;
  readonly errors: HclProblem[] = [];

  get pos(): number {
    return this.at;
  }

  set pos(to: number) {
    this.steps += to > this.at ? to - this.at : this.at - to;
    this.at = to;
  }

  constructor(private readonly text: string) {}

  // ------------------------------------------------------------------------------------------------ bodies

  body(depth: number, nested: boolean): HclBody {
    const body: HclBody = { attributes: [], blocks: [] };
    for (;;) {
      this.skipSpace(true);
      if (this.pos >= this.text.length) {
        if (nested) this.error(this.pos, this.pos, 'unclosed block: "}" expected');
        return body;
      }
      if (this.text[this.pos] === '}') {
        if (nested) return body;
        this.error(this.pos, this.pos + 1, 'unexpected "}"');
        this.pos++;
        continue;
      }
      const start = this.pos;
      const name = this.ident();
      if (name === undefined) {
        this.error(start, start + 1, 'an attribute name or a block type expected');
        this.skipLine();
        continue;
      }
      const nameSpan = { start, end: this.pos };
      this.skipSpace(false);
      if (this.text[this.pos] === '=' && this.text[this.pos + 1] !== '=') {
        this.pos++;
        const value = this.expr(depth + 1, true);
        body.attributes.push({ name, nameSpan, value, span: { start, end: value.span.end } });
        this.endOfItem();
        continue;
      }
      const block = this.block(name, nameSpan, depth);
      if (block !== undefined) body.blocks.push(block);
    }
  }

  private block(type: string, typeSpan: Span, depth: number): HclBlock | undefined {
    const labels: HclLabel[] = [];
    for (;;) {
      this.skipSpace(false);
      const c = this.text[this.pos];
      if (c === '{') break;
      if (c === '"') {
        const s = this.quoted(depth + 1);
        labels.push({ value: s.kind === 'string' ? s.value : '', span: s.kind === 'string' ? s.contentSpan : s.span });
        continue;
      }
      const start = this.pos;
      const label = this.ident();
      if (label !== undefined) {
        labels.push({ value: label, span: { start, end: this.pos } });
        continue;
      }
      this.error(start, Math.min(start + 1, this.text.length), `"=" or a block's "{" expected after "${type}"`);
      this.skipLine();
      return undefined;
    }
    this.pos++;
    if (depth >= MAX_HCL_DEPTH) {
      this.error(typeSpan.start, this.pos, `blocks nested deeper than ${MAX_HCL_DEPTH} levels are not read`);
      this.skipBalanced('}');
      return undefined;
    }
    const body = this.body(depth + 1, true);
    if (this.text[this.pos] === '}') this.pos++;
    return { type, typeSpan, labels, body, span: { start: typeSpan.start, end: this.pos } };
  }

  /** After an attribute: a newline, a comment, `}` or the end. */
  private endOfItem(): void {
    this.skipSpace(false);
    const c = this.text[this.pos];
    if (c === undefined || c === '\n' || c === '\r' || c === '}') return;
    this.error(this.pos, this.pos + 1, 'a new line expected after the attribute');
    this.skipLine();
  }

  // ----------------------------------------------------------------------------------------- expressions

  /** An expression; `lineEnds`: a newline ends it (in a body or an object), else newlines are space. */
  expr(depth: number, lineEnds: boolean): HclExpr {
    const start = this.skipAndMark(lineEnds);
    if (depth > MAX_HCL_DEPTH) return this.deepOpaque(start, lineEnds);
    let first = this.operand(depth, lineEnds);
    const operands = [first];
    const ops: string[] = [];
    let questions = 0;
    for (;;) {
      const save = this.pos;
      this.skipSpace(!lineEnds);
      BINARY.lastIndex = this.pos;
      const op = BINARY.exec(this.text);
      // `:` belongs to a conditional only after its `?`; otherwise it separates an object's key from its value.
      if (
        op === null ||
        (op[0] === ':' && questions === 0) ||
        this.text.startsWith('//', this.pos) ||
        this.text.startsWith('/*', this.pos)
      ) {
        this.pos = save;
        break;
      }
      if (op[0] === '?') questions++;
      if (op[0] === ':') questions--;
      this.pos += op[0].length;
      const next = this.operand(depth, lineEnds);
      if (next.span.end === this.pos && next.kind === 'opaque' && next.span.start === next.span.end) break;
      first = { kind: 'opaque', span: { start, end: next.span.end } };
      operands.push(next);
      ops.push(op[0]);
    }
    if (first.span.start !== start) return { kind: 'opaque', span: { start, end: first.span.end } };
    return first.kind === 'opaque' && ops.length > 0 ? { ...first, ...operatorShape(operands, ops, start) } : first;
  }

  private operand(depth: number, lineEnds: boolean): HclExpr {
    this.skipSpace(!lineEnds);
    const start = this.pos;
    if (depth > MAX_HCL_DEPTH) return this.deepOpaque(start, lineEnds);
    const c = this.text[this.pos];
    if (c === '!' || c === '-') {
      this.pos++;
      const inner = this.operand(depth + 1, lineEnds);
      if (c === '-' && inner.kind === 'number')
        return { ...inner, span: { start, end: inner.span.end }, value: -inner.value, raw: `-${inner.raw}` };
      return { kind: 'opaque', span: { start, end: inner.span.end } };
    }
    return this.postfix(this.primary(depth, lineEnds), depth);
  }

  private primary(depth: number, lineEnds: boolean): HclExpr {
    const start = this.pos;
    const c = this.text[this.pos];
    if (c === undefined) return { kind: 'opaque', span: { start, end: start } };
    if (c === '"') return this.quoted(depth);
    if (c === '<' && this.text[this.pos + 1] === '<') return this.heredoc(depth);
    if (c === '[') return this.tuple(depth);
    if (c === '{') return this.object(depth);
    if (c === '(') {
      this.pos++;
      const inner = this.expr(depth + 1, false);
      this.skipSpace(true);
      if (this.text[this.pos] === ')') this.pos++;
      else this.error(this.pos, this.pos, '")" expected');
      return inner.kind === 'opaque' ? { kind: 'opaque', span: { start, end: this.pos } } : { ...inner, span: { start, end: this.pos } };
    }
    NUMBER.lastIndex = this.pos;
    const number = NUMBER.exec(this.text);
    if (number !== null) {
      this.pos += number[0].length;
      return { kind: 'number', span: { start, end: this.pos }, value: Number(number[0]), raw: number[0] };
    }
    const name = this.ident();
    if (name === undefined) {
      this.error(start, start + 1, 'an expression expected');
      // Skip the character (or the rest of the line in a body) so that parsing always moves on.
      if (lineEnds) this.skipToLineEnd();
      else if (!')]},'.includes(c)) this.pos++;
      return { kind: 'opaque', span: { start, end: this.pos } };
    }
    const span = { start, end: this.pos };
    if (name === 'true' || name === 'false') return { kind: 'bool', span, value: name === 'true' };
    if (name === 'null') return { kind: 'null', span };
    // `provider::aws::arn_parse(…)`: a provider function, never evaluated.
    while (this.text.startsWith('::', this.pos)) {
      this.pos += 2;
      this.ident();
    }
    if (this.text[this.pos] === '(') return this.call(name, { start, end: this.pos }, depth);
    return { kind: 'traversal', span: { start, end: this.pos }, root: name, steps: [] };
  }

  /** `.attr`, `.0`, `[key]`; a splat (`.*`, `[*]`) makes the expression opaque. */
  private postfix(expr: HclExpr, depth: number): HclExpr {
    let out = expr;
    for (;;) {
      const c = this.text[this.pos];
      if (c === '.' && this.text[this.pos + 1] !== '.') {
        this.pos++;
        if (this.text[this.pos] === '*') {
          this.pos++;
          out = { kind: 'opaque', span: { start: out.span.start, end: this.pos } };
          continue;
        }
        const index = /[0-9]+/y;
        index.lastIndex = this.pos;
        const digits = index.exec(this.text);
        const name = digits !== null ? ((this.pos += digits[0].length), digits[0]) : this.ident();
        if (name === undefined) {
          this.error(this.pos, this.pos + 1, 'an attribute name expected after "."');
          return { kind: 'opaque', span: { start: out.span.start, end: this.pos } };
        }
        out = extend(out, { kind: 'attr', name }, this.pos);
        continue;
      }
      if (c === '[') {
        if (/^\[\s*\*\s*\]/.test(this.text.slice(this.pos, this.pos + 16))) {
          this.pos = this.text.indexOf(']', this.pos) + 1;
          out = { kind: 'opaque', span: { start: out.span.start, end: this.pos } };
          continue;
        }
        this.pos++;
        const key = this.expr(depth + 1, false);
        this.skipSpace(true);
        if (this.text[this.pos] === ']') this.pos++;
        else this.error(this.pos, this.pos, '"]" expected');
        out = extend(out, { kind: 'index', key }, this.pos);
        continue;
      }
      return out;
    }
  }

  private call(name: string, nameSpan: Span, depth: number): HclExpr {
    this.pos++;
    const args = this.sequence(')', depth, true);
    return { kind: 'call', span: { start: nameSpan.start, end: this.pos }, name, nameSpan, args };
  }

  private tuple(depth: number): HclExpr {
    const start = this.pos;
    this.pos++;
    if (this.startsFor()) return this.skipTo(start, ']');
    const items = this.sequence(']', depth, false);
    return { kind: 'tuple', span: { start, end: this.pos }, items };
  }

  /** Comma-separated expressions up to `close` (consumed). Function arguments may end with `...`. */
  private sequence(close: string, depth: number, call: boolean): HclExpr[] {
    const items: HclExpr[] = [];
    for (;;) {
      this.skipSpace(true);
      const c = this.text[this.pos];
      if (c === close) {
        this.pos++;
        return items;
      }
      if (c === undefined) {
        this.error(this.pos, this.pos, `"${close}" expected`);
        return items;
      }
      const before = this.pos;
      items.push(this.expr(depth + 1, false));
      this.skipSpace(true);
      if (call && this.text.startsWith('...', this.pos)) this.pos += 3;
      this.skipSpace(true);
      if (this.text[this.pos] === ',') this.pos++;
      else if (this.text[this.pos] !== close) {
        this.error(this.pos, this.pos + 1, `"," or "${close}" expected`);
        if (this.pos === before) this.pos++;
        if (!this.recoverTo(close)) return items;
      }
    }
  }

  private object(depth: number): HclExpr {
    const start = this.pos;
    this.pos++;
    if (this.startsFor()) return this.skipTo(start, '}');
    const items: HclObjectItem[] = [];
    for (;;) {
      this.skipSpace(true);
      const c = this.text[this.pos];
      if (c === '}') {
        this.pos++;
        return { kind: 'object', span: { start, end: this.pos }, items };
      }
      if (c === undefined) {
        this.error(this.pos, this.pos, '"}" expected');
        return { kind: 'object', span: { start, end: this.pos }, items };
      }
      const keyExpr = this.expr(depth + 1, true);
      const key =
        keyExpr.kind === 'traversal' && keyExpr.steps.length === 0
          ? keyExpr.root
          : keyExpr.kind === 'string' && keyExpr.parts.every((p) => p.kind === 'literal')
            ? keyExpr.value
            : keyExpr.kind === 'number' || keyExpr.kind === 'bool'
              ? this.text.slice(keyExpr.span.start, keyExpr.span.end)
              : undefined;
      const keySpan = keyExpr.kind === 'string' ? keyExpr.contentSpan : keyExpr.span;
      this.skipSpace(false);
      const sep = this.text[this.pos];
      if (sep !== '=' && sep !== ':') {
        this.error(this.pos, this.pos + 1, '"=" or ":" expected after an object key');
        if (!this.recoverTo('}')) return { kind: 'object', span: { start, end: this.pos }, items };
        continue;
      }
      this.pos++;
      const value = this.expr(depth + 1, true);
      items.push({ key, keySpan, value });
      this.skipSpace(false);
      if (this.text[this.pos] === ',') this.pos++;
    }
  }

  /** A quoted template: `"…"` with escapes and `${…}` interpolations. A line break ends it (an error). */
  private quoted(depth: number): HclExpr {
    const start = this.pos;
    this.pos++;
    const parts: TemplatePart[] = [];
    let literal = '';
    let directive = false;
    const flush = (): void => {
      if (literal !== '') parts.push({ kind: 'literal', value: literal });
      literal = '';
    };
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined || c === '\n') {
        this.error(start, this.pos, 'unterminated string');
        break;
      }
      if (c === '"') break;
      if (c === '\\') {
        const e = this.text[this.pos + 1] ?? '';
        const escaped: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
        if (e === 'u' || e === 'U') {
          const len = e === 'u' ? 4 : 8;
          const hex = this.text.slice(this.pos + 2, this.pos + 2 + len);
          literal += /^[0-9a-fA-F]+$/.test(hex) && hex.length === len ? String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff)) : '';
          this.pos += 2 + len;
        } else {
          literal += escaped[e] ?? e;
          this.pos += 2;
        }
        continue;
      }
      if ((c === '$' || c === '%') && this.text[this.pos + 1] === '{') {
        if (this.text[this.pos - 1] === c && literal.endsWith(c) && this.text[this.pos - 2] !== c) {
          // `$${` / `%%{`: a literal `${` / `%{`.
          literal += '{';
          this.pos += 2;
          continue;
        }
        flush();
        this.pos += 2;
        if (c === '%') {
          directive = true;
          this.skipTo(this.pos, '}');
          continue;
        }
        const expr = this.expr(depth + 1, false);
        this.skipSpace(true);
        if (this.text[this.pos] === '~') this.pos++;
        if (this.text[this.pos] === '}') this.pos++;
        else this.recoverTo('}');
        parts.push({ kind: 'interpolation', expr });
        continue;
      }
      literal += c;
      this.pos++;
    }
    flush();
    const contentSpan = { start: start + 1, end: this.pos };
    if (this.text[this.pos] === '"') this.pos++;
    const value = parts.map((p) => (p.kind === 'literal' ? p.value : '${…}')).join('');
    return { kind: 'string', span: { start, end: this.pos }, contentSpan, value, parts, directive };
  }

  /** `<<EOT` … `EOT` or `<<-EOT` (indented: the common leading space is removed). Interpolations make it symbolic. */
  private heredoc(depth: number): HclExpr {
    const start = this.pos;
    const head = /<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/y;
    head.lastIndex = this.pos;
    const m = head.exec(this.text);
    if (m === null) {
      this.pos += 2;
      this.error(start, this.pos, 'a heredoc marker expected after "<<"');
      return { kind: 'opaque', span: { start, end: this.pos } };
    }
    const indented = m[1] === '-';
    const marker = m[2]!;
    const contentStart = start + m[0].length;
    let lineStart = contentStart;
    let contentEnd = this.text.length;
    let end = this.text.length;
    while (lineStart <= this.text.length) {
      const nl = this.text.indexOf('\n', lineStart);
      const lineEnd = nl < 0 ? this.text.length : nl;
      if (this.text.slice(lineStart, lineEnd).trim() === marker) {
        contentEnd = lineStart;
        end = lineStart + this.text.slice(lineStart, lineEnd).indexOf(marker) + marker.length;
        break;
      }
      if (nl < 0) {
        this.error(start, this.text.length, `heredoc not closed by "${marker}"`);
        break;
      }
      lineStart = nl + 1;
    }
    this.pos = end;
    let raw = this.text.slice(contentStart, contentEnd);
    if (indented) {
      const lines = raw.split('\n');
      const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
      const cut = indents.length === 0 ? 0 : Math.min(...indents);
      raw = lines.map((l) => l.slice(cut)).join('\n');
    }
    const contentSpan = { start: contentStart, end: contentEnd };
    // Interpolations in a heredoc: read as a template by the quoted-string scanner over the content.
    const parts: TemplatePart[] = [];
    let directive = false;
    if (raw.includes('${') || raw.includes('%{')) {
      const inner = new HclParser(`"${raw.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).quoted(depth);
      if (inner.kind === 'string') {
        parts.push(...inner.parts);
        directive = inner.directive;
      }
    } else parts.push({ kind: 'literal', value: raw });
    return { kind: 'string', span: { start, end }, contentSpan, value: raw, parts, directive };
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private ident(): string | undefined {
    IDENT.lastIndex = this.pos;
    const m = IDENT.exec(this.text);
    if (m === null) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  private startsFor(): boolean {
    return /^\s*for\s/.test(this.text.slice(this.pos, this.pos + 64));
  }

  /** A `for` expression or a directive: skipped to its matching close as one opaque range. */
  private skipTo(start: number, close: string): HclExpr {
    this.skipBalanced(close);
    return { kind: 'opaque', span: { start, end: this.pos } };
  }

  private deepOpaque(start: number, lineEnds: boolean): HclExpr {
    this.error(start, start + 1, `expressions nested deeper than ${MAX_HCL_DEPTH} levels are not read`);
    const c = this.text[this.pos];
    if (c !== undefined && OPEN[c] !== undefined) {
      this.pos++;
      this.skipBalanced(OPEN[c]);
    } else if (lineEnds) this.skipToLineEnd();
    else this.pos = Math.min(this.text.length, this.pos + 1);
    return { kind: 'opaque', span: { start, end: this.pos } };
  }

  /** Skips to just after the `close` that balances the brackets met on the way (no recursion: linear, any depth). */
  private skipBalanced(close: string): void {
    const stack = [close];
    while (this.pos < this.text.length && stack.length > 0) {
      const c = this.text[this.pos]!;
      if (c === '"') {
        this.skipString();
        continue;
      }
      this.pos++;
      if (OPEN[c] !== undefined) stack.push(OPEN[c]);
      else if (c === stack[stack.length - 1]) stack.pop();
    }
  }

  private skipString(): void {
    this.pos++;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos]!;
      if (c === '\\') this.pos += 2;
      else if (c === '"' || c === '\n') {
        this.pos++;
        return;
      } else this.pos++;
    }
  }

  /** After an error inside brackets: on to the next `,` or to `close` at this level; false at the end of input. */
  private recoverTo(close: string): boolean {
    while (this.pos < this.text.length) {
      const c = this.text[this.pos]!;
      if (c === close) return true;
      if (c === ',') {
        this.pos++;
        return true;
      }
      if (OPEN[c] !== undefined) {
        this.pos++;
        this.skipBalanced(OPEN[c]);
      } else if (c === '"') this.skipString();
      else this.pos++;
    }
    return false;
  }

  private skipLine(): void {
    this.skipToLineEnd();
    if (this.pos < this.text.length) this.pos++;
  }

  private skipToLineEnd(): void {
    const nl = this.text.indexOf('\n', this.pos);
    this.pos = nl < 0 ? this.text.length : nl;
  }

  private skipAndMark(newlines: boolean): number {
    this.skipSpace(newlines);
    return this.pos;
  }

  /** Spaces and comments (`#`, `//`, `/* … *\/`); line breaks too when `newlines`. */
  skipSpace(newlines: boolean): void {
    for (;;) {
      const c = this.text[this.pos];
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n') || c === '\uFEFF') this.pos++;
      else if (c === '#' || (c === '/' && this.text[this.pos + 1] === '/')) this.skipToLineEnd();
      else if (c === '/' && this.text[this.pos + 1] === '*') {
        const end = this.text.indexOf('*/', this.pos + 2);
        this.pos = end < 0 ? this.text.length : end + 2;
      } else return;
    }
  }

  private error(start: number, end: number, message: string): void {
    // One problem per offset is enough; a hostile file yields at most one per line it breaks.
    if (this.errors.length < 1000) this.errors.push({ span: { start, end: Math.max(start, end) }, message });
  }
}

/** Adds a step in place (a long chain stays linear). */
function extend(expr: HclExpr, step: TraversalStep, end: number): HclExpr {
  if (expr.kind !== 'traversal') return { kind: 'opaque', span: { start: expr.span.start, end } };
  expr.steps.push(step);
  expr.span.end = end;
  return expr;
}

/** The dotted text of a traversal (`var.port`, `each.value.s_sl_info`), indexes by literal key; undefined otherwise. */
export function traversalPath(expr: HclExpr): string[] | undefined {
  if (expr.kind !== 'traversal') return undefined;
  const out = [expr.root];
  for (const step of expr.steps) {
    if (step.kind === 'attr') out.push(step.name);
    else if (step.key.kind === 'string' && step.key.parts.every((p) => p.kind === 'literal')) out.push(step.key.value);
    else if (step.key.kind === 'number') out.push(step.key.raw);
    else return undefined;
  }
  return out;
}
