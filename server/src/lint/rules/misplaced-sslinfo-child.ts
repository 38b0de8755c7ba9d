import { appendChild, indentBefore, lineEnding, removeElement } from '../edits';
import type { Fix } from '../model';
import { everywhere, type Rule } from '../rule';
import { misplacedSslInfoChildren } from '../../documents/sslinfo';
import type { XmlElement } from '../../documents/xml/types';

export const misplacedSslInfoChild: Rule = {
  id: 'misplaced-sslinfo-child',
  description: 'An SSLInfo child (TrustStore, IgnoreValidationErrors, KeyStore …) written beside <SSLInfo> in the HTTPTargetConnection.',
  why: 'Apigee reads these settings only inside SSLInfo: beside it they are ignored, so the truststore or client certificate you wrote is not used.',
  fix: 'Move it into SSLInfo (or remove it when SSLInfo already sets it).',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: true,
  check(ctx) {
    for (const connection of ctx.connections) {
      const stray = misplacedSslInfoChildren(connection);
      if (stray.length === 0) continue;
      const ssl = connection.sslInfo;
      for (const element of stray) {
        const inside = ssl?.children.find((c) => c.name === element.name);
        if (ssl === undefined) {
          ctx.report(
            element.nameSpan,
            `<${element.name}> is in the HTTPTargetConnection, where Apigee does not read it: it belongs inside <SSLInfo>.`,
            // With several stray children, one wrap each would make several SSLInfo blocks.
            stray.length === 1 ? [wrap(ctx.text, element)] : [],
          );
        } else if (inside !== undefined) {
          const same = ctx.text.slice(inside.span.start, inside.span.end) === ctx.text.slice(element.span.start, element.span.end);
          // An identical copy loses nothing (SSLInfo already says it): a leftover to remove, not an error.
          ctx.report(
            element.nameSpan,
            `<${element.name}> beside <SSLInfo> is ignored by Apigee; SSLInfo sets its own <${element.name}>${same ? ', the same: remove this copy' : ' (a different one)'}.`,
            [{ title: `Remove this <${element.name}>`, edits: [removeElement(ctx.text, element)], preferred: same }],
            same ? { severity: 'warning' } : undefined,
          );
        } else {
          ctx.report(element.nameSpan, `<${element.name}> is beside <SSLInfo>, not inside it: Apigee ignores it here.`, [
            moveInto(ctx.text, element, ssl),
          ]);
        }
      }
    }
  },
};

/** The element's source lines, re-indented relative to its first line (so appendChild can indent them anew). */
function sourceLines(text: string, element: XmlElement): string[] {
  const indent = indentBefore(text, element.span.start) ?? '';
  return text
    .slice(element.span.start, element.span.end)
    .split(/\r?\n/)
    .map((line, i) => (i > 0 && line.startsWith(indent) ? line.slice(indent.length) : line));
}

function moveInto(text: string, element: XmlElement, ssl: XmlElement): Fix {
  return {
    title: `Move <${element.name}> into <SSLInfo>`,
    edits: [removeElement(text, element), appendChild(text, ssl, sourceLines(text, element))],
    preferred: true,
  };
}

/** No SSLInfo at all: the element becomes the one child of a new SSLInfo, where it stands. */
function wrap(text: string, element: XmlElement): Fix {
  const eol = lineEnding(text);
  const indent = indentBefore(text, element.span.start);
  const { start, end } = element.span;
  if (indent === undefined) {
    return {
      title: `Wrap <${element.name}> in <SSLInfo>`,
      edits: [{ start, end, newText: `<SSLInfo>${text.slice(start, end)}</SSLInfo>` }],
      preferred: false,
    };
  }
  const unit = indent.includes('\t') ? '\t' : '  ';
  const body = sourceLines(text, element)
    .map((line) => indent + unit + line)
    .join(eol);
  return {
    title: `Wrap <${element.name}> in <SSLInfo>`,
    edits: [{ start, end, newText: `<SSLInfo>${eol}${body}${eol}${indent}</SSLInfo>` }],
    preferred: false,
  };
}
