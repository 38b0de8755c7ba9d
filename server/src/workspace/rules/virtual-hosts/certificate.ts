import { rootCertificates } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { everywhere } from '../../../lint/rule';
import type { CertificateInfo } from '../../certificates';
import type { WorkspaceRule, WorkspaceRuleContext } from '../../rule';
import { named, servedCertificates, virtualHosts } from './common';

const day = (d: Date): string => d.toISOString().slice(0, 10);

let publicRoots: Set<string> | undefined;
/** Subjects of the root CAs Node ships (Mozilla's store), read once. */
function isPublicRoot(subject: string): boolean {
  publicRoots ??= new Set(
    rootCertificates.flatMap((pem) => {
      try {
        return [new X509Certificate(pem).subject.replace(/\n/g, ', ')];
      } catch {
        return [];
      }
    }),
  );
  return publicRoots.has(subject);
}

const selfSigned = (c: CertificateInfo): boolean => c.subject === c.issuer;

/** What is wrong with the chain a virtual host serves, for its clients. */
function problems(ctx: WorkspaceRuleContext, chain: readonly CertificateInfo[]): string[] {
  const out: string[] = [];
  const leaf = chain[0]!;
  if (leaf.notAfter.getTime() < ctx.now.getTime())
    out.push(`its certificate '${leaf.subject}' expired on ${day(leaf.notAfter)}: every client refuses it`);
  else if (leaf.notBefore.getTime() > ctx.now.getTime())
    out.push(`its certificate '${leaf.subject}' is not valid before ${day(leaf.notBefore)}`);
  for (let i = 0; i + 1 < chain.length; i++)
    if (chain[i]!.issuer !== chain[i + 1]!.subject) {
      out.push(`the chain is out of order: '${chain[i]!.subject}' is not issued by the next certificate '${chain[i + 1]!.subject}'`);
      break;
    }
  const last = chain.at(-1)!;
  if (chain.length === 1 && selfSigned(leaf))
    out.push('the certificate is self-signed: clients do not trust it (Edge Cloud refuses self-signed virtual host certificates)');
  else if (!selfSigned(last) && !isPublicRoot(last.issuer) && !chain.some((c) => c.subject === last.issuer))
    out.push(
      `the chain is incomplete: it ends at '${last.subject}', issued by '${last.issuer}', which is neither in the file nor a public root CA, so clients without it cannot build the chain (upload the intermediate certificates with the leaf)`,
    );
  const bits = leaf.x509.publicKey.asymmetricKeyDetails?.modulusLength;
  if (leaf.x509.publicKey.asymmetricKeyType === 'rsa' && bits !== undefined && bits > 2048)
    out.push(`its RSA key has ${bits} bits: Edge supports virtual host keys up to 2048 bits`);
  return out;
}

export const vhostCertificate: WorkspaceRule = {
  id: 'vhost-certificate',
  description:
    "The certificate an Edge virtual host serves (its keyStore and keyAlias resolved to the alias's certificate file) is expired or not yet valid, self-signed, its chain out of order or incomplete, or its RSA key larger than 2048 bits.",
  why: "The seed page's certificate causes, northbound: clients refuse an expired, untrusted or unchainable certificate; Edge takes keys up to 2048 bits.",
  fix: '–',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: false,
  check(ctx) {
    for (const at of virtualHosts(ctx)) {
      const served = servedCertificates(ctx, at);
      if (served === undefined || at.vh.keyAlias === undefined) continue;
      const found = problems(ctx, served.certificates);
      if (found.length === 0) continue;
      const aliases = at.vh.hostAliases.map((a) => a.value.trim()).join(', ');
      ctx.report(
        at.vh.file,
        at.vh.keyAlias.span,
        `${named(at)}${aliases === '' ? '' : ` (${aliases})`} serves alias '${served.alias}' of keystore '${served.keystore}': ${found.join('; ')}.`,
      );
    }
  },
};
