import { everywhere, type Rule } from '../rule';
import { child, enforcesStrictTls, publicCaHost, urlHost } from '../../documents/sslinfo';
import { enforceUnset, insertTrustStore, lacksTrustStore } from './trust-gap';

export const missingTrustStore: Rule = {
  id: 'missing-truststore',
  description: 'TLS with certificate validation on, but no TrustStore (an empty one counts as none).',
  why: 'The backend certificate is not checked against a truststore you control. On Apigee X with Enforce=true the default trust checks it: enough for public CAs, not for a private CA.',
  fix: 'Insert <TrustStore>ref://…</TrustStore> with a placeholder (or fill in an empty one).',
  apigeelint: ['TD007'],
  severity: everywhere('warning'),
  fixable: true,
  check(ctx) {
    for (const ssl of ctx.sslInfos) {
      if (!lacksTrustStore(ssl, ctx.profile)) continue;
      // Apigee X without Enforce: one gap, one finding, and enforce-not-set reports it with both fixes (trust-gap.ts).
      if (ctx.profile === 'apigeex' && enforceUnset(ssl) && ctx.severityOf('enforce-not-set') !== 'off') continue;
      const enforced = enforcesStrictTls(ssl, ctx.profile);
      const host = urlHost(ssl.connection);
      // Apigee X with Enforce validates against its default trust: a public-CA backend needs nothing more.
      if (enforced && publicCaHost(host)) continue;
      const empty = child(ssl, 'TrustStore');
      const span = empty?.nameSpan ?? ssl.element.nameSpan;
      const what = empty === undefined ? 'TLS without a TrustStore' : `Empty <TrustStore>`;
      const message = enforced
        ? `${what}: with Enforce=true Apigee X validates the backend certificate against its default trust, which holds public CAs only. A backend whose certificate comes from a private or internal CA fails the handshake: add <TrustStore>ref://…</TrustStore> holding that CA.`
        : ctx.profile === 'apigeex'
          ? `${what}: the backend certificate is not validated against a truststore you control. Add <TrustStore>ref://…</TrustStore> (needed for a private CA), or <Enforce>true</Enforce> to validate against Apigee X's default trust (public CAs).`
          : `${what}: the backend certificate is not validated against a truststore you control. Add <TrustStore>ref://…</TrustStore> holding the CA that issued it.`;
      ctx.report(span, message, [insertTrustStore(ctx.text, ssl.element, empty)], enforced ? { severity: 'info' } : {});
    }
  },
};
