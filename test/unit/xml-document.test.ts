import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sniffRootName } from '../../server/src/documents/sniff';
import { parseXml } from '../../server/src/documents/xml/document';

const spanText = (text: string, s: { start: number; end: number } | undefined): string | undefined => s && text.slice(s.start, s.end);

describe('parseXml', () => {
  it('gives exact spans for name, start tag, end tag, text and attribute value', () => {
    const xml = `<A>\n  <CommonName wildcardMatch = 'true'>  api.example.com </CommonName>\n</A>`;
    const cn = parseXml(xml).root!.children[0]!;
    assert.equal(spanText(xml, cn.nameSpan), 'CommonName');
    assert.equal(spanText(xml, cn.startTag), `<CommonName wildcardMatch = 'true'>`);
    assert.equal(spanText(xml, cn.endTag), '</CommonName>');
    assert.equal(spanText(xml, cn.textSpan), 'api.example.com');
    assert.equal(spanText(xml, cn.attributes[0]!.valueSpan), 'true');
    assert.equal(spanText(xml, cn.span), `<CommonName wildcardMatch = 'true'>  api.example.com </CommonName>`);
  });
  it('copes with a BOM, CRLF and a comment before the declaration', () => {
    const xml = '\uFEFF<!-- generated -->\r\n<?xml version="1.0"?>\r\n<TargetEndpoint>\r\n<URL>https://x</URL>\r\n</TargetEndpoint>';
    const doc = parseXml(xml);
    assert.deepEqual(doc.syntaxErrors, []);
    assert.equal(spanText(xml, doc.root!.children[0]!.textSpan), 'https://x');
  });
  it('unwraps CDATA and drops comments inside a value', () => {
    const xml = '<P><![CDATA[TLSv1.2]]><!-- note --></P>';
    const p = parseXml(xml).root!;
    assert.equal(p.text, 'TLSv1.2');
    assert.equal(spanText(xml, p.textSpan), '<![CDATA[TLSv1.2]]>');
  });
  it('decodes predefined entities and leaves DOCTYPE entities opaque', () => {
    assert.equal(parseXml('<a>x&amp;y&#65;</a>').root!.text, 'x&yA');
    assert.equal(parseXml('<!DOCTYPE a [<!ENTITY e "v">]><a>&e;</a>').root!.opaque, true);
  });
  it('never expands an entity bomb or resolves an external entity', () => {
    const bomb = `<!DOCTYPE a [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 9 }, (_, i) => `<!ENTITY a${i + 1} "${`&a${i || ''};`.repeat(10)}">`).join('')}]><a>&a9;</a>`;
    assert.equal(parseXml(bomb).root!.text, '&a9;');
    const external = '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>';
    assert.doesNotThrow(() => parseXml(external));
    assert.ok(!JSON.stringify(parseXml(external).root?.text ?? '').includes('root:'));
  });
  it('reports well-formedness errors with their position', () => {
    const xml = '<a>\n  <b>\n</a>';
    const [error] = parseXml(xml).syntaxErrors;
    assert.ok(error);
    assert.equal(xml.slice(error.offset, error.offset + 4), '</a>');
  });
  it('treats an empty file as nothing to report', () => {
    assert.deepEqual(parseXml('').syntaxErrors, []);
    assert.deepEqual(parseXml('  \n').syntaxErrors, []);
  });
  it('reports garbage as not well-formed', () => {
    assert.equal(parseXml('\u0000\u0001 binary').syntaxErrors.length, 1);
  });
});

describe('sniffRootName', () => {
  const cases: Array<[string, string | undefined]> = [
    ['<TargetEndpoint name="a"/>', 'TargetEndpoint'],
    ['\uFEFF<?xml version="1.0"?><!-- c --><ServiceCallout>', 'ServiceCallout'],
    ['<!DOCTYPE a [<!ENTITY e "<Foo>">]><a/>', 'a'],
    ['<!-- unclosed <TargetEndpoint>', undefined],
    ['no markup at all', undefined],
  ];
  for (const [text, expected] of cases) it(`${JSON.stringify(text)} → ${expected}`, () => assert.equal(sniffRootName(text), expected));
  it('stays linear on many unclosed comments', () => assert.equal(sniffRootName('<!--'.repeat(200_000)), undefined));
});
