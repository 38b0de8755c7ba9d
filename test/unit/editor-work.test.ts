// Editor features do work in proportion to the document: completion scans once however many `<` are unclosed,
// hover parses each version of a TargetEndpoint once and never parses other XML. Work is counted, not timed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseXml } from '../../server/src/documents/xml/document';
import { hover } from '../../server/src/lsp/hover';
import { openElementsAt } from '../../server/src/lsp/open-elements';
import { ParsedDocuments } from '../../server/src/lsp/parsed-documents';

const stepsFor = (text: string): number => {
  const work = { steps: 0 };
  openElementsAt(text, text.length, work);
  return work.steps;
};

/** Each document, built at n and 4n units: quadratic work would grow 16-fold. */
const shapes: [what: string, unit: string, open: string[]][] = [
  ['unclosed tags', '<a', []],
  ['unclosed tags with an open quote', '<a "', []],
  ['unclosed tags with an open apostrophe', "<a b='", []],
  ['unclosed comments', '<!--<a', []],
  ['nested elements', '<a>', ['a', 'a', 'a']],
  ['elements and close tags of elements never opened', '<a></b>', ['a', 'a', 'a']],
  ['opened then closed', '<a><b></a>', []],
];

describe('completion scans linearly', () => {
  for (const [what, unit, open] of shapes) {
    it(`${what}: 4 times the text, at most 4 times the work`, () => {
      const small = unit.repeat(20_000);
      const large = unit.repeat(80_000);
      const [s, l] = [stepsFor(small), stepsFor(large)];
      assert.ok(s >= small.length / unit.length, `counted ${s} steps for ${small.length} characters`);
      assert.ok(l <= 4.2 * s, `${s} steps for ${small.length} characters, ${l} for ${large.length}`);
      assert.deepEqual(openElementsAt(small, small.length).slice(0, 3), open);
    });
  }
  it('still reads the elements open at the cursor after all that', () =>
    assert.deepEqual(openElementsAt(`${'<a "'.repeat(1000)}\n<SSLInfo><Protocols><Pro`, 4024), ['SSLInfo', 'Protocols']));
  it('a close tag closes what it names and what is open inside it', () =>
    assert.deepEqual(openElementsAt('<A><B><C><D></B><E>', 19), ['A', 'E']));
  it('a tag broken by < opens nothing; the next one counts', () => assert.deepEqual(openElementsAt('<A><B x="1\n<C>', 14), ['A', 'C']));
});

describe('hover parses once per version', () => {
  const endpoint =
    '<TargetEndpoint><HTTPTargetConnection><SSLInfo><Enforce>true</Enforce></SSLInfo></HTTPTargetConnection></TargetEndpoint>';
  const counted = (): { trees: ParsedDocuments; parses: () => number } => {
    let parses = 0;
    const trees = new ParsedDocuments((text) => {
      parses++;
      return parseXml(text);
    });
    return { trees, parses: () => parses };
  };
  const hoverAt = (doc: TextDocument, trees: ParsedDocuments, needle: string) =>
    hover(doc, doc.positionAt(doc.getText().indexOf(needle) + 1), trees);

  it('ten hovers on one version: one parse', () => {
    const { trees, parses } = counted();
    const doc = TextDocument.create('file:///t.xml', 'xml', 1, endpoint);
    for (let i = 0; i < 10; i++) assert.ok(hoverAt(doc, trees, 'Enforce'));
    assert.equal(parses(), 1);
  });
  it('a new version is parsed again, a closed document forgotten', () => {
    const { trees, parses } = counted();
    const doc = TextDocument.create('file:///t.xml', 'xml', 1, endpoint);
    hoverAt(doc, trees, 'Enforce');
    TextDocument.update(doc, [{ text: endpoint.replace('true', 'false') }], 2);
    hoverAt(doc, trees, 'Enforce');
    hoverAt(doc, trees, 'Enforce');
    trees.forget(doc.uri);
    hoverAt(doc, trees, 'Enforce');
    assert.equal(parses(), 3);
  });
  it('a 3 MB pom is never parsed', () => {
    const { trees, parses } = counted();
    const pom = `<project>\n${'  <dependency><artifactId>SSLInfo</artifactId></dependency>\n'.repeat(50_000)}</project>\n`;
    assert.ok(pom.length > 3_000_000);
    const doc = TextDocument.create('file:///pom.xml', 'xml', 1, pom);
    assert.equal(hoverAt(doc, trees, 'SSLInfo'), null);
    assert.equal(parses(), 0);
  });
});
