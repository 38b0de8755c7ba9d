// "Disable <rule> for this line": the comment lands where the suppression reads it, and nothing else moves.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/lint/fix-all';
import { lintText } from '../../server/src/lint/lint';
import { disableCommentEdit } from '../../server/src/lint/suppression';
import { parseXml } from '../../server/src/documents/xml/document';
import { ssl } from '../support/lint-cases';

/** Applies the disable edit for the first finding of `ruleId`, checks it is silenced, returns the new text. */
function disable(text: string, ruleId: string): string {
  const finding = lintText(text).find((f) => f.ruleId === ruleId);
  assert.ok(finding, `${ruleId} is not reported`);
  const edit = disableCommentEdit(text, finding.span.start, ruleId);
  assert.ok(edit, 'no disable edit');
  const after = applyEdits(text, [edit]);
  assert.deepEqual(parseXml(after).syntaxErrors, []);
  assert.equal(lintText(after).filter((f) => f.ruleId === ruleId).length, lintText(text).filter((f) => f.ruleId === ruleId).length - 1);
  return after;
}
const ive = '      <IgnoreValidationErrors>true</IgnoreValidationErrors>';

describe('disable comment', () => {
  it('goes on its own line above, indented like the line', () =>
    assert.match(
      disable(ssl(`<Enforce>true</Enforce><TrustStore>ref://t</TrustStore>\n${ive}`), 'ignore-validation-errors'),
      /\n {6}<!-- apigee-tls-lint disable=ignore-validation-errors -->\n {6}<IgnoreValidationErrors>/,
    ));
  it('keeps CRLF', () =>
    assert.match(
      disable(ssl(`<Enforce>true</Enforce><TrustStore>ref://t</TrustStore>\n${ive}`).replace(/\n/g, '\r\n'), 'ignore-validation-errors'),
      /disable=ignore-validation-errors -->\r\n/,
    ));
  it('adds the id to a disable comment already there', () =>
    assert.match(
      disable(
        ssl(`<Enforce>true</Enforce><TrustStore>ref://t</TrustStore>\n<!-- apigee-tls-lint disable=weak-cipher -->\n${ive}`),
        'ignore-validation-errors',
      ),
      /disable=weak-cipher,ignore-validation-errors -->/,
    ));
  it('shares the line of an apigeelint comment, which keeps working', () => {
    const text = ssl(
      '<Enforce>true</Enforce>\n<!-- apigeelint disable=TD005 -->\n<TrustStore>ts</TrustStore><IgnoreValidationErrors>true</IgnoreValidationErrors>',
    );
    assert.ok(!lintText(text).some((f) => f.ruleId === 'store-not-reference'), 'TD005 silences store-not-reference');
    const after = disable(text, 'ignore-validation-errors');
    assert.match(after, /<!-- apigeelint disable=TD005 --> <!-- apigee-tls-lint disable=ignore-validation-errors -->\n<TrustStore>/);
    assert.ok(!lintText(after).some((f) => f.ruleId === 'store-not-reference'), 'TD005 still silences store-not-reference');
  });
  it('is not offered inside a start tag spread over lines', () => {
    const text = ssl(
      '<Enforce>true</Enforce><TrustStore>ref://t</TrustStore><CommonName\n  wildcardMatch="yes">api.example.com</CommonName>',
    );
    const finding = lintText(text).find((f) => f.ruleId === 'invalid-boolean')!;
    assert.equal(disableCommentEdit(text, finding.span.start, 'invalid-boolean'), undefined);
  });
  it('is not offered on the first line', () => assert.equal(disableCommentEdit('<a/>', 1, 'xml-syntax'), undefined));
});
