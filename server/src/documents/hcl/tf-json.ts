// Terraform's JSON syntax (`*.tf.json`) read into the same body as the native syntax, with the JSON ranges: a
// top-level key is a block type whose nested object keys are its labels (`resource` → type → name), a nested
// object is a block when its key names one of the blocks the model reads, and a string holding `${…}` is a template.
import { parseJsonDocument, type JsonNode } from '../json/json-document';
import type { Span } from '../xml/types';
import { parseHcl, type HclAttribute, type HclBlock, type HclBody, type HclExpr, type HclFile } from './hcl-document';

/** How many labels each top-level block type has (`resource "type" "name"`, `variable "name"`, `locals`). */
const LABELS: Readonly<Record<string, number>> = {
  resource: 2,
  data: 2,
  variable: 1,
  output: 1,
  module: 1,
  provider: 1,
  locals: 0,
  terraform: 0,
};

/** Nested keys read as blocks (the rest are attributes): the TLS and load-balancer blocks the model reads. */
export const NESTED_BLOCKS = new Set([
  's_sl_info',
  'ssl_info',
  'common_name',
  'managed',
  'dynamic',
  'content',
  'mtls_policy',
  'self_managed',
]);

export function parseTfJson(text: string): HclFile {
  const parsed = parseJsonDocument(text);
  if (parsed.root === undefined) return unparsed(text, parsed.error);
  const body: HclBody = { attributes: [], blocks: [] };
  if (parsed.root.kind === 'object')
    for (const p of parsed.root.properties) {
      const labels = LABELS[p.key];
      if (labels !== undefined) body.blocks.push(...blocksOf(text, p.key, p.keySpan, p.value, labels, 0));
    }
  return { text, body, errors: [] };
}

/** A `*.tfvars.json` file: one attribute per top-level key, its value literal (Terraform reads no template in it). */
export function parseTfVarsJson(text: string): HclFile {
  const parsed = parseJsonDocument(text);
  if (parsed.root === undefined) return unparsed(text, parsed.error);
  const attributes: HclAttribute[] =
    parsed.root.kind === 'object'
      ? parsed.root.properties.map((p) => ({
          name: p.key,
          nameSpan: { start: p.keySpan.start + 1, end: p.keySpan.end - 1 },
          value: exprOf(text, p.value, 0, true),
          span: { start: p.keySpan.start, end: p.value.span.end },
        }))
      : [];
  return { text, body: { attributes, blocks: [] }, errors: [] };
}

function unparsed(text: string, error: { offset: number; message: string }): HclFile {
  return {
    text,
    body: { attributes: [], blocks: [] },
    errors: [{ span: { start: error.offset, end: error.offset }, message: error.message }],
  };
}

function blocksOf(
  text: string,
  type: string,
  typeSpan: Span,
  node: JsonNode,
  labels: number,
  depth: number,
  prefix: HclBlock['labels'] = [],
): HclBlock[] {
  if (depth > 32) return [];
  if (node.kind === 'array') return node.items.flatMap((item) => blocksOf(text, type, typeSpan, item, labels, depth + 1, prefix));
  if (node.kind !== 'object') return [];
  if (prefix.length < labels)
    return node.properties.flatMap((p) =>
      blocksOf(text, type, typeSpan, p.value, labels, depth + 1, [
        ...prefix,
        { value: p.key, span: { start: p.keySpan.start + 1, end: p.keySpan.end - 1 } },
      ]),
    );
  return [{ type, typeSpan, labels: prefix, body: bodyOf(text, node, depth + 1), span: { start: typeSpan.start, end: node.span.end } }];
}

function bodyOf(text: string, node: Extract<JsonNode, { kind: 'object' }>, depth: number): HclBody {
  const body: HclBody = { attributes: [], blocks: [] };
  for (const p of node.properties) {
    const nameSpan = { start: p.keySpan.start + 1, end: p.keySpan.end - 1 };
    if (NESTED_BLOCKS.has(p.key) && (p.value.kind === 'object' || p.value.kind === 'array')) {
      body.blocks.push(...blocksOf(text, p.key, nameSpan, p.value, p.key === 'dynamic' ? 1 : 0, depth));
      continue;
    }
    const attribute: HclAttribute = {
      name: p.key,
      nameSpan,
      value: exprOf(text, p.value, depth),
      span: { start: p.keySpan.start, end: p.value.span.end },
    };
    body.attributes.push(attribute);
  }
  return body;
}

function exprOf(text: string, node: JsonNode, depth: number, literal = false): HclExpr {
  if (depth > 64) return { kind: 'opaque', span: node.span };
  switch (node.kind) {
    case 'string':
      return node.value.includes('${') && !literal
        ? template(node.value, node.span, node.contentSpan)
        : {
            kind: 'string',
            span: node.span,
            contentSpan: node.contentSpan,
            value: node.value,
            parts: [{ kind: 'literal', value: node.value }],
            directive: false,
          };
    case 'number':
      return { kind: 'number', span: node.span, value: Number(node.raw), raw: node.raw };
    case 'boolean':
      return { kind: 'bool', span: node.span, value: node.raw === 'true' };
    case 'null':
      return { kind: 'null', span: node.span };
    case 'array':
      return { kind: 'tuple', span: node.span, items: node.items.map((i) => exprOf(text, i, depth + 1, literal)) };
    case 'object':
      return {
        kind: 'object',
        span: node.span,
        items: node.properties.map((p) => ({
          key: p.key,
          keySpan: { start: p.keySpan.start + 1, end: p.keySpan.end - 1 },
          value: exprOf(text, p.value, depth + 1, literal),
        })),
      };
  }
}

/**
 * A JSON string holding interpolations: its decoded value parsed as a native template. A string that is exactly one
 * `${expr}` stands for that expression (as Terraform reads it); the parts' ranges are the string's.
 */
function template(value: string, span: Span, contentSpan: Span): HclExpr {
  const inner = parseHcl(`x = "${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).body.attributes[0]?.value;
  if (inner?.kind !== 'string') return { kind: 'opaque', span };
  const rebase = (e: HclExpr): HclExpr => ({ ...e, span }) as HclExpr;
  if (inner.parts.length === 1 && inner.parts[0]!.kind === 'interpolation' && /^\$\{[^]*\}$/.test(value.trim()))
    return rebase(inner.parts[0]!.expr);
  return {
    kind: 'string',
    span,
    contentSpan,
    value: inner.value,
    parts: inner.parts.map((p) => (p.kind === 'literal' ? p : { kind: 'interpolation', expr: rebase(p.expr) })),
    directive: inner.directive,
  };
}
