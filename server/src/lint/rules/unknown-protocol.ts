import { replaceSpan } from '../edits';
import { quoted } from '../../documents/values';
import { protocolEntries } from '../lists';
import { everywhere, type Rule } from '../rule';
import { closest } from '../suggest';
import { canonicalProtocol, isJsseProtocol, OBSOLETE_PROTOCOLS } from '../../tls/names';

/** What a near-miss spelling is corrected to: never an obsolete version. */
const MODERN = ['TLSv1.2', 'TLSv1.3'];

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
        const meant = canonicalProtocol(literal) ?? closest(literal, MODERN);
        if (meant === undefined) {
          ctx.report(span, `${quoted(literal)} is not a protocol name Java knows: Apigee cannot use it. Use TLSv1.2 or TLSv1.3.`);
          continue;
        }
        // Correcting the spelling to an obsolete version would only trade this error for obsolete-protocol.
        const obsolete = OBSOLETE_PROTOCOLS.has(meant);
        const replacement = obsolete ? 'TLSv1.2' : meant;
        ctx.report(
          span,
          obsolete
            ? `${quoted(literal)} is not a protocol name Java knows: Apigee cannot use it. It means ${meant}, which is obsolete: use TLSv1.2.`
            : `${quoted(literal)} is not a protocol name Java knows: Apigee cannot use it. Did you mean ${meant}?`,
          [{ title: `Change to ${replacement}`, edits: [replaceSpan(span, replacement)], preferred: true }],
        );
      }
    }
  },
};
