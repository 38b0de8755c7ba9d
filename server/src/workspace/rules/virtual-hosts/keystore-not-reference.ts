import { everywhere } from '../../../lint/rule';
import { REF } from '../../resolve';
import type { WorkspaceRule } from '../../rule';
import { isSymbolic } from '../../symbols';
import { EDGE_RESTART, named, virtualHosts } from './common';

export const vhostKeystoreNotReference: WorkspaceRule = {
  id: 'vhost-keystore-not-reference',
  description: 'An Edge virtual host whose keyStore or trustStore names a keystore directly instead of a ref:// reference.',
  why: 'Rotating the certificate then means editing the virtual host, and the routers only pick the change up after a restart.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: false,
  check(ctx) {
    for (const at of virtualHosts(ctx)) {
      for (const [slot, store] of [
        ['keyStore', at.vh.keyStore],
        ['trustStore', at.vh.trustStore],
      ] as const) {
        const value = store?.value.trim() ?? '';
        if (store === undefined || value === '' || value.startsWith(REF) || isSymbolic(value)) continue;
        ctx.report(
          at.vh.file,
          store.span,
          `${named(at)} names keystore '${value}' directly in ${slot}: moving to a new keystore means changing the virtual host and restarting the routers (${EDGE_RESTART}). Create a reference to '${value}' and write ${slot}: "ref://<reference>".`,
        );
      }
    }
  },
};
