import { appendChild, replaceSpan } from '../edits';
import type { Rule } from '../rule';
import { booleanChild, child, tlsActive } from '../../documents/sslinfo';

export const enforceNotSet: Rule = {
  id: 'enforce-not-set',
  description: 'Apigee X: a TLS target without Enforce=true.',
  why: 'Only Enforce=true makes Apigee X fail calls to backends with invalid, expired, self-signed, mismatched or untrusted certificates; otherwise IgnoreValidationErrors decides.',
  fix: 'Add (or set) Enforce to true.',
  apigeelint: ['TD004'],
  severity: { apigeex: 'info', edge: 'off' },
  fixable: true,
  check(ctx) {
    if (ctx.profile !== 'apigeex') return;
    for (const ssl of ctx.sslInfos) {
      // Beside a LoadBalancer the TargetServers' sSLInfo governs TLS (loadbalancer-sslinfo says so; missing-truststore
      // is silent there too): asking for Enforce in this block would contradict that finding at the same span.
      if (ssl.connection.loadBalancer !== undefined) continue;
      if (tlsActive(ssl) !== true) continue;
      const enforce = child(ssl, 'Enforce');
      const value = booleanChild(ssl, 'Enforce');
      if (value === true || value === 'template' || value === 'invalid') continue;
      if (enforce?.textSpan !== undefined) {
        ctx.report(
          enforce.textSpan,
          'Enforce=false: Apigee X does not enforce strict TLS; whether a backend with an invalid, expired or mismatched certificate is accepted depends on IgnoreValidationErrors.',
          [{ title: 'Set Enforce to true', edits: [replaceSpan(enforce.textSpan, 'true')], preferred: false }],
        );
        continue;
      }
      ctx.report(
        ssl.element.nameSpan,
        'No <Enforce>true</Enforce>: Apigee X does not enforce strict TLS; whether a backend with an invalid, expired or mismatched certificate is accepted depends on IgnoreValidationErrors.',
        [
          {
            title: 'Add <Enforce>true</Enforce>',
            edits: [appendChild(ctx.text, ssl.element, ['<Enforce>true</Enforce>'])],
            preferred: false,
          },
        ],
      );
    }
  },
};
