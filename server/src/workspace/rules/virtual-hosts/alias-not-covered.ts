import { everywhere } from '../../../lint/rule';
import { nameCoversHost } from '../../../tls/host-names';
import type { WorkspaceRule } from '../../rule';
import { isSymbolic } from '../../symbols';
import { certificateNames } from '../../virtual-hosts';
import { aliasHost, named, servedCertificates, virtualHosts } from './common';

/** A wildcard alias needs the same wildcard in the certificate; any other alias a name covering it. */
const covered = (names: readonly string[], host: string): boolean =>
  host.startsWith('*.') ? names.some((n) => n.toLowerCase() === host.toLowerCase()) : names.some((n) => nameCoversHost(n, host, true));

export const vhostAliasNotCovered: WorkspaceRule = {
  id: 'vhost-alias-not-covered',
  description: "An Edge virtual host's host alias that the certificate of its keyStore and keyAlias does not cover (SAN, else CN).",
  why: 'Clients calling that host name get a certificate for other names: the handshake fails with a name mismatch (a wildcard alias needs the same wildcard in the certificate).',
  fix: '–',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: false,
  check(ctx) {
    for (const at of virtualHosts(ctx)) {
      if (at.vh.hostAliases.length === 0 || at.vh.freeTrialCert?.value === true) continue;
      const served = servedCertificates(ctx, at);
      if (served === undefined) continue;
      const names = certificateNames(served.certificates[0]!);
      for (const alias of at.vh.hostAliases) {
        const host = aliasHost(alias.value);
        if (host === '' || isSymbolic(host) || /^[\d.]+$/.test(host) || covered(names, host)) continue;
        ctx.report(
          at.vh.file,
          alias.span,
          `${named(at)}: host alias '${host}' is not covered by the certificate of alias '${served.alias}' in keystore '${served.keystore}' (${names.join(', ') || 'no DNS name'}): clients calling ${host} fail with a host name mismatch. Serve a certificate whose subjectAltName covers ${host}${host.startsWith('*.') ? ' (the same wildcard)' : ''}.`,
        );
      }
    }
  },
};
