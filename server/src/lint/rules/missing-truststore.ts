import { appendChild } from '../edits';
import { everywhere, type Rule } from '../rule';
import { child, tlsActive, validationOn } from '../sslinfo';

export const missingTrustStore: Rule = {
  id: 'missing-truststore',
  description: 'TLS with certificate validation on, but no TrustStore.',
  why: 'The backend certificate is not checked against a truststore you control; with validation enforced calls fail with "PKIX path building failed".',
  fix: 'Insert <TrustStore>ref://…</TrustStore> with a placeholder.',
  apigeelint: ['TD007'],
  severity: everywhere('warning'),
  fixable: true,
  check(ctx) {
    for (const ssl of ctx.sslInfos) {
      if (ssl.connection.loadBalancer !== undefined) continue;
      if (tlsActive(ssl) !== true || validationOn(ssl, ctx.profile) !== true || child(ssl, 'TrustStore') !== undefined) continue;
      ctx.report(
        ssl.element.nameSpan,
        'TLS without a TrustStore: the backend certificate is not validated against a truststore you control. Add <TrustStore>ref://…</TrustStore>.',
        [
          {
            title: 'Insert a TrustStore reference',
            edits: [
              appendChild(
                ctx.text,
                ssl.element,
                ['<TrustStore>ref://truststore-ref</TrustStore>'],
                ['<TrustStore>ref://${1:truststore-ref}</TrustStore>'],
              ),
            ],
            preferred: false,
          },
        ],
      );
    }
  },
};
