import { everywhere } from '../../../lint/rule';
import type { WorkspaceRule } from '../../rule';
import { named, virtualHosts } from './common';

export const vhostClientAuthNoTruststore: WorkspaceRule = {
  id: 'vhost-client-auth-no-truststore',
  description: 'An Edge virtual host with clientAuthEnabled true and no trustStore.',
  why: 'The router has no CA to check client certificates against: two-way TLS cannot work (the management API requires a trustStore).',
  fix: '–',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: false,
  check(ctx) {
    for (const at of virtualHosts(ctx)) {
      const { vh } = at;
      if (vh.clientAuth?.value !== true || vh.tls?.value === false || (vh.trustStore !== undefined && vh.trustStore.value.trim() !== ''))
        continue;
      ctx.report(
        vh.file,
        vh.clientAuth.span,
        `${named(at)} asks clients for a certificate (clientAuthEnabled) but has no trustStore: the router cannot verify any client certificate, so two-way TLS fails for every client. Add trustStore: "ref://<truststore reference>" holding the clients' CA (Edge Cloud and Private Cloud alike).`,
      );
    }
  },
};
