// Applying fixes: every preferred fix at once, skipping any that would overlap one already taken.
import type { Finding, Fix, TextEdit } from './model';

/** The preferred fixes of `findings` that can be applied together (no overlapping edits). */
export function compatiblePreferredFixes(findings: readonly Finding[]): Fix[] {
  // Taken edits, sorted by (start, end) and pairwise non-overlapping, so their ends are sorted too: a binary
  // search finds the few that could overlap a new edit (thousands of findings in one file stay fast).
  const taken: TextEdit[] = [];
  const seen = new Set<Fix>();
  const fixes: Fix[] = [];
  for (const finding of findings) {
    const fix = finding.fixes.find((f) => f.preferred);
    if (fix === undefined || seen.has(fix)) continue;
    if (fix.edits.some((e) => overlapsAny(taken, e))) continue;
    for (const e of fix.edits) taken.splice(insertionIndex(taken, e), 0, e);
    seen.add(fix);
    fixes.push(fix);
  }
  return fixes;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  // Two insertions at the same point would interleave unpredictably; treat them as overlapping too.
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

/** Whether `e` overlaps an edit of `taken` (sorted, pairwise non-overlapping). */
function overlapsAny(taken: readonly TextEdit[], e: TextEdit): boolean {
  // The first taken edit that ends at or after e's start; every earlier one ends before e begins.
  let lo = 0;
  let hi = taken.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (taken[mid]!.end < e.start) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < taken.length && taken[i]!.start <= e.end; i++) {
    if (overlaps(taken[i]!, e)) return true;
  }
  return false;
}

function insertionIndex(taken: readonly TextEdit[], e: TextEdit): number {
  let lo = 0;
  let hi = taken.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const t = taken[mid]!;
    if (t.start < e.start || (t.start === e.start && t.end <= e.end)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Applies non-overlapping edits in one pass (linear in the text, however many edits). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  // By position; insertions at the same point appear in the order they were given, as LSP and VS Code
  // apply them.
  const sorted = edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i)
    .map((x) => x.e);
  const parts: string[] = [];
  let at = 0;
  for (const e of sorted) {
    parts.push(text.slice(at, e.start), e.newText);
    at = Math.max(at, e.end);
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/**
 * Applies preferred fixes until none is left (a fix can make room for another), at most `rounds` times.
 * `lint` re-lints the text between rounds.
 */
export function fixAll(text: string, lint: (text: string) => Finding[], rounds = 5): { text: string; applied: number } {
  let current = text;
  let applied = 0;
  for (let round = 0; round < rounds; round++) {
    const fixes = compatiblePreferredFixes(lint(current));
    if (fixes.length === 0) break;
    current = applyEdits(
      current,
      fixes.flatMap((f) => f.edits),
    );
    applied += fixes.length;
  }
  return { text: current, applied };
}
