// Terraform values the model can know before `terraform plan`: literals, `var.x` (its default or a tfvars file),
// `local.x`, `each.key`/`each.value` of a `for_each` over literals, references to other resources' literal
// attributes, and a few pure functions (`file`, `trimprefix`, `format`, …). Everything else is unknown, with the
// reason, and never guessed.
import { join } from 'node:path';
import type { HclExpr } from '../../documents/hcl/hcl-document';
import type { Span } from '../../documents/xml/types';

/** Where a value was written: its file and range, and which file gave a variable its value. */
export interface Origin {
  file: string;
  span: Span;
  /** `prod.tfvars`, `default of var.port in variables.tf`: said in messages when the value is not written in place. */
  via?: string;
}

export type TfValue =
  | { kind: 'string'; value: string; origin: Origin }
  | { kind: 'number'; value: number; origin: Origin }
  | { kind: 'bool'; value: boolean; origin: Origin }
  | { kind: 'null'; origin: Origin }
  | { kind: 'list'; items: TfValue[]; origin: Origin }
  /** `keys`: where each key of a literal object was written (a `for_each` key that names a resource goes there). */
  | { kind: 'map'; entries: Map<string, TfValue>; origin: Origin; keys?: Map<string, Origin> }
  /** `ref`: a resource the value refers to (`google_compute_ssl_policy.p.id`, its address with the module path). */
  | { kind: 'unknown'; why: string; origin: Origin; ref?: string };

export interface Resource {
  type: string;
  name: string;
  file: string;
  attributes: ReadonlyMap<string, { expr: HclExpr }>;
}

export interface Scope {
  /** The module's folder (`path.module`, and what `file("…")` paths resolve against). */
  dir: string;
  vars: ReadonlyMap<string, TfValue>;
  locals: ReadonlyMap<string, { expr: HclExpr; file: string }>;
  resources: ReadonlyMap<string, Resource>;
  /** `each.key` / `each.value`, or a dynamic block's iterator. */
  iterators: ReadonlyMap<string, { key: TfValue; value: TfValue }>;
  /** The module instance's address prefix (`module.lb.`; empty for the root module). */
  prefix?: string;
  /** A file's text, read through the workspace's confined reader (undefined: unreadable). */
  readText(path: string): string | undefined;
}

const MAX_DEPTH = 32;

export function unknown(why: string, file: string, span: Span): Extract<TfValue, { kind: 'unknown' }> {
  return { kind: 'unknown', why, origin: { file, span } };
}

export function evaluate(expr: HclExpr, file: string, scope: Scope, depth = 0, evaluating: Set<string> = new Set()): TfValue {
  const origin = { file, span: expr.kind === 'string' ? expr.contentSpan : expr.span };
  if (depth > MAX_DEPTH) return unknown('nested too deeply', file, expr.span);
  const sub = (e: HclExpr): TfValue => evaluate(e, file, scope, depth + 1, evaluating);
  switch (expr.kind) {
    case 'string': {
      if (expr.directive) return unknown('a template directive', file, expr.span);
      let text = '';
      for (const part of expr.parts) {
        if (part.kind === 'literal') {
          text += part.value;
          continue;
        }
        const v = sub(part.expr);
        if (v.kind === 'string' || v.kind === 'number' || v.kind === 'bool') text += String(v.value);
        else return v.kind === 'unknown' ? { ...v, origin } : unknown('an interpolation of a non-string value', file, expr.span);
      }
      return { kind: 'string', value: text, origin };
    }
    case 'number':
      return { kind: 'number', value: expr.value, origin };
    case 'bool':
      return { kind: 'bool', value: expr.value, origin };
    case 'null':
      return { kind: 'null', origin };
    case 'tuple':
      return { kind: 'list', items: expr.items.map(sub), origin };
    case 'object': {
      const entries = new Map<string, TfValue>();
      const keys = new Map<string, Origin>();
      for (const item of expr.items) {
        if (item.key === undefined) return unknown('an object with a computed key', file, expr.span);
        entries.set(item.key, sub(item.value));
        keys.set(item.key, { file, span: item.keySpan });
      }
      return { kind: 'map', entries, origin, keys };
    }
    case 'traversal':
      return traversal(expr, file, scope, depth, evaluating);
    case 'call':
      return call(expr, file, scope, expr.args.map(sub));
    case 'opaque':
      if (expr.conditional !== undefined) {
        const condition = sub(expr.conditional.condition);
        if (condition.kind === 'bool') return sub(condition.value ? expr.conditional.then : expr.conditional.else);
        return condition.kind === 'unknown' ? { ...condition, origin } : unknown('a condition that is not a bool', file, expr.span);
      }
      if (expr.comparison !== undefined) return compare(expr.comparison.op, sub(expr.comparison.left), sub(expr.comparison.right), origin);
      return unknown('an expression evaluated at plan time', file, expr.span);
  }
}

/** `==` / `!=` of two known values: scalars and null (Terraform converts nothing for them); collections stay unknown. */
function compare(op: '==' | '!=', left: TfValue, right: TfValue, origin: Origin): TfValue {
  if (left.kind === 'unknown') return { ...left, origin };
  if (right.kind === 'unknown') return { ...right, origin };
  const scalar = (v: TfValue): boolean => v.kind === 'string' || v.kind === 'number' || v.kind === 'bool' || v.kind === 'null';
  if (!scalar(left) || !scalar(right)) return { kind: 'unknown', why: 'a comparison of collections', origin };
  const value = (v: TfValue): unknown => (v.kind === 'null' ? null : (v as { value: unknown }).value);
  const equal = left.kind === right.kind && value(left) === value(right);
  return { kind: 'bool', value: op === '==' ? equal : !equal, origin };
}

function traversal(
  expr: Extract<HclExpr, { kind: 'traversal' }>,
  file: string,
  scope: Scope,
  depth: number,
  evaluating: Set<string>,
): TfValue {
  const steps = expr.steps;
  const first = steps[0]?.kind === 'attr' ? steps[0].name : undefined;
  const rest = (value: TfValue, from: number): TfValue => walk(value, steps.slice(from), file, scope, depth, evaluating, expr.span);
  const iterator = scope.iterators.get(expr.root);
  if (iterator !== undefined) {
    if (first === 'key' || (expr.root === 'count' && first === 'index')) return rest(iterator.key, 1);
    if (first === 'value') return rest(iterator.value, 1);
    return unknown(`${expr.root}.${first ?? '?'}`, file, expr.span);
  }
  switch (expr.root) {
    case 'var': {
      const value = first === undefined ? undefined : scope.vars.get(first);
      if (value === undefined) return unknown(`var.${first ?? '?'} has no value here`, file, expr.span);
      return rest(value, 1);
    }
    case 'local': {
      const local = first === undefined ? undefined : scope.locals.get(first);
      if (local === undefined || first === undefined) return unknown(`local.${first ?? '?'} is not defined`, file, expr.span);
      if (evaluating.has(first)) return unknown(`local.${first} refers to itself`, file, expr.span);
      evaluating.add(first);
      const value = evaluate(local.expr, local.file, scope, depth + 1, evaluating);
      evaluating.delete(first);
      return rest(value, 1);
    }
    case 'path':
      return first === 'module' || first === 'root'
        ? { kind: 'string', value: '.', origin: { file, span: expr.span } }
        : unknown('path.cwd', file, expr.span);
    case 'data':
    case 'module':
    case 'count':
    case 'terraform':
    case 'self':
      return unknown(`${expr.root}.${first ?? ''} is known at plan time`, file, expr.span);
  }
  // `<type>.<name>.<attribute>`: another resource of the module, by its literal attributes; `<type>.<name>[key]` an
  // instance of its for_each / count, read with that instance's each.key / each.value (count.index).
  const name = first;
  const resource = name === undefined ? undefined : scope.resources.get(`${expr.root}.${name}`);
  const index = steps[1]?.kind === 'index' ? steps[1].key : undefined;
  const iterators =
    resource === undefined || index === undefined
      ? new Map<string, { key: TfValue; value: TfValue }>()
      : instanceOf(resource, evaluate(index, file, scope, depth + 1, evaluating), scope, depth, evaluating);
  // `for_each = google_apigee_environment.envs`: the instances as a map of their literal attributes.
  if (resource !== undefined && steps.length === 1)
    return instancesOf(resource, `${expr.root}.${name!}`, file, scope, depth, evaluating, expr.span);
  const at = index === undefined ? 1 : 2;
  const step = steps[at];
  const attribute = step?.kind === 'attr' && iterators !== undefined ? step.name : undefined;
  if (resource === undefined || attribute === undefined || iterators === undefined)
    return unknown(`${expr.root}.${name ?? ''} is known at plan time`, file, expr.span);
  const key = `${expr.root}.${name}.${attribute}`;
  // What only plan knows of a resource still says which resource it is (a module input naming a policy).
  const planned = (): TfValue => ({
    ...unknown(`${key} is known at plan time`, file, expr.span),
    ref: `${scope.prefix ?? ''}${expr.root}.${name}`,
  });
  if (evaluating.has(key)) return unknown(`${key} refers to itself`, file, expr.span);
  // An environment's id is `organizations/ORG/environments/NAME`: its NAME is what identifies it.
  const own = resource.attributes.get(attribute === 'id' ? 'name' : attribute);
  if (own === undefined) return planned();
  evaluating.add(key);
  const value = evaluate(own.expr, resource.file, { ...scope, iterators }, depth + 1, evaluating);
  evaluating.delete(key);
  if (attribute === 'id' && expr.root === 'google_apigee_environment' && value.kind === 'string')
    return rest({ ...value, value: `environments/${value.value}` }, at + 1);
  if (attribute === 'id') return planned();
  // A scalar read from another resource is changed where it is used (`key_store = google_apigee_env_keystore.ks.name`
  // becomes a reference there): it lands at the reference, saying where it came from.
  // (A value a tfvars file gave keeps its origin, so messages still name that file.)
  const literal = (value.kind === 'string' || value.kind === 'number' || value.kind === 'bool') && value.origin.via === undefined;
  return rest(literal && steps.length === at + 1 ? { ...value, origin: { file, span: expr.span } } : value, at + 1);
}

const MAX_INSTANCES = 256;

function instancesOf(
  resource: Resource,
  key: string,
  file: string,
  scope: Scope,
  depth: number,
  evaluating: Set<string>,
  span: Span,
): TfValue {
  const forEach = resource.attributes.get('for_each');
  if (forEach === undefined || evaluating.has(key)) return unknown(`${key} is known at plan time`, file, span);
  evaluating.add(key);
  try {
    const all = evaluate(forEach.expr, resource.file, { ...scope, iterators: new Map() }, depth + 1, evaluating);
    const keys = all.kind === 'map' ? [...all.entries.keys()] : all.kind === 'list' ? all.items.map(keyText) : undefined;
    if (keys === undefined || keys.length > MAX_INSTANCES || keys.some((k) => k === undefined))
      return unknown(`${key} is known at plan time`, file, span);
    const origin = { file, span };
    const entries = new Map<string, TfValue>();
    for (const k of keys as string[]) {
      const iterators = instanceOf(resource, { kind: 'string', value: k, origin }, scope, depth, evaluating)!;
      const attributes = new Map<string, TfValue>();
      for (const [name, a] of resource.attributes)
        if (name !== 'for_each') attributes.set(name, evaluate(a.expr, resource.file, { ...scope, iterators }, depth + 1, evaluating));
      const envName = attributes.get('name');
      if (resource.type === 'google_apigee_environment' && envName?.kind === 'string')
        attributes.set('id', { ...envName, value: `environments/${envName.value}` });
      entries.set(k, { kind: 'map', entries: attributes, origin });
    }
    return { kind: 'map', entries, origin };
  } finally {
    evaluating.delete(key);
  }
}

/** The iterators of one instance of a resource with `for_each` over literals (or `count`); undefined when unknown. */
function instanceOf(
  resource: Resource,
  key: TfValue,
  scope: Scope,
  depth: number,
  evaluating: Set<string>,
): Map<string, { key: TfValue; value: TfValue }> | undefined {
  const k = keyText(key);
  if (k === undefined) return undefined;
  const count = resource.attributes.get('count');
  if (count !== undefined) {
    const n = evaluate(count.expr, resource.file, { ...scope, iterators: new Map() }, depth + 1, evaluating);
    const i = Number(k);
    return n.kind === 'number' && Number.isInteger(i) && i >= 0 && i < n.value ? new Map([['count', { key, value: key }]]) : undefined;
  }
  const forEach = resource.attributes.get('for_each');
  if (forEach === undefined) return undefined;
  const all = evaluate(forEach.expr, resource.file, { ...scope, iterators: new Map() }, depth + 1, evaluating);
  const each = (value: TfValue): Map<string, { key: TfValue; value: TfValue }> =>
    new Map([['each', { key: { kind: 'string', value: k, origin: key.origin }, value }]]);
  if (all.kind === 'map') {
    const value = all.entries.get(k);
    return value === undefined ? undefined : each(value);
  }
  if (all.kind === 'list') {
    const value = all.items.find((i) => keyText(i) === k);
    return value === undefined ? undefined : each(value);
  }
  return undefined;
}

function walk(
  value: TfValue,
  steps: Extract<HclExpr, { kind: 'traversal' }>['steps'],
  file: string,
  scope: Scope,
  depth: number,
  evaluating: Set<string>,
  span: Span,
): TfValue {
  let at = value;
  for (const step of steps) {
    if (at.kind === 'unknown') return at;
    const key = step.kind === 'attr' ? step.name : keyText(evaluate(step.key, file, scope, depth + 1, evaluating));
    if (key === undefined) return unknown('an index known at plan time', file, span);
    if (at.kind === 'map') {
      const next = at.entries.get(key);
      // A missing attribute of an optional() object type is null.
      at = next ?? { kind: 'null', origin: { file, span } };
    } else if (at.kind === 'list' && /^\d+$/.test(key)) {
      at = at.items[Number(key)] ?? unknown(`index ${key} out of range`, file, span);
    } else if (at.kind === 'null') return at;
    else return unknown(`no attribute '${key}'`, file, span);
  }
  return at;
}

function keyText(value: TfValue): string | undefined {
  return value.kind === 'string' || value.kind === 'number' || value.kind === 'bool' ? String(value.value) : undefined;
}

const str = (v: TfValue | undefined): string | undefined =>
  v?.kind === 'string' || v?.kind === 'number' || v?.kind === 'bool' ? String(v.value) : undefined;

function call(expr: Extract<HclExpr, { kind: 'call' }>, file: string, scope: Scope, args: TfValue[]): TfValue {
  const origin: Origin = { file, span: expr.span };
  const blocked = args.find((a) => a.kind === 'unknown');
  const s = (value: string): TfValue => ({ kind: 'string', value, origin });
  const [a, b] = args;
  switch (expr.name) {
    case 'file': {
      if (blocked !== undefined || str(a) === undefined) return blocked ?? unknown('file() of a non-string', file, expr.span);
      const path = join(scope.dir, str(a)!);
      const text = scope.readText(path);
      return text === undefined
        ? unknown(`file("${str(a)!}") cannot be read`, file, expr.span)
        : { kind: 'string', value: text, origin: { ...origin, via: path } };
    }
    case 'trimprefix':
    case 'trimsuffix': {
      const [text, affix] = [str(a), str(b)];
      if (text === undefined || affix === undefined) return blocked ?? unknown(`${expr.name}() of a non-string`, file, expr.span);
      if (expr.name === 'trimprefix') return s(text.startsWith(affix) ? text.slice(affix.length) : text);
      return s(affix !== '' && text.endsWith(affix) ? text.slice(0, -affix.length) : text);
    }
    case 'format': {
      const format = str(a);
      if (format === undefined || blocked !== undefined) return blocked ?? unknown('format() of a non-string', file, expr.span);
      let i = 1;
      let ok = true;
      const out = format.replace(/%%|%[sdv]/g, (m) => {
        if (m === '%%') return '%';
        const v = str(args[i++]);
        if (v === undefined) ok = false;
        return v ?? '';
      });
      return ok ? s(out) : unknown('format() with a missing argument', file, expr.span);
    }
    case 'lower':
    case 'upper':
    case 'tostring': {
      const text = str(a);
      if (text === undefined) return blocked ?? unknown(`${expr.name}() of a non-string`, file, expr.span);
      return s(expr.name === 'lower' ? text.toLowerCase() : expr.name === 'upper' ? text.toUpperCase() : text);
    }
    case 'tonumber': {
      const n = Number(str(a));
      return Number.isFinite(n)
        ? { kind: 'number', value: n, origin }
        : (blocked ?? unknown('tonumber() of a non-number', file, expr.span));
    }
    case 'tolist':
    case 'toset':
    case 'tomap':
      return a ?? unknown(`${expr.name}() without an argument`, file, expr.span);
    case 'concat':
      if (blocked !== undefined) return blocked;
      return args.every((x) => x.kind === 'list')
        ? { kind: 'list', items: args.flatMap((x) => (x.kind === 'list' ? x.items : [])), origin }
        : unknown('concat() of non-lists', file, expr.span);
    case 'merge':
      if (blocked !== undefined) return blocked;
      return args.every((x) => x.kind === 'map')
        ? {
            kind: 'map',
            entries: new Map(args.flatMap((x) => (x.kind === 'map' ? [...x.entries] : []))),
            origin,
            keys: new Map(args.flatMap((x) => (x.kind === 'map' ? [...(x.keys ?? [])] : []))),
          }
        : unknown('merge() of non-maps', file, expr.span);
    default:
      return unknown(`the function ${expr.name}() is evaluated at plan time`, file, expr.span);
  }
}
