import type { Fix } from '../../../lint/model';
import { everywhere } from '../../../lint/rule';
import type { WorkspaceRule } from '../../rule';
import { cipherTokens } from '../virtual-hosts/cipher-list';
import { APPLY, hybridNamed, hybridVirtualHosts } from './common';

export const hybridCipherSuitesFormat: WorkspaceRule = {
  id: 'hybrid-cipher-suites-format',
  description:
    'An Apigee hybrid virtual host whose cipherSuites names a suite in IANA/JSSE form (TLS_ECDHE_RSA_WITH_…) or a TLS 1.3 suite.',
  why: "The ingress (Envoy, on BoringSSL) takes OpenSSL-style names (ECDHE-RSA-AES128-GCM-SHA256): an IANA name is not a suite it knows, so the route's TLS configuration is refused; TLS 1.3 suites cannot be chosen at all.",
  fix: 'Rewrites each IANA name with its OpenSSL name.',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: true,
  check(ctx) {
    for (const at of hybridVirtualHosts(ctx)) {
      for (const item of at.vh.cipherSuites) {
        for (const token of cipherTokens(item)) {
          if (token.kind === 'tls13') {
            ctx.report(
              at.overrides.file,
              token.span,
              `${hybridNamed(at)}: cipherSuites lists ${token.text}, a TLS 1.3 suite: Envoy's cipherSuites only chooses TLS 1.2 and older suites (TLS 1.3 ones are always on). Remove it ${APPLY}.`,
            );
          } else if (token.kind === 'iana') {
            const openssl = token.suite.openssl;
            const fixes: Fix[] =
              openssl === undefined ? [] : [{ title: `Write ${openssl}`, edits: [{ ...token.span, newText: openssl }], preferred: true }];
            ctx.report(
              at.overrides.file,
              token.span,
              `${hybridNamed(at)}: cipherSuites lists ${token.text}, an IANA name: the ingress (Envoy) takes OpenSSL-style names and refuses it.${openssl === undefined ? ' The suite has no OpenSSL name: remove it' : ` Write ${openssl}`} ${APPLY}.`,
              { fixes },
            );
          }
        }
      }
    }
  },
};
