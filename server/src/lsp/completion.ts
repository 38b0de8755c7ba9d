// Completion inside SSLInfo: child names, protocol names, IANA cipher names, booleans.
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SSLINFO_CONTAINER_ITEM, SSLINFO_ELEMENTS, SSLINFO_BOOLEANS } from '../documents/sslinfo-schema';
import { allCipherSuites, cipherWeakness, JSSE_PROTOCOLS, OBSOLETE_PROTOCOLS } from '../tls/names';
import { elementHoverMarkdown } from './hover';
import { openElementsAt } from './open-elements';

export function complete(doc: TextDocument, position: Position): CompletionItem[] {
  const text = doc.getText();
  const offset = doc.offsetAt(position);
  const open = openElementsAt(text, offset);
  const current = open[open.length - 1];
  const parent = open[open.length - 2];
  const word = /[\w.:-]*$/.exec(text.slice(Math.max(0, offset - 100), offset))?.[0] ?? '';
  const wordStart = offset - word.length;
  const afterLt = text[wordStart - 1] === '<';
  const range = { start: doc.positionAt(wordStart), end: position };
  const element = (name: string, snippetBody: string, documentation?: string): CompletionItem => ({
    label: name,
    kind: CompletionItemKind.Property,
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText: `${afterLt ? '' : '<'}${name}>${snippetBody}</${name}>` },
    ...(documentation === undefined ? {} : { documentation: { kind: MarkupKind.Markdown, value: documentation } }),
  });
  const value = (label: string, detail?: string, deprecated = false): CompletionItem => ({
    label,
    kind: CompletionItemKind.Value,
    textEdit: { range, newText: label },
    ...(detail === undefined ? {} : { detail }),
    ...(deprecated ? { tags: [1] } : {}),
    sortText: `${deprecated ? 'z' : 'a'}${label}`,
  });
  if (current === 'SSLInfo') {
    return SSLINFO_ELEMENTS.map((e) => {
      const body = e.kind === 'boolean' ? '${1|true,false|}' : e.item !== undefined ? `\n\t<${e.item}>$1</${e.item}>\n` : '$1';
      return element(e.name, body, elementHoverMarkdown(e.name));
    });
  }
  const item = current === undefined ? undefined : SSLINFO_CONTAINER_ITEM[current];
  if (item !== undefined && parent === 'SSLInfo') return [element(item, '$1')];
  if (current === 'Protocol' && parent === 'Protocols') {
    return JSSE_PROTOCOLS.map((p) =>
      value(p, OBSOLETE_PROTOCOLS.has(p) ? 'obsolete: Apigee X refuses it' : undefined, OBSOLETE_PROTOCOLS.has(p)),
    );
  }
  if (current === 'Cipher' && parent === 'Ciphers') {
    return allCipherSuites()
      .filter((s) => !s.name.endsWith('_SCSV'))
      .map((s) => {
        const weakness = cipherWeakness(s.name);
        return value(s.name, weakness === undefined ? s.openssl : `weak: ${weakness}`, weakness !== undefined);
      });
  }
  if (current !== undefined && parent === 'SSLInfo' && SSLINFO_BOOLEANS.includes(current)) return [value('true'), value('false')];
  return [];
}
