// Hover on SSLInfo elements and values: what it does, allowed values, Edge vs X.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../lint/model';
import { describeDecision, type ProfileDecision } from '../workspace/profile-evidence';
import { sslInfoElementDoc } from '../documents/sslinfo-schema';
import type { XmlElement } from '../documents/xml/document';
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

/** What the document was linted under: hover on a finding says which profile judged it, and why. */
export interface HoverContext {
  findings: readonly Finding[];
  decision: ProfileDecision;
}

export function hover(doc: TextDocument, position: Position, trees: ParsedDocuments, context?: HoverContext): Hover | null {
  const offset = doc.offsetAt(position);
  const finding = context?.findings.find((f) => f.span.start <= offset && offset < Math.max(f.span.end, f.span.start + 1));
  const profileNote = finding && context ? `Judged as ${describeDecision(context.decision)}.` : undefined;
  const element = elementHover(doc, offset, trees);
  if (element === undefined && profileNote === undefined) return null;
  const value = [element?.value, profileNote].filter((v) => v !== undefined).join('\n\n---\n\n');
  return { contents: { kind: MarkupKind.Markdown, value }, range: toRange(doc, element?.span ?? finding!.span) };
}

function elementHover(doc: TextDocument, offset: number, trees: ParsedDocuments): { value: string; span: XmlElement['span'] } | undefined {
  const root = trees.get(doc)?.root;
  if (root === undefined) return undefined;
  const element = deepestAt(root, offset);
  if (element === undefined) return undefined;
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
  return value === undefined ? undefined : { value, span: element.span };
}

/** Two hovers on one position (the workspace model's and the element's): one after the other. */
export function joinHovers(first: Hover | null, second: Hover | null): Hover | null {
  if (first === null || second === null) return first ?? second;
  const value = (h: Hover): string => (typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');
  return { ...first, contents: { kind: MarkupKind.Markdown, value: `${value(first)}\n\n---\n\n${value(second)}` } };
}
