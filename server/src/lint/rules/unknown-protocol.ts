import { replaceSpan } from '../edits';
import { protocolEntries } from '../lists';
import { everywhere, type Rule } from '../rule';

import { closest } from '../suggest';
import { canonicalProtocol, isJsseProtocol, JSSE_PROTOCOLS, OBSOLETE_PROTOCOLS } from '../../tls/names';

export const unknownProtocol: Rule = {
  id: 'unknown-protocol',
  description: 'A Protocol value that is not a JSSE protocol name (TLS1.2, TLSv12).',
  why: 'Java rejects an unknown protocol name: every call through this target fails.',
  fix: 'Replace with the closest valid name.',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: true,
  check(ctx) {
    for (const ssl of ctx.sslInfos) {
      for (const { element, literal } of protocolEntries(ssl)) {
        if (literal === undefined || isJsseProtocol(literal) || OBSOLETE_PROTOCOLS.has(literal)) continue;
        const span = element.textSpan ?? element.nameSpan;
        if (literal === '') {
          ctx.report(span, `Empty <${element.name}>: name a protocol such as TLSv1.2.`);
          continue;
        }
        const suggestion = canonicalProtocol(literal) ?? closest(literal, JSSE_PROTOCOLS);
        const hint = suggestion === undefined ? ` Valid names: ${JSSE_PROTOCOLS.join(', ')}.` : ` Did you mean ${suggestion}?`;
        ctx.report(
          span,
          `'${literal}' is not a protocol name Java knows: Apigee cannot use it.${hint}`,
          suggestion === undefined ? [] : [{ title: `Change to ${suggestion}`, edits: [replaceSpan(span, suggestion)], preferred: true }],
        );
      }
    }
  },
};
