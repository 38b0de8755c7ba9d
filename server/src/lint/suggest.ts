/** Suggestions already computed, per candidate list: a file repeating one bad name pays once. */
const memo = new WeakMap<readonly string[], Map<string, string | undefined>>();
const MEMO_LIMIT = 2000;

/** The candidate closest to `name` (case-insensitive edit distance), if close enough to be a likely typo. */
export function closest(name: string, candidates: readonly string[], maxDistance?: number): string | undefined {
  let known = memo.get(candidates);
  if (known === undefined) memo.set(candidates, (known = new Map()));
  const key = `${maxDistance ?? ''}\u0000${name}`;
  if (known.has(key)) return known.get(key);
  const result = search(name, candidates, maxDistance);
  if (known.size >= MEMO_LIMIT) known.clear();
  known.set(key, result);
  return result;
}

function search(name: string, candidates: readonly string[], maxDistance: number | undefined): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = maxDistance ?? Math.max(1, Math.floor(Math.max(name.length, 1) / 3));
  return bestDistance <= limit ? best : undefined;
}

/** Levenshtein distance, O(|a|·|b|) with one row; inputs are short element and suite names. */
export function distance(a: string, b: string): number {
  if (a.length > 200 || b.length > 200) return Math.abs(a.length - b.length) + 200;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
