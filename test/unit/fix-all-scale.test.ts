// applyEdits, compatiblePreferredFixes and indentBefore at scale: the same results as the straightforward
// definitions, and linear work on files with thousands of findings on one line (the robustness run found
// 100,000 obsolete <Protocol> entries hanging fix-all for minutes).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { indentBefore, lineEnding } from '../../server/src/lint/edits';
import { applyEdits, compatiblePreferredFixes, fixAll } from '../../server/src/lint/fix-all';
import { lintText } from '../../server/src/lint/lint';
import type { Finding, Fix, TextEdit } from '../../server/src/lint/model';
import { ssl } from '../support/lint-cases';
import { prng } from '../support/prng';

/**
 * The definition: apply from the end of the text backwards; insertions at the same point end up in the order
 * given (LSP's rule), so among those the last given is applied first.
 */
function naiveApply(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => b.e.start - a.e.start || b.e.end - a.e.end || b.i - a.i)
    .map((x) => x.e);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

function naiveOverlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

function naiveCompatible(findings: readonly Finding[]): Fix[] {
  const taken: TextEdit[] = [];
  const fixes: Fix[] = [];
  for (const finding of findings) {
    const fix = finding.fixes.find((f) => f.preferred);
    if (fix === undefined || fixes.includes(fix)) continue;
    if (fix.edits.some((e) => taken.some((t) => naiveOverlaps(e, t)))) continue;
    taken.push(...fix.edits);
    fixes.push(fix);
  }
  return fixes;
}

function randomEdit(rand: () => number, length: number): TextEdit {
  const start = Math.floor(rand() * (length + 1));
  const kind = rand();
  const end = kind < 0.4 ? start : Math.min(length, start + 1 + Math.floor(rand() * 6));
  return { start, end, newText: kind < 0.7 ? `[${Math.floor(rand() * 100)}]` : '' };
}

describe('applyEdits', () => {
  it('puts insertions at one point in the order given, as LSP does', () => {
    assert.equal(
      applyEdits('ab', [
        { start: 1, end: 1, newText: 'X' },
        { start: 1, end: 1, newText: 'Y' },
      ]),
      'aXYb',
    );
  });

  it('matches the back-to-front definition on random non-overlapping edits (same-point insertions included)', () => {
    const rand = prng(7);
    for (let round = 0; round < 2000; round++) {
      const text = 'abcdefghijklmnopqrstuvwxyz0123456789'.slice(0, 5 + Math.floor(rand() * 30));
      const edits: TextEdit[] = [];
      for (let i = 0; i < 1 + Math.floor(rand() * 8); i++) {
        const e = randomEdit(rand, text.length);
        // Ranges must not overlap each other (insertions may share a point with anything).
        if (e.start !== e.end && edits.some((t) => t.start !== t.end && t.start < e.end && e.start < t.end)) continue;
        if (e.start !== e.end && edits.some((t) => t.start === t.end && e.start < t.start && t.start < e.end)) continue;
        if (e.start === e.end && edits.some((t) => t.start < e.start && e.start < t.end)) continue;
        edits.push(e);
      }
      assert.equal(applyEdits(text, edits), naiveApply(text, edits), JSON.stringify({ text, edits }));
    }
  });
});

describe('compatiblePreferredFixes', () => {
  it('picks the same fixes as the pairwise definition on random findings', () => {
    const rand = prng(11);
    for (let round = 0; round < 2000; round++) {
      const length = 40;
      const shared: Fix = { title: 'shared', edits: [randomEdit(rand, length)], preferred: true };
      const findings: Finding[] = [];
      for (let i = 0; i < 1 + Math.floor(rand() * 10); i++) {
        const fix: Fix =
          rand() < 0.15
            ? shared
            : {
                title: `f${i}`,
                edits:
                  rand() < 0.3
                    ? [randomEdit(rand, length), randomEdit(rand, length)].sort((a, b) => a.start - b.start)
                    : [randomEdit(rand, length)],
                preferred: rand() < 0.8,
              };
        // A fix's own edits never overlap each other (rules build them so).
        if (fix.edits.length === 2 && naiveOverlaps(fix.edits[0]!, fix.edits[1]!)) continue;
        findings.push({ ruleId: 'r', severity: 'warning', message: 'm', span: { start: 0, end: 0 }, fixes: [fix] });
      }
      assert.deepEqual(
        compatiblePreferredFixes(findings).map((f) => f.title),
        naiveCompatible(findings).map((f) => f.title),
      );
    }
  });
});

describe('indentBefore', () => {
  it('returns the indentation when only spaces and tabs precede the offset on its line', () => {
    assert.equal(indentBefore('a\n  \t<x/>', 5), '  \t');
    assert.equal(indentBefore('<x/>', 0), '');
    assert.equal(indentBefore('a\r\n    <x/>', 7), '    ');
  });
  it('is undefined when other text precedes it', () => {
    assert.equal(indentBefore('a\n  b <x/>', 6), undefined);
    assert.equal(indentBefore('<a><x/>', 3), undefined);
  });
});

describe('fix-all on a huge one-line list', () => {
  it('fixes 20,000 obsolete protocols on one line into TLSv1.2 and TLSv1.3 (linear work; it used to take minutes)', () => {
    const text = ssl(`<Protocols>${'<Protocol>TLSv1</Protocol>'.repeat(20_000)}</Protocols>`);
    const fixed = fixAll(text, (t) => lintText(t));
    assert.equal(fixed.applied, 20_000);
    assert.match(fixed.text, /<Protocols><Protocol>TLSv1\.2<\/Protocol><Protocol>TLSv1\.3<\/Protocol><\/Protocols>/);
    assert.deepEqual(
      lintText(fixed.text).filter((f) => f.ruleId === 'obsolete-protocol'),
      [],
    );
  });
});

describe('TargetServer JSON with thousands of servers', () => {
  it('keeps the in-place fixes of every server (string and boolean values)', () => {
    const n = 3000;
    const server = (i: number): string =>
      `{"name":"t${i}","host":"h${i}.example.com","port":443,"sSLInfo":{"enabled":"true","ignoreValidationErrors":true,"trustStore":"ts${i}"}}`;
    const text = `[${Array.from({ length: n }, (_, i) => server(i)).join(',')}]`;
    const findings = lintText(text, { profile: 'edge' });
    const withFix = (ruleId: string): number => findings.filter((f) => f.ruleId === ruleId && f.fixes.length > 0).length;
    assert.equal(withFix('ignore-validation-errors'), n);
    assert.equal(withFix('store-not-reference'), n);
    const fix = findings.find((f) => f.ruleId === 'store-not-reference' && f.span.start > text.length / 2)!.fixes[0]!;
    assert.match(applyEdits(text, fix.edits), /"trustStore":"ref:\/\/ts\d+"/);
  });
});

describe('lineEnding', () => {
  it('answers for each text, whatever it answered before', () => {
    assert.equal(lineEnding('<a>\r\n</a>'), '\r\n');
    assert.equal(lineEnding('<a>\n</a>'), '\n');
    assert.equal(lineEnding('<a></a>'), '\n');
    assert.equal(lineEnding('<b>\r\n</b>'), '\r\n');
  });
});
