// Test helpers that read like the rule: inline XML with the expected span marked «like this».
import assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/lint/fix-all';
import { lintText } from '../../server/src/lint/lint';
import type { Finding, LintOptions } from '../../server/src/lint/model';
import { parseXml } from '../../server/src/documents/xml/document';

/** A TargetEndpoint whose HTTPTargetConnection holds `body` (SSLInfo and URL). */
export function target(body: string): string {
  return `<TargetEndpoint name="default">\n  <HTTPTargetConnection>\n${body}\n  </HTTPTargetConnection>\n</TargetEndpoint>\n`;
}

/** A TargetEndpoint with this SSLInfo body and an https URL. */
export function ssl(inner: string, url = 'https://api.example.com/v1'): string {
  return target(`    <SSLInfo>\n${inner}\n    </SSLInfo>\n    <URL>${url}</URL>`);
}

/** Removes the «» markers and returns the spans they enclosed. */
export function unmark(marked: string): { text: string; spans: Array<[number, number]> } {
  const spans: Array<[number, number]> = [];
  let text = '';
  let open = -1;
  for (const ch of marked) {
    if (ch === '«') open = text.length;
    else if (ch === '»') spans.push([open, text.length]);
    else text += ch;
  }
  return { text, spans };
}

export function findingsOf(ruleId: string, text: string, options?: LintOptions): Finding[] {
  return lintText(text, options).filter((f) => f.ruleId === ruleId);
}

/** Per rule id, how many expectSpans cases passed where it reports (positive) and where it stays silent (negative). */
export const passedCases = new Map<string, { positive: number; negative: number }>();

/** The rule reports exactly the marked spans (none when nothing is marked). */
export function expectSpans(ruleId: string, marked: string, options?: LintOptions): void {
  const { text, spans } = unmark(marked);
  const found = findingsOf(ruleId, text, options);
  const show = (s: Array<[number, number]>): string[] => s.map(([a, b]) => `${a}-${b} '${text.slice(a, b)}'`);
  assert.deepEqual(show(found.map((f) => [f.span.start, f.span.end])), show(spans), `${ruleId} spans`);
  const passed = passedCases.get(ruleId) ?? { positive: 0, negative: 0 };
  passed[spans.length > 0 ? 'positive' : 'negative']++;
  passedCases.set(ruleId, passed);
}

/**
 * Applying the rule's first finding's fix (the preferred one, or the one titled `title`) turns `before`
 * into `after`; the result is well-formed and re-linting no longer reports that finding there.
 */
export function expectFix(ruleId: string, before: string, after: string, options: LintOptions & { title?: string } = {}): void {
  const finding = findingsOf(ruleId, before, options)[0];
  assert.ok(finding, `${ruleId} reports nothing on the input`);
  const fix =
    options.title === undefined
      ? (finding.fixes.find((f) => f.preferred) ?? finding.fixes[0])
      : finding.fixes.find((f) => f.title === options.title);
  assert.ok(
    fix,
    `${ruleId} offers no fix${options.title ? ` titled '${options.title}'` : ''}: ${finding.fixes.map((f) => f.title).join(', ')}`,
  );
  const fixed = applyEdits(before, fix.edits);
  assert.equal(fixed, after);
  assert.deepEqual(parseXml(fixed).syntaxErrors, [], 'fixed text is well-formed');
  const again = findingsOf(ruleId, fixed, options).length;
  assert.ok(again < findingsOf(ruleId, before, options).length, `${ruleId} still reported after the fix`);
}
