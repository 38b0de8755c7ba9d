import { everywhere } from '../../../lint/rule';
import type { WorkspaceRule } from '../../rule';
import { APPLY, hybridNamed, hybridVersionScopes, tlsVersion } from './common';

export const hybridMinTlsVersion: WorkspaceRule = {
  id: 'hybrid-min-tls-version',
  description: 'An Apigee hybrid virtual host (overrides.yaml virtualhosts[]) whose minTLSProtocolVersion is 1.0 or 1.1.',
  why: 'The ingress then accepts TLS 1.0 and 1.1 from API clients: deprecated protocols (RFC 8996) that PCI DSS and most security reviews refuse.',
  fix: 'Sets minTLSProtocolVersion to "1.2".',
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: true,
  check(ctx) {
    for (const at of hybridVersionScopes(ctx)) {
      const min = at.vh.minTLSProtocolVersion;
      const version = min === undefined ? undefined : tlsVersion(min.value);
      if (min === undefined || typeof version !== 'number' || version > 11) continue;
      ctx.report(
        at.overrides.file,
        min.span,
        `${hybridNamed(at)}: minTLSProtocolVersion ${min.value} lets API clients connect with TLS 1.${version - 10}, deprecated (RFC 8996). Set minTLSProtocolVersion: "1.2" ${APPLY}; clients that only speak TLS 1.0/1.1 then fail (apigee-tls-lint clients names them).`,
        { fixes: [{ title: 'Set minTLSProtocolVersion to 1.2', edits: [{ ...min.span, newText: '1.2' }], preferred: true }] },
      );
    }
  },
};
