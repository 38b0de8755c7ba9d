import { everywhere } from '../../../lint/rule';
import { nameCoversHost } from '../../../tls/host-names';
import type { WorkspaceRule } from '../../rule';
import { isSymbolic } from '../../symbols';
import { certificateNames } from '../../virtual-hosts';
import { sslCertificates } from '../../hybrid/certificates';
import { APPLY, hybridNamed, hybridVirtualHosts } from './common';

const day = (d: Date): string => d.toISOString().slice(0, 10);

/** A wildcard hostname needs the same wildcard in the certificate; any other a name covering it. */
const covered = (names: readonly string[], host: string): boolean =>
  host.startsWith('*.') ? names.some((n) => n.toLowerCase() === host.toLowerCase()) : names.some((n) => nameCoversHost(n, host, true));

export const hybridCertificate: WorkspaceRule = {
  id: 'hybrid-certificate',
  description:
    "The certificate an Apigee hybrid virtual host serves (its sslCertPath file) does not cover the environment group's hostnames, or is expired or not yet valid.",
  why: 'API clients calling a hostname the certificate does not name fail with a host name mismatch; every client refuses an expired certificate. Both are found at the handshake, after the install succeeded.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: false,
  check(ctx) {
    for (const at of hybridVirtualHosts(ctx)) {
      const path = at.vh.sslCertPath;
      const chain = path === undefined ? undefined : sslCertificates(ctx.workspace, at.overrides, at.vh)?.certificates;
      if (path === undefined || chain === undefined) continue;
      const leaf = chain[0]!;
      const problems: string[] = [];
      if (leaf.notAfter.getTime() < ctx.now.getTime())
        problems.push(`its certificate '${leaf.subject}' expired on ${day(leaf.notAfter)}: every client refuses it`);
      else if (leaf.notBefore.getTime() > ctx.now.getTime())
        problems.push(`its certificate '${leaf.subject}' is not valid before ${day(leaf.notBefore)}`);
      const names = certificateNames(leaf);
      const uncovered = at.hostnames
        .map((h) => h.value.trim())
        .filter((h) => h !== '' && h !== '*' && !isSymbolic(h) && !covered(names, h));
      if (uncovered.length > 0)
        problems.push(
          `it does not cover ${uncovered.join(', ')} (it names ${names.join(', ') || 'no DNS name'}): clients calling ${uncovered.length === 1 ? 'that hostname' : 'those hostnames'} fail with a host name mismatch`,
        );
      if (problems.length === 0) continue;
      ctx.report(
        at.overrides.file,
        path.span,
        `${hybridNamed(at)} serves ${path.value}: ${problems.join('; ')}. Serve a valid certificate whose subjectAltName covers every hostname of the environment group ${APPLY}.`,
      );
    }
  },
};
