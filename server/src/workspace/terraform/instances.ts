// The instances of a resource or module block: one without `for_each`/`count`; one per key of a `for_each` over a
// literal map or set; N for a literal `count = N` (`count.index` known). A `for_each` or `count` only plan knows
// gives none: what it would create is never guessed.
import type { HclExpr } from '../../documents/hcl/hcl-document';
import { evaluate, type Scope, type TfValue } from './evaluate';

export interface Instance {
  scope: Scope;
  /** `["key"]` or `[0]`: appended to the address. */
  index: string;
  /** `for_each key "a"`, `count.index 0`: said in messages. */
  provenance: string | undefined;
}

export const MAX_INSTANCES = 1000;

export function instancesOf(attributes: ReadonlyMap<string, { expr: HclExpr }>, file: string, scope: Scope): Instance[] {
  const forEach = attributes.get('for_each');
  const count = attributes.get('count');
  if (forEach !== undefined) {
    const value = evaluate(forEach.expr, file, scope);
    const pairs: [TfValue, TfValue][] =
      value.kind === 'map'
        ? [...value.entries].map(([k, v]) => [{ kind: 'string', value: k, origin: value.keys?.get(k) ?? v.origin }, v])
        : value.kind === 'list'
          ? value.items.map((v) => [v, v])
          : [];
    return pairs.slice(0, MAX_INSTANCES).map(([key, v]) => {
      const text = key.kind === 'string' ? key.value : undefined;
      return {
        scope: { ...scope, iterators: new Map([...scope.iterators, ['each', { key, value: v }]]) },
        index: text === undefined ? '' : `["${text}"]`,
        provenance: text === undefined ? undefined : `for_each key "${text}"`,
      };
    });
  }
  if (count !== undefined) {
    const value = evaluate(count.expr, file, scope);
    if (value.kind !== 'number' || !Number.isInteger(value.value) || value.value < 0) return [];
    return Array.from({ length: Math.min(value.value, MAX_INSTANCES) }, (_, i) => {
      const index: TfValue = { kind: 'number', value: i, origin: value.origin };
      return {
        scope: { ...scope, iterators: new Map([...scope.iterators, ['count', { key: index, value: index }]]) },
        index: `[${i}]`,
        provenance: `count.index ${i}`,
      };
    });
  }
  return [{ scope, index: '', provenance: undefined }];
}
