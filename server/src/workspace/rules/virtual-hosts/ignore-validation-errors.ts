import { everywhere } from '../../../lint/rule';
import type { WorkspaceRule } from '../../rule';
import { named, virtualHosts } from './common';

export const vhostIgnoreValidationErrors: WorkspaceRule = {
  id: 'vhost-ignore-validation-errors',
  description: 'An Edge virtual host with two-way TLS and ignoreValidationErrors true.',
  why: 'The router accepts any client certificate, expired, self-signed or from any CA: two-way TLS in name only.',
  fix: 'Sets ignoreValidationErrors to false.',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: true,
  check(ctx) {
    for (const at of virtualHosts(ctx)) {
      const { vh } = at;
      const flag = vh.ignoreValidationErrors;
      if (flag?.value !== true || vh.clientAuth?.value !== true) continue;
      ctx.report(
        vh.file,
        flag.span,
        `${named(at)} requires client certificates but ignores their validation errors: any certificate is accepted (expired, self-signed, from a CA the trustStore does not hold), so two-way TLS authenticates no one. Set ignoreValidationErrors to false.`,
        { fixes: [{ title: 'Set ignoreValidationErrors to false', edits: [{ ...flag.span, newText: 'false' }], preferred: true }] },
      );
    }
  },
};
