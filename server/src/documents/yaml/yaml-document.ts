// A YAML document with exact source ranges (hybrid's overrides.yaml: `envs[].httpProxy`, `virtualhosts[]`, …), read
// with the `yaml` package (eemeli/yaml: a well-kept, dependency-free parser that keeps every node's offsets). The
// rest of the engine sees plain nodes with spans, never the library's types. Bad input never throws; aliases are
// not expanded (no billion laughs), and a document deeper than a bound is read as far as the bound.
import type * as Yaml from 'yaml';
import type { Span } from '../xml/types';

type YamlLibNode = Yaml.Node;

let loaded: typeof Yaml | undefined;

/**
 * The `yaml` package, started on first use: only hybrid's overrides are YAML, and starting it (its schema and tag
 * tables) cost every CLI run ~3 ms. The CLI's CommonJS bundle cannot be split, so a call-time require() defers it.
 */
function yaml(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: deferred on purpose
  return (loaded ??= require('yaml') as typeof Yaml);
}

export type YamlNode =
  | { kind: 'map'; span: Span; entries: YamlEntry[] }
  | { kind: 'seq'; span: Span; items: YamlNode[] }
  | { kind: 'scalar'; span: Span; value: string | number | boolean | null }
  /** An alias (`*name`), kept unexpanded, or a node beyond the depth bound. */
  | { kind: 'other'; span: Span };

export interface YamlEntry {
  key: string;
  keySpan: Span;
  value: YamlNode | undefined;
}

export interface YamlProblem {
  message: string;
  span: Span;
}

export interface YamlDocument {
  /** The first document's root (undefined: empty, or not readable at all). */
  root: YamlNode | undefined;
  problems: YamlProblem[];
}

/** Nesting read at most: configuration is a few levels deep; a hostile file is not read deeper. */
const MAX_DEPTH = 64;
/** Documents longer than this are not read (the engine's document bound). */
export const MAX_YAML_LENGTH = 4 * 1024 * 1024;

/**
 * Flow collections (`[`, `{`) nested deeper than this are not handed to the parser, which recurses on them (10,000
 * levels ran it out of memory here). Counted over the raw text, strings included: no real file comes near it.
 */
const MAX_FLOW_DEPTH = 256;

function flowTooDeep(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_FLOW_DEPTH) return i;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return undefined;
}

export function parseYaml(text: string): YamlDocument {
  if (text.length > MAX_YAML_LENGTH)
    return { root: undefined, problems: [{ message: `too large to read (${text.length} characters)`, span: { start: 0, end: 0 } }] };
  const deep = flowTooDeep(text);
  if (deep !== undefined)
    return {
      root: undefined,
      problems: [{ message: `nested deeper than ${MAX_FLOW_DEPTH} levels: not read`, span: { start: deep, end: deep + 1 } }],
    };
  try {
    const doc = yaml().parseDocument(text, { keepSourceTokens: false, uniqueKeys: false, prettyErrors: false, strict: false });
    const problems = doc.errors.map((e) => ({
      message: e.message.split('\n')[0]!,
      span: { start: e.pos[0], end: Math.max(e.pos[0], e.pos[1]) },
    }));
    return { root: doc.contents === null ? undefined : toNode(doc.contents as YamlLibNode, 0), problems };
  } catch (error) {
    // The library does not throw on bad input; this keeps the promise if a version ever does.
    return { root: undefined, problems: [{ message: error instanceof Error ? error.message : String(error), span: { start: 0, end: 0 } }] };
  }
}

function spanOf(node: YamlLibNode | null | undefined): Span {
  const range = node?.range;
  return range === undefined || range === null ? { start: 0, end: 0 } : { start: range[0], end: range[1] };
}

function toNode(node: YamlLibNode, depth: number): YamlNode {
  const { isAlias, isMap, isScalar, isSeq } = yaml();
  const span = spanOf(node);
  if (depth > MAX_DEPTH || isAlias(node)) return { kind: 'other', span };
  if (isMap(node)) {
    const entries: YamlEntry[] = [];
    for (const pair of node.items) {
      const key = pair.key as YamlLibNode | null;
      // Only scalar keys name settings; a complex key (`? [a, b]`) is kept out.
      if (!isScalar(key)) continue;
      const value = pair.value as YamlLibNode | null;
      entries.push({ key: String(key.value), keySpan: spanOf(key), value: value === null ? undefined : toNode(value, depth + 1) });
    }
    return { kind: 'map', span, entries };
  }
  if (isSeq(node)) return { kind: 'seq', span, items: node.items.map((item) => toNode(item as YamlLibNode, depth + 1)) };
  if (isScalar(node)) {
    const value = node.value;
    return {
      kind: 'scalar',
      span,
      value: typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null ? value : String(value),
    };
  }
  return { kind: 'other', span };
}

/** The entry of a map by key. */
export function entryOf(node: YamlNode | undefined, key: string): YamlEntry | undefined {
  if (node?.kind !== 'map') return undefined;
  // YAML 1.2 forbids duplicate keys; readers that accept them (Helm, Go's yaml.v2 in non-strict mode) keep the last.
  for (let i = node.entries.length - 1; i >= 0; i--) if (node.entries[i]!.key === key) return node.entries[i];
  return undefined;
}

/** A map entry's value as a string (a scalar's text), or undefined. */
export function stringAt(node: YamlNode | undefined, key: string): { value: string; span: Span } | undefined {
  const value = entryOf(node, key)?.value;
  return value?.kind === 'scalar' && value.value !== null ? { value: String(value.value), span: value.span } : undefined;
}
