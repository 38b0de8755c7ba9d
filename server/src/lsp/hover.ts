// Hover on SSLInfo elements and values: what it does, allowed values, Edge vs X.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { sslInfoElementDoc } from '../lint/sslinfo-schema';
import type { XmlElement } from '../lint/xml/document';
import { cipherSuiteByName, cipherSuiteByOpenSslName, cipherWeakness, isJsseProtocol, OBSOLETE_PROTOCOLS } from '../tls/names';
import { toRange } from './convert';
import type { ParsedDocuments } from './parsed-documents';

export function elementHoverMarkdown(name: string): string | undefined {
  const doc = sslInfoElementDoc(name);
  if (doc === undefined) return undefined;
  return [`**${doc.name}** (SSLInfo)`, '', doc.summary, '', `Values: ${doc.values}`, ...(doc.platforms ? ['', doc.platforms] : [])].join(
    '\n',
  );
}

function protocolMarkdown(value: string): string {
  if (OBSOLETE_PROTOCOLS.has(value))
    return `**${value}**: obsolete. Apigee X does not support it (calls fail with \`messaging.adaptors.http.flow.SslHandshakeFailed\`); on Edge most backends refuse it. Use TLSv1.2 or TLSv1.3.`;
  if (isJsseProtocol(value)) return `**${value}**: a JSSE protocol name Apigee accepts.`;
  return `**${value}** is not a JSSE protocol name. Valid: TLSv1.2, TLSv1.3.`;
}

function cipherMarkdown(value: string): string {
  const suite = cipherSuiteByName(value) ?? cipherSuiteByOpenSslName(value);
  if (suite === undefined) return `**${value}** is not a cipher suite name Java knows.`;
  const code = `0x${suite.code.toString(16).toUpperCase().padStart(4, '0')}`;
  const weakness = cipherWeakness(suite.name);
  return [
    `**${suite.name}** (${code})`,
    suite.openssl ? `OpenSSL name: \`${suite.openssl}\`` : '',
    weakness ? `Weak: ${weakness}.` : '',
    suite.name !== value ? `Apigee needs the IANA name \`${suite.name}\`.` : '',
  ]
    .filter((l) => l !== '')
    .join('\n\n');
}

function deepestAt(element: XmlElement, offset: number): XmlElement | undefined {
  if (offset < element.span.start || offset >= element.span.end) return undefined;
  for (const child of element.children) {
    const hit = deepestAt(child, offset);
    if (hit !== undefined) return hit;
  }
  return element;
}

export function hover(doc: TextDocument, position: Position, trees: ParsedDocuments): Hover | null {
  const root = trees.get(doc)?.root;
  if (root === undefined) return null;
  const element = deepestAt(root, doc.offsetAt(position));
  if (element === undefined) return null;
  const parent = element.parent?.name;
  let value: string | undefined;
  if (element.name === 'SSLInfo') {
    value = '**SSLInfo**: TLS settings for the connection to the backend (TargetEndpoint or ServiceCallout HTTPTargetConnection).';
  } else if (parent === 'SSLInfo') {
    value = elementHoverMarkdown(element.name);
  } else if (element.name === 'Protocol' && parent === 'Protocols') {
    value = protocolMarkdown(element.text);
  } else if (element.name === 'Cipher' && parent === 'Ciphers') {
    value = cipherMarkdown(element.text);
  }
  if (value === undefined) return null;
  return { contents: { kind: MarkupKind.Markdown, value }, range: toRange(doc, element.span) };
}
