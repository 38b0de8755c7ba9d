// Completion and hover inside SSLInfo, on half-typed documents too.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem } from 'vscode-languageserver';
import { complete } from '../../server/src/lsp/completion';
import { lintText } from '../../server/src/lint/lint';
import type { ProfileDecision } from '../../server/src/workspace/profile-evidence';
import { hover } from '../../server/src/lsp/hover';
import { ParsedDocuments } from '../../server/src/lsp/parsed-documents';
import { relativeToLine } from '../../server/src/lsp/convert';

/** The document with the cursor at `|`. */
function at(marked: string): { doc: TextDocument; position: ReturnType<TextDocument['positionAt']> } {
  const offset = marked.indexOf('|');
  const doc = TextDocument.create('file:///t.xml', 'xml', 1, marked.replace('|', ''));
  return { doc, position: doc.positionAt(offset) };
}
const labels = (items: CompletionItem[]): string[] => items.map((i) => i.label);
const insert = (items: CompletionItem[], label: string): string | undefined => {
  const edit = items.find((i) => i.label === label)?.textEdit;
  return edit && 'newText' in edit ? edit.newText : undefined;
};
const te = (inner: string): string =>
  `<TargetEndpoint><HTTPTargetConnection><SSLInfo>${inner}</SSLInfo></HTTPTargetConnection></TargetEndpoint>`;

describe('completion', () => {
  it('offers SSLInfo children after <', () => {
    const { doc, position } = at('<TargetEndpoint><HTTPTargetConnection><SSLInfo><|');
    const items = complete(doc, position);
    assert.ok(labels(items).includes('TrustStore') && labels(items).includes('CommonName'));
    assert.equal(insert(items, 'TrustStore'), 'TrustStore>$1</TrustStore>');
    assert.equal(insert(items, 'Enforce'), 'Enforce>${1|true,false|}</Enforce>');
  });
  it('writes the < itself when it is not typed', () => {
    const { doc, position } = at(te('\n  |'));
    assert.equal(insert(complete(doc, position), 'Protocols'), '<Protocols>\n\t<Protocol>$1</Protocol>\n</Protocols>');
  });
  it('offers protocol names inside <Protocol>, obsolete ones last', () => {
    const { doc, position } = at(te('<Protocols><Protocol>TLS|</Protocol></Protocols>'));
    const items = complete(doc, position);
    assert.deepEqual(
      [...items]
        .sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''))
        .map((i) => i.label)
        .slice(0, 2),
      ['TLSv1.2', 'TLSv1.3'],
    );
    assert.ok(items.find((i) => i.label === 'TLSv1')?.tags?.includes(1));
  });
  it('offers IANA cipher names inside <Cipher>, weak ones marked', () => {
    const { doc, position } = at(te('<Ciphers><Cipher>|</Cipher></Ciphers>'));
    const items = complete(doc, position);
    assert.ok(labels(items).includes('TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'));
    assert.match(items.find((i) => i.label === 'TLS_RSA_WITH_RC4_128_SHA')?.detail ?? '', /^weak: RC4/);
  });
  it('offers true and false in a boolean element', () => {
    const { doc, position } = at(te('<IgnoreValidationErrors>|</IgnoreValidationErrors>'));
    assert.deepEqual(labels(complete(doc, position)), ['true', 'false']);
  });
  it('offers nothing outside SSLInfo', () => {
    const { doc, position } = at('<TargetEndpoint><PreFlow><|');
    assert.deepEqual(complete(doc, position), []);
  });
  it('ignores tags inside comments and CDATA', () => {
    const { doc, position } = at(te('<!-- <Protocols><Protocol> --><![CDATA[<Cipher>]]>|'));
    assert.ok(labels(complete(doc, position)).includes('TrustStore'));
  });
});

describe('hover', () => {
  const hoverText = (marked: string): string => {
    const { doc, position } = at(marked);
    const h = hover(doc, position, new ParsedDocuments());
    return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
  };
  it('explains an SSLInfo child, with the Edge/X difference', () =>
    assert.match(hoverText(te('<Enf|orce>true</Enforce>')), /Apigee X and hybrid only/));
  it('explains a protocol value', () => assert.match(hoverText(te('<Protocols><Protocol>TLSv1|.1</Protocol></Protocols>')), /obsolete/));
  it('explains an OpenSSL cipher name with its IANA name and code point', () =>
    assert.match(
      hoverText(te('<Ciphers><Cipher>ECDHE-RSA-AES128|-GCM-SHA256</Cipher></Ciphers>')),
      /TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\*\* \(0xC02F\)/,
    ));
  it('says nothing elsewhere', () => assert.equal(hoverText('<TargetEndpoint><Desc|ription/></TargetEndpoint>'), ''));
  it('on a finding, says which profile judged it and why', () => {
    const { doc, position } = at(te('<Protocols><Protocol>TLSv1|.1</Protocol></Protocols>'));
    const findings = lintText(doc.getText(), { profile: 'edge' });
    const decision: ProfileDecision = {
      profile: 'edge',
      decided: true,
      root: '/p/apiproxy',
      evidence: [
        { kind: 'virtual-host', runtime: 'edge', strength: 'weak', what: 'a VirtualHost binding (secure)', file: 'proxies/default.xml' },
      ],
    };
    const h = hover(doc, position, new ParsedDocuments(), { findings, decision });
    const value = h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
    assert.match(
      value,
      /obsolete[\s\S]*Judged as Apigee Edge \(inferred from a VirtualHost binding \(secure\) in proxies\/default\.xml\)\./,
    );
    assert.doesNotMatch(hoverText(te('<Protocols><Protocol>TLSv1|.2</Protocol></Protocols>')), /Judged as/);
  });
});

describe('snippet edits', () => {
  it('are written relative to the insertion line, as VS Code indents them', () => {
    const text = '<A>\n    <B/>\n</A>';
    const at = text.indexOf('<B/>') + 4;
    assert.equal(relativeToLine(text, at, '\n    <C>${1:x}</C>\n    <D/>'), '\n<C>${1:x}</C>\n<D/>');
    assert.equal(relativeToLine('<A><B/></A>', 6, '\n  <C/>'), '\n  <C/>');
  });
});
