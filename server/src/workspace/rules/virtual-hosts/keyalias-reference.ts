import { everywhere } from '../../../lint/rule';
import { REF } from '../../resolve';
import type { WorkspaceRule } from '../../rule';
import { named, virtualHosts } from './common';

export const vhostKeyaliasReference: WorkspaceRule = {
  id: 'vhost-keyalias-reference',
  description: 'An Edge virtual host whose keyAlias is a ref:// reference.',
  why: 'Only keyStore and trustStore take references: the router looks for an alias literally named ref://…, finds no key, and the TLS handshake fails.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: false,
  check(ctx) {
    for (const at of virtualHosts(ctx)) {
      const alias = at.vh.keyAlias;
      if (alias === undefined || !alias.value.trim().startsWith(REF)) continue;
      ctx.report(
        at.vh.file,
        alias.span,
        `${named(at)} has keyAlias '${alias.value.trim()}': the alias cannot be a reference (only keyStore and trustStore can). Write the alias name itself, and keep it the same in every keystore the keyStore reference may point to.`,
      );
    }
  },
};
