import { insertAfter, removeElement, replaceSpan } from '../edits';
import { protocolEntries } from '../lists';
import type { Fix, TextEdit } from '../model';
import type { Rule } from '../rule';

import { canonicalProtocol, OBSOLETE_PROTOCOLS } from '../../tls/names';

export const obsoleteProtocol: Rule = {
  id: 'obsolete-protocol',
  description: 'SSLv3, SSLv2Hello, TLSv1, TLSv1.0 or TLSv1.1 in Protocols.',
  why: 'Apigee X refuses them (calls fail with messaging.adaptors.http.flow.SslHandshakeFailed); on Edge they are insecure and most backends refuse them.',
  fix: 'Replace with TLSv1.2 (Apigee X: TLSv1.2 and TLSv1.3); remove further obsolete entries.',
  apigeelint: [],
  severity: { apigeex: 'error', edge: 'warning' },
  fixable: true,
  check(ctx) {
    for (const ssl of ctx.sslInfos) {
      const entries = protocolEntries(ssl);
      // Spellings unknown-protocol will correct (TLS1.2) count as the version they mean.
      const present = new Set(
        entries
          .map((e) => e.literal && (canonicalProtocol(e.literal) ?? e.literal))
          .filter((v) => v !== undefined && !OBSOLETE_PROTOCOLS.has(v)),
      );
      const needed = ['TLSv1.2', ...(ctx.profile === 'apigeex' ? ['TLSv1.3'] : [])].filter((p) => !present.has(p));
      // The first obsolete entry becomes the missing modern version(s); later ones are removed, so that
      // applying every fix together gives one clean list.
      let first = true;
      for (const { element, literal } of entries) {
        if (literal === undefined || !OBSOLETE_PROTOCOLS.has(literal) || element.textSpan === undefined) continue;
        const spelling = literal === 'TLSv1.0' ? ' (JSSE spells TLS 1.0 as TLSv1)' : '';
        const message =
          ctx.profile === 'apigeex'
            ? `Apigee X does not support ${literal}${spelling}: calls fail with messaging.adaptors.http.flow.SslHandshakeFailed. Offer TLSv1.2 and TLSv1.3.`
            : `${literal}${spelling} is obsolete (${literal.startsWith('SSL') ? 'RFC 7568' : 'RFC 8996'}) and most backends refuse it: the handshake fails with "Received fatal alert: handshake_failure" or "protocol_version". Offer TLSv1.2.`;
        const fixes: Fix[] = [];
        if (first && needed.length > 0) {
          const [replacement, ...more] = needed as [string, ...string[]];
          const edits: TextEdit[] = [replaceSpan(element.textSpan, replacement)];
          for (const version of more) edits.push(insertAfter(ctx.text, element, `<${element.name}>${version}</${element.name}>`));
          fixes.push({ title: `Replace ${literal} with ${needed.join(' and ')}`, edits, preferred: true });
          // The single-version variant: for a user who wants only TLSv1.2, and for TargetServer JSON, where
          // inserting an element is not possible.
          if (more.length > 0) fixes.push({ title: `Replace ${literal} with ${replacement}`, edits: [edits[0]!], preferred: false });
        } else {
          fixes.push({ title: `Remove ${literal}`, edits: [removeElement(ctx.text, element)], preferred: true });
        }
        first = false;
        ctx.report(element.textSpan, message, fixes);
      }
    }
  },
};
