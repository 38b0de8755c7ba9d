// The certificate a chain needs that the server did not send and the truststore does not hold: an intermediate
// the server should send, or a root the truststore should hold? The certificates decide when they can (the
// authority key identifier naming the issuer's own issuer); AIA, names shared with the truststore and the issuer's
// own name are hints. Where nothing decides, both possibilities are kept, the likelier first.
import type { X509Certificate } from 'node:crypto';
import { dn } from './hostname';
import { certificateLinks, nameText, type CertificateLinks } from '../tls/wire/der';

export type MissingIssuer =
  /** `issuer`: the missing intermediate's own issuer, when known; `issuerTrusted`: the truststore holds it. */
  | { kind: 'intermediate'; name: string; why: string; issuer?: string | undefined; issuerTrusted?: boolean | undefined }
  /** `known`: the evidence shows it is a root (self-issued); otherwise only the likelier reading. */
  | { kind: 'root'; name: string; why: string; known: boolean }
  /** `why`: what the evidence lacks; `hint`: why one reading is likelier, when something points to it. */
  | { kind: 'undecided'; name: string; why: string; likelier: 'intermediate' | 'root'; hint?: string | undefined };

const namesCache = new WeakMap<X509Certificate, CertificateLinks | null>();

function namesOf(cert: X509Certificate): CertificateLinks | undefined {
  if (!namesCache.has(cert)) namesCache.set(cert, certificateLinks(cert.raw) ?? null);
  return namesCache.get(cert) ?? undefined;
}

/** An anchor named as the missing issuer, or with its key identifier. */
function sameCa(anchor: CertificateLinks | undefined, links: CertificateLinks): boolean {
  if (anchor === undefined) return false;
  const sameKey = links.authorityKeyId !== undefined && anchor.subjectKeyId?.equals(links.authorityKeyId) === true;
  return sameKey || anchor.subject.equals(links.issuer);
}

/** "O=Acme Corp" and "DC=…" parts of a name: the organisation that runs a CA. */
function organisation(dnText: string): string {
  return dnText
    .split(', ')
    .filter((part) => /^(O|DC)=/.test(part))
    .join(', ');
}

function caIssuersUrl(cert: X509Certificate): string | undefined {
  return /CA Issuers - URI:(\S+)/i.exec(cert.infoAccess ?? '')?.[1];
}

/** `last`: the last certificate of the path built from what was sent (its issuer is neither sent nor trusted). */
export function judgeMissingIssuer(last: X509Certificate, anchors: readonly X509Certificate[]): MissingIssuer {
  const names = namesOf(last);
  const name = dn(last.issuer);
  const lastName = dn(last.subject);

  // Decided: the authority key identifier names the missing certificate's own issuer.
  if (names?.authorityIssuer !== undefined) {
    if (names.authorityIssuer.equals(names.issuer)) {
      return {
        kind: 'root',
        name,
        known: true,
        why: `the authority key identifier of '${lastName}' names '${name}' as its own issuer: a root`,
      };
    }
    const anchor = anchors.find((a) => namesOf(a)?.subject.equals(names.authorityIssuer!));
    const issuer = anchor === undefined ? nameText(names.authorityIssuer) : dn(anchor.subject);
    return {
      kind: 'intermediate',
      name,
      issuer,
      issuerTrusted: anchor !== undefined,
      why: `the authority key identifier of '${lastName}' says '${name}' is itself issued by '${issuer}', which the truststore ${anchor === undefined ? 'does not hold either' : 'holds'}`,
    };
  }
  const namesake = names === undefined ? undefined : anchors.find((a) => sameCa(namesOf(a), names));
  if (namesake !== undefined) {
    return {
      kind: 'root',
      name,
      known: false,
      why: `the truststore holds '${dn(namesake.subject)}' by that name or key identifier, but not the certificate whose key signed '${lastName}' (a renewed or re-keyed CA): the one the backend's CA uses now is missing`,
    };
  }
  if (last.ca) {
    // The server sends its intermediates; roots need not be sent.
    return {
      kind: 'root',
      name,
      known: false,
      why: `the server sends the CA certificate '${lastName}' but not its issuer, as servers leave out roots: '${name}' is most likely the root`,
    };
  }
  const url = caIssuersUrl(last);
  if (url !== undefined) {
    return {
      kind: 'intermediate',
      name,
      why: `the leaf names where its issuer can be fetched (AIA caIssuers ${url}), as leaves issued by intermediates do; Java does not fetch it`,
    };
  }
  return undecided(name, anchors);
}

/**
 * A lone leaf without AIA: nothing in it tells an intermediate from a root. Only an intermediate whose root the
 * truststore holds is fixed by sending it; without a sign of that (a trusted CA of the issuer's organisation, or
 * an issuer named like an intermediate), the truststore lacks this CA's root either way: root first.
 */
function undecided(name: string, anchors: readonly X509Certificate[]): MissingIssuer {
  const org = organisation(name);
  const sibling = org === '' ? undefined : anchors.find((a) => organisation(dn(a.subject)) === org);
  const cn = /CN=([^,]*)/.exec(name)?.[1] ?? '';
  const why = 'no AIA, no issuer of the issuer in the authority key identifier, nothing of that name or key identifier in the truststore';
  if (sibling !== undefined) {
    return {
      kind: 'undecided',
      name,
      why,
      likelier: 'intermediate',
      hint: `the truststore holds '${dn(sibling.subject)}' of the same organisation`,
    };
  }
  if (/\b(intermediate|issuing|sub(ordinate)?)\b/i.test(cn)) {
    return { kind: 'undecided', name, why, likelier: 'intermediate', hint: "its name reads as an intermediate's" };
  }
  return { kind: 'undecided', name, why, likelier: 'root', hint: /\broot\b/i.test(cn) ? "its name reads as a root's" : undefined };
}
