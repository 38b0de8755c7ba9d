import { everywhere } from '../../../lint/rule';
import { CLIENT_PROFILES } from '../../../tls/clients/table';
import type { ClientProfile } from '../../../tls/clients/profile';
import type { WorkspaceRule } from '../../rule';
import { cipherTokens, listedSuites } from './cipher-list';
import { named, virtualHosts } from './common';

/** Whether the client offers TLS 1.3 (which ssl_ciphers does not restrict). */
const offersTls13 = (p: ClientProfile): boolean => p.versions.max === 'TLSv1.3';

export const vhostCiphersExcludeClients: WorkspaceRule = {
  id: 'vhost-ciphers-exclude-clients',
  description:
    "An Edge virtual host's ssl_ciphers (a list of suites) that leaves some of the clients Apigee consumers run (the clients command's default set) without a suite they offer.",
  why: "Those clients fail the handshake with handshake_failure (cipher mismatch), the seed page's northbound example: a router accepting only 'high encryption' suites.",
  fix: '–',
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: false,
  check(ctx) {
    for (const at of virtualHosts(ctx)) {
      const value = at.vh.properties.get('ssl_ciphers');
      const listed = value === undefined ? undefined : listedSuites(cipherTokens(value));
      if (value === undefined || listed === undefined || listed.size === 0) continue;
      // Private Cloud may enable TLS 1.3 per virtual host; its suites are not ssl_ciphers'.
      const tls13 = /\bTLSv1\.3\b/.test(at.vh.properties.get('ssl_protocols')?.value ?? '');
      const failing = CLIENT_PROFILES.filter(
        (p) => p.consumer && !(tls13 && offersTls13(p)) && !p.suites.some((s) => listed.has(`TLS_${s}`)),
      );
      if (failing.length === 0) continue;
      const names = failing.map((p) => p.name);
      ctx.report(
        at.vh.file,
        value.span,
        `${named(at)}: ${names.join(', ')} offer${names.length === 1 ? 's' : ''} none of the suites ssl_ciphers allows, so ${names.length === 1 ? 'it fails' : 'they fail'} the TLS handshake (handshake_failure, cipher mismatch). Add a suite ${names.length === 1 ? 'it offers' : 'each offers'} (for instance ECDHE-RSA-AES128-GCM-SHA256 or ECDHE-RSA-AES128-SHA), or check with 'apigee-tls-lint clients <host>'.`,
      );
    }
  },
};
