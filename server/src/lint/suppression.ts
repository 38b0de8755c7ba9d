// `<!-- apigee-tls-lint disable=id[,id] -->` on the line before silences those rules on the next line;
// apigeelint's `<!-- apigeelint disable=TD007 -->` silences the rules that map to its ids.
import type { Finding } from './model';
import { RULES } from './registry';

const COMMENT = /<!--\s*(apigee-tls-lint|apigeelint)\s+disable\s*=\s*([\w\s,.-]*?)\s*-->/g;

export function applySuppressions(text: string, findings: Finding[]): Finding[] {
  if (findings.length === 0 || !text.includes('disable')) return findings;
  const lineStarts = computeLineStarts(text);
  const suppressed = new Map<number, Set<string>>();
  for (const m of text.matchAll(COMMENT)) {
    const ids = m[2]!
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const ruleIds = m[1] === 'apigeelint' ? RULES.filter((r) => r.apigeelint.some((a) => ids.includes(a))).map((r) => r.id) : ids;
    const nextLine = lineOf(lineStarts, m.index + m[0].length) + 1;
    const set = suppressed.get(nextLine) ?? new Set<string>();
    ruleIds.forEach((id) => set.add(id));
    suppressed.set(nextLine, set);
  }
  if (suppressed.size === 0) return findings;
  return findings.filter((f) => !suppressed.get(lineOf(lineStarts, f.span.start))?.has(f.ruleId));
}

export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 0-based line of an offset (binary search). */
export function lineOf(lineStarts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
