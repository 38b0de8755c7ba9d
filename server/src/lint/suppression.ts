// `<!-- apigee-tls-lint disable=id[,id] -->` on the line before silences those rules on the next line;
// apigeelint's `<!-- apigeelint disable=TD007 -->` silences the rules that map to its ids.
import { indentBefore, lineEnding } from './edits';
import type { Finding, TextEdit } from './model';
import { computeLineStarts, lineOf } from '../documents/lines';
import { onlyComments, xmlComments } from '../documents/xml/comments';
import { RULES } from './registry';

/**
 * A disable comment's body. Matched against one comment's body at a time, anchored, with no two white-space runs
 * side by side: linear even on a hostile line.
 */
const DISABLE = /^\s*(apigee-tls-lint|apigeelint)\s+disable\s*=([\w\s,.-]*)$/;

/** The disable comments of a text: which tool, the ids, and where the comment and its ids end. */
function* disableComments(text: string): Generator<{ tool: string; ids: string[]; end: number; idsEnd: number }> {
  for (const c of xmlComments(text)) {
    const m = DISABLE.exec(c.body);
    if (m === null) continue;
    const list = m[2]!;
    const idsEnd = c.bodyStart + c.body.length - (list.length - list.trimEnd().length);
    const ids = list
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    yield { tool: m[1]!, ids, end: c.end, idsEnd };
  }
}

export function applySuppressions(text: string, findings: Finding[]): Finding[] {
  if (findings.length === 0 || !text.includes('disable')) return findings;
  const lineStarts = computeLineStarts(text);
  const suppressed = new Map<number, Set<string>>();
  for (const { tool, ids, end } of disableComments(text)) {
    const ruleIds = tool === 'apigeelint' ? RULES.filter((r) => r.apigeelint.some((a) => ids.includes(a))).map((r) => r.id) : ids;
    const nextLine = lineOf(lineStarts, end) + 1;
    const set = suppressed.get(nextLine) ?? new Set<string>();
    ruleIds.forEach((id) => set.add(id));
    suppressed.set(nextLine, set);
  }
  if (suppressed.size === 0) return findings;
  return findings.filter((f) => !suppressed.get(lineOf(lineStarts, f.span.start))?.has(f.ruleId));
}

/**
 * The edit that silences `ruleId` for the line holding `offset`: the id added to a disable comment already on
 * the line before; our comment appended to a line before that holds only comments (an apigeelint one, say,
 * which must stay right above the line it silences); or a new comment line, indented like the line. None
 * where a comment cannot go (the line before ends inside a tag or comment, or the line is the first one).
 */
export function disableCommentEdit(text: string, offset: number, ruleId: string): TextEdit | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (lineStart === 0 || insideMarkup(text, lineStart)) return undefined;
  const previousStart = text.lastIndexOf('\n', lineStart - 2) + 1;
  const previous = text.slice(previousStart, lineStart).replace(/\r?\n$/, '');
  const own = [...disableComments(previous)].find((c) => c.tool === 'apigee-tls-lint');
  if (own !== undefined) {
    const at = previousStart + own.idsEnd;
    return { start: at, end: at, newText: `,${ruleId}` };
  }
  const comment = `<!-- apigee-tls-lint disable=${ruleId} -->`;
  if (onlyComments(previous)) {
    const end = previousStart + previous.length;
    return { start: end, end, newText: ` ${comment}` };
  }
  const firstNonSpace = lineStart + (/^[ \t]*/.exec(text.slice(lineStart, lineStart + 1000))?.[0].length ?? 0);
  const indent = indentBefore(text, firstNonSpace) ?? '';
  return { start: lineStart, end: lineStart, newText: `${indent}${comment}${lineEnding(text)}` };
}

/** Whether `offset` falls inside a tag or a comment (where a comment line cannot be inserted). */
function insideMarkup(text: string, offset: number): boolean {
  const before = text.slice(Math.max(0, offset - 100_000), offset);
  const commentOpen = before.lastIndexOf('<!--');
  if (commentOpen > before.lastIndexOf('-->')) return true;
  return before.lastIndexOf('<') > before.lastIndexOf('>');
}
