import { everywhere } from '../../../lint/rule';
import type { WorkspaceRule } from '../../rule';
import { isSymbolic } from '../../symbols';
import { aliasHost, named, virtualHosts } from './common';

export const vhostFreeTrialCertAlias: WorkspaceRule = {
  id: 'vhost-free-trial-cert-alias',
  description:
    'An Edge Cloud virtual host using the built-in free trial certificate (useBuiltInFreeTrialCert) with a host alias outside apigee.net.',
  why: 'The free trial certificate covers *.apigee.net only: clients calling any other alias get a certificate for other names.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: false,
  check(ctx) {
    for (const at of virtualHosts(ctx)) {
      if (at.vh.freeTrialCert?.value !== true) continue;
      for (const alias of at.vh.hostAliases) {
        const host = aliasHost(alias.value).toLowerCase();
        if (host === '' || isSymbolic(host) || /^[^.*]+\.apigee\.net$/.test(host)) continue;
        ctx.report(
          at.vh.file,
          alias.span,
          `${named(at)} uses Apigee's free trial certificate (*.apigee.net) but has host alias '${aliasHost(alias.value)}': clients calling it fail with a host name mismatch. Use a keyStore and keyAlias holding a certificate for it, or an alias under apigee.net (Edge Cloud).`,
        );
      }
    }
  },
};
