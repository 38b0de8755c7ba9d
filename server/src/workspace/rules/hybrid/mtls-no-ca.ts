import { everywhere } from '../../../lint/rule';
import type { WorkspaceRule } from '../../rule';
import { APPLY, hybridNamed, hybridVirtualHosts } from './common';

export const hybridMtlsNoCa: WorkspaceRule = {
  id: 'hybrid-mtls-no-ca',
  description:
    'An Apigee hybrid virtual host with tlsMode: MUTUAL and no CA for client certificates (no caCertPath, and no sslSecret that could hold one).',
  why: 'With mutual TLS the ingress verifies each client certificate against that CA: without one, it has nothing to verify against and every client certificate is refused (or the route is not created).',
  fix: '–',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: false,
  check(ctx) {
    for (const at of hybridVirtualHosts(ctx)) {
      const { tlsMode, caCertPath, sslSecret } = at.vh;
      if (tlsMode?.value.trim().toUpperCase() !== 'MUTUAL' || caCertPath !== undefined || sslSecret !== undefined) continue;
      ctx.report(
        at.overrides.file,
        tlsMode.span,
        `${hybridNamed(at)}: tlsMode MUTUAL without caCertPath: the ingress has no CA to verify client certificates against, so API clients presenting one are refused. Set caCertPath to the PEM file of the CA that issues your clients' certificates (or an sslSecret holding cert, key and cacert) ${APPLY}.`,
      );
    }
  },
};
