import { appendChild, replaceSpan } from '../edits';
import type { Fix, Severity } from '../model';
import type { Rule, RuleContext } from '../rule';
import { child, type SslInfoView } from '../../documents/sslinfo';
import { enforceUnset, insertTrustStore, lacksTrustStore } from './trust-gap';

const NOT_STRICT =
  'Apigee X does not enforce strict TLS; whether a backend with an invalid, expired or mismatched certificate is accepted depends on IgnoreValidationErrors.';
/** Said when there is no TrustStore either (missing-truststore stays silent then: one gap, one finding). */
const NO_TRUST =
  "Apigee X does not enforce strict TLS, and no truststore you control validates the backend certificate. Set <Enforce>true</Enforce> to validate against Apigee X's default trust (enough for public CAs), and add <TrustStore>ref://…</TrustStore> holding the CA as well when the backend's certificate comes from a private CA.";

export const enforceNotSet: Rule = {
  id: 'enforce-not-set',
  description: 'Apigee X: a TLS target without Enforce=true (with no TrustStore either, one finding for both).',
  why: 'Only Enforce=true makes Apigee X fail calls to backends with invalid, expired, self-signed, mismatched or untrusted certificates; otherwise IgnoreValidationErrors decides.',
  fix: 'Add (or set) Enforce to true; without a TrustStore, also insert a TrustStore reference.',
  apigeelint: ['TD004'],
  severity: { apigeex: 'info', edge: 'off' },
  fixable: true,
  check(ctx) {
    if (ctx.profile !== 'apigeex') return;
    for (const ssl of ctx.sslInfos) {
      // Beside a LoadBalancer the TargetServers' sSLInfo governs TLS (loadbalancer-sslinfo says so; missing-truststore
      // is silent there too): asking for Enforce in this block would contradict that finding at the same span.
      if (!enforceUnset(ssl)) continue;
      const enforce = child(ssl, 'Enforce');
      const enforceFix: Fix =
        enforce?.textSpan !== undefined
          ? { title: 'Set Enforce to true', edits: [replaceSpan(enforce.textSpan, 'true')], preferred: false }
          : {
              title: 'Add <Enforce>true</Enforce>',
              edits: [appendChild(ctx.text, ssl.element, ['<Enforce>true</Enforce>'])],
              preferred: false,
            };
      const span = enforce?.textSpan ?? ssl.element.nameSpan;
      const head = enforce?.textSpan !== undefined ? 'Enforce=false' : 'No <Enforce>true</Enforce>';
      const trustGap = trustGapSeverity(ctx, ssl);
      if (trustGap === undefined) ctx.report(span, `${head}: ${NOT_STRICT}`, [enforceFix]);
      else
        ctx.report(
          span,
          `${head} and no TrustStore: ${NO_TRUST}`,
          [enforceFix, insertTrustStore(ctx.text, ssl.element, child(ssl, 'TrustStore'))],
          {
            severity: trustGap,
          },
        );
    }
  },
};

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * When missing-truststore would report this SSLInfo too (and runs): the merged finding's severity, the stronger of
 * the two rules', so a CI gate that failed on the missing TrustStore still fails. Undefined otherwise.
 */
function trustGapSeverity(ctx: RuleContext, ssl: SslInfoView): Severity | undefined {
  const other = ctx.severityOf('missing-truststore');
  if (other === 'off' || !lacksTrustStore(ssl, ctx.profile)) return undefined;
  const own = ctx.severityOf('enforce-not-set');
  return own !== 'off' && RANK[own] > RANK[other] ? own : other;
}
