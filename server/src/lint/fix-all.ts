// Applying fixes: every preferred fix at once, skipping any that would overlap one already taken.
import type { Finding, Fix, TextEdit } from './model';

/** The preferred fixes of `findings` that can be applied together (no overlapping edits). */
export function compatiblePreferredFixes(findings: readonly Finding[]): Fix[] {
  const taken: TextEdit[] = [];
  const fixes: Fix[] = [];
  for (const finding of findings) {
    const fix = finding.fixes.find((f) => f.preferred);
    if (fix === undefined || fixes.includes(fix)) continue;
    if (fix.edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    taken.push(...fix.edits);
    fixes.push(fix);
  }
  return fixes;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  // Two insertions at the same point would interleave unpredictably; treat them as overlapping too.
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
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
