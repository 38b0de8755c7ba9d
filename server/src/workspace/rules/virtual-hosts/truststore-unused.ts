import { everywhere } from '../../../lint/rule';
import type { WorkspaceRule } from '../../rule';
import { named, virtualHosts } from './common';

export const vhostTruststoreUnused: WorkspaceRule = {
  id: 'vhost-truststore-unused',
  description: 'An Edge virtual host with a trustStore while clientAuthEnabled is false or absent.',
  why: 'The truststore is never used: clients are not asked for a certificate. Usually a half-finished two-way TLS rollout.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: false,
  check(ctx) {
    for (const at of virtualHosts(ctx)) {
      const { vh } = at;
      const store = vh.trustStore;
      if (store === undefined || store.value.trim() === '' || vh.sslSpan === undefined || vh.clientAuth?.value === true) continue;
      if (vh.clientAuth?.value === 'template') continue;
      ctx.report(
        vh.file,
        store.span,
        `${named(at)} has trustStore '${store.value.trim()}' but clientAuthEnabled is ${vh.clientAuth === undefined ? 'not set (false)' : 'false'}: clients are never asked for a certificate, so the truststore does nothing. Set clientAuthEnabled to true for two-way TLS, or remove trustStore.`,
      );
    }
  },
};
