// Comments in hostile shapes, at the size limit (4 MB): each is one linear pass. The quadratic regexes they replace
// took minutes to hours here (a lazy `<!--[\s\S]*?-->` rescanning the rest of the text for each unclosed `<!--`; two
// white-space runs side by side in the disable comment's pattern); the timeout is a hang guard, not a speed assert.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { onlyComments, withoutComments, xmlComments } from '../../server/src/documents/xml/comments';
import { applySuppressions, disableCommentEdit } from '../../server/src/lint/suppression';
import { xmlEvidence } from '../../server/src/workspace/profile-evidence';
import type { Finding } from '../../server/src/lint/model';

const MB4 = 4 * 1024 * 1024;
const finding = (start: number): Finding => ({
  ruleId: 'weak-cipher',
  severity: 'warning',
  message: 'm',
  span: { start, end: start + 1 },
  fixes: [],
});

describe('XML comments, linear', () => {
  it('comments, bodies and offsets', () =>
    assert.deepEqual(
      [...xmlComments('a<!--x-->b<!---->c<!--open')].map((c) => [c.start, c.end, c.body]),
      [
        [1, 9, 'x'],
        [10, 17, ''],
      ],
    ));
  it('text without comments; an unclosed one removes the rest', () => assert.equal(withoutComments('a<!--x-->b<!--c'), 'ab'));
  it('a line of comments only', () =>
    assert.deepEqual(['<!-- a --> <!-- b -->', '<!-- a --> x', '', '<!-- open'].map(onlyComments), [true, false, false, false]));
});

describe('hostile comments at 4 MB never take long (hang guard)', { timeout: 60_000 }, () => {
  it('4 MB of unclosed `<!--`: profile evidence reads nothing from it', () => {
    const seen: string[] = [];
    xmlEvidence('<!--'.repeat(MB4 / 4), 'x.xml', (e) => seen.push(e.kind));
    assert.deepEqual(seen, []);
  });
  it('a disable comment opened and followed by 4 MB of white space, never closed: no suppression', () => {
    const text = `<!-- apigeelint disable=${' '.repeat(MB4)}`;
    assert.equal(applySuppressions(text, [finding(0)]).length, 1);
  });
  it('a disable comment whose ids run into 4 MB of white space and a stray character: no suppression', () => {
    const text = `<!-- apigee-tls-lint disable=weak-cipher${' '.repeat(MB4)}!-->\n<x/>`;
    assert.equal(applySuppressions(text, [finding(text.length - 2)]).length, 1);
  });
  it('the quick fix on a line after 10,000 comments appends to them', () => {
    const previous = '<!---->'.repeat(10_000);
    const text = `${previous}\n<Cipher>RC4</Cipher>\n`;
    assert.deepEqual(disableCommentEdit(text, previous.length + 2, 'weak-cipher'), {
      start: previous.length,
      end: previous.length,
      newText: ' <!-- apigee-tls-lint disable=weak-cipher -->',
    });
  });
});
