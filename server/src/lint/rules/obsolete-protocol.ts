import { insertAfter, removeElement, replaceSpan } from '../edits';
import { protocolEntries } from '../lists';
import type { Fix, TextEdit } from '../model';
import type { Rule } from '../rule';
import { sslInfos } from '../sslinfo';
import { OBSOLETE_PROTOCOLS } from '../../tls/names';

export const obsoleteProtocol: Rule = {
  id: 'obsolete-protocol',
  description: 'SSLv3, TLSv1, TLSv1.0 or TLSv1.1 in Protocols.',
  why: 'Apigee X refuses them (calls fail with messaging.adaptors.http.flow.SslHandshakeFailed); on Edge they are insecure and most backends refuse them.',
  fix: 'Replace with TLSv1.2 (Apigee X: TLSv1.2 and TLSv1.3); remove further obsolete entries.',
  apigeelint: [],
  severity: { apigeex: 'error', edge: 'warning' },
  fixable: true,
  check(ctx) {
    for (const ssl of sslInfos(ctx.connections)) {
      const entries = protocolEntries(ssl);
      const present = new Set(entries.map((e) => e.literal).filter((v) => v !== undefined && !OBSOLETE_PROTOCOLS.has(v)));
      // The first obsolete entry becomes the modern version(s); later ones are removed, so that applying
      // every fix together gives one clean list.
      let replaced = present.has('TLSv1.2');
      for (const { element, literal } of entries) {
        if (literal === undefined || !OBSOLETE_PROTOCOLS.has(literal) || element.textSpan === undefined) continue;
        const spelling = literal === 'TLSv1.0' ? ' (JSSE spells TLS 1.0 as TLSv1)' : '';
        const message =
          ctx.profile === 'apigeex'
            ? `Apigee X does not support ${literal}${spelling}: calls fail with messaging.adaptors.http.flow.SslHandshakeFailed. Offer TLSv1.2 and TLSv1.3.`
            : `${literal}${spelling} is obsolete (RFC 8996) and most backends refuse it: the handshake fails with "Received fatal alert: protocol_version". Offer TLSv1.2.`;
        let fix: Fix;
        if (!replaced) {
          replaced = true;
          const edits: TextEdit[] = [replaceSpan(element.textSpan, 'TLSv1.2')];
          const addTls13 = ctx.profile === 'apigeex' && !present.has('TLSv1.3');
          if (addTls13) edits.push(insertAfter(ctx.text, element, `<${element.name}>TLSv1.3</${element.name}>`));
          fix = { title: `Replace ${literal} with TLSv1.2${addTls13 ? ' and TLSv1.3' : ''}`, edits, preferred: true };
        } else {
          fix = { title: `Remove ${literal}`, edits: [removeElement(ctx.text, element)], preferred: true };
        }
        ctx.report(element.textSpan, message, [fix]);
      }
    }
  },
};
