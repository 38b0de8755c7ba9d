// Chain analysis with crypto.X509Certificate: builds the path from the leaf through the certificates the
// server sent to a trust anchor, and reports what Java's PKIX validation would reject, and what it soon will.
import { X509Certificate } from 'node:crypto';
import { makeCause, type CallDetails, type Cause, type CauseCode, type CertificatePolicy, type CodeDetailsOf } from './causes';
import { parseCertificate } from './parsed-certificates';
import { isWeakSignature, signatureAlgorithm } from '../tls/wire/der';
import { commonNameMatches, describeNames, dn, hostMatches } from './hostname';
import { judgeMissingIssuer } from './missing-issuer';

export { dn } from './hostname';
import type { TrustStore } from './trust';

export interface ChainEntry {
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  sha256: string;
}

export interface ChainContext {
  /** The name Apigee checks the certificate against (the URL host). */
  host: string;
  expectedCommonName?: { name: string; wildcardMatch: boolean } | undefined;
  trust: TrustStore;
  policy: CertificatePolicy;
  /** Apigee sends SNI: then IgnoreValidationErrors cannot hide a name mismatch. */
  sniSent: boolean;
  details: CallDetails;
  now: Date;
}

export interface ChainAnalysis {
  chain: ChainEntry[];
  causes: Cause[];
  /**
   * With a truststore nobody gave (a capture read without --ca): what the trust check would say, kept apart. Only the
   * client's own refusal of the chain (its alert) makes them causes; otherwise the trust is a note.
   */
  unverifiedTrust: Cause[];
  /** Observations for the text report (not causes), e.g. the chain's order. */
  evidence: string[];
}

const DAY_MS = 86_400_000;
const EXPIRY_WARNING_DAYS = 30;

/** ISO 8601 when the certificate's date parses; a damaged certificate's date text as it stands otherwise. */
function isoDate(text: string): string {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

export function chainEntry(cert: X509Certificate): ChainEntry {
  return {
    subject: dn(cert.subject),
    issuer: dn(cert.issuer),
    notBefore: isoDate(cert.validFrom),
    notAfter: isoDate(cert.validTo),
    sha256: cert.fingerprint256.replace(/:/g, '').toLowerCase(),
  };
}

/**
 * Signature checks, the chain analysis's main cost, remembered by the two certificates' SHA-256 fingerprints: the
 * answer depends on their bytes alone, and the same pairs recur (a backend's chain on every diagnosis, the
 * intermediates and roots many backends share).
 */
const signatureChecks = new Map<string, boolean>();
const SIGNATURE_CHECKS_MAX = 256;

function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  if (!cert.checkIssued(issuer)) return false;
  const key = `${cert.fingerprint256} ${issuer.fingerprint256}`;
  let verified = signatureChecks.get(key);
  if (verified === undefined) {
    verified = cert.verify(issuer.publicKey);
    signatureChecks.set(key, verified);
    if (signatureChecks.size > SIGNATURE_CHECKS_MAX) signatureChecks.delete(signatureChecks.keys().next().value!);
  }
  return verified;
}

function isSelfSigned(cert: X509Certificate): boolean {
  return issuedBy(cert, cert);
}

type PathEnd =
  | { kind: 'trusted'; anchor: X509Certificate }
  | { kind: 'self-signed-untrusted'; last: X509Certificate }
  | { kind: 'issuer-missing'; last: X509Certificate };

/** Leaf first, then each issuer among the sent certificates, until an anchor or a dead end. */
function buildPath(sent: X509Certificate[], trust: TrustStore): { path: X509Certificate[]; end: PathEnd } {
  const path = [sent[0]!];
  for (;;) {
    const current = path.at(-1)!;
    const anchor = trust.anchors.find((a) => a.fingerprint256 === current.fingerprint256 || issuedBy(current, a));
    if (anchor !== undefined) return { path, end: { kind: 'trusted', anchor } };
    if (isSelfSigned(current)) return { path, end: { kind: 'self-signed-untrusted', last: current } };
    const next = sent.find((c) => !path.includes(c) && issuedBy(current, c));
    if (next === undefined) return { path, end: { kind: 'issuer-missing', last: current } };
    path.push(next);
  }
}

function trustCauses(sent: X509Certificate[], path: X509Certificate[], end: PathEnd, ctx: ChainContext): Cause[] {
  const cause = <C extends CauseCode>(code: C, message: string, details: CodeDetailsOf<C>): Cause =>
    makeCause(code, message, { ...ctx.details, ...details }, ctx.policy);
  if (end.kind === 'trusted') return [];
  const last = end.last;
  if (end.kind === 'self-signed-untrusted') {
    const subject = dn(last.subject);
    return path.length === 1
      ? [
          cause('self-signed-certificate', `The backend's certificate '${subject}' is self-signed and not in ${ctx.trust.description}.`, {
            subject,
          }),
        ]
      : [
          cause(
            'untrusted-root',
            `The chain ends at root '${subject}' (self-signed), which the server sent but ${ctx.trust.description} does not hold.`,
            { subject, rootKnown: true },
          ),
        ];
  }
  const missing = judgeMissingIssuer(last, ctx.trust.anchors);
  const sentText = sent.length === 1 ? 'only its leaf certificate' : `${sent.length} certificates`;
  const facts = `The backend sends ${sentText}; '${dn(last.subject)}' is issued by '${missing.name}', which is neither sent nor in ${ctx.trust.description}`;
  const subject = missing.name;
  switch (missing.kind) {
    case 'intermediate':
      return [
        cause('incomplete-chain', `${facts}. '${missing.name}' is an intermediate: ${missing.why}.`, {
          subject,
          issuer: missing.issuer === undefined ? undefined : { name: missing.issuer, trusted: missing.issuerTrusted === true },
        }),
      ];
    case 'root':
      return [cause('untrusted-root', `${facts}. ${capitalise(missing.why)}.`, { subject, rootKnown: missing.known })];
    case 'undecided': {
      const [code, otherwise] =
        missing.likelier === 'root' ? (['untrusted-root', 'incomplete-chain'] as const) : (['incomplete-chain', 'untrusted-root'] as const);
      const reading = { 'untrusted-root': 'a root the truststore lacks', 'incomplete-chain': 'an intermediate the server should send' };
      const hint = missing.hint === undefined ? '' : ` (${missing.hint})`;
      const message = `${facts}. The evidence cannot tell whether it is an intermediate or a root (${missing.why}): most likely ${reading[code]}${hint}, otherwise ${reading[otherwise]}.`;
      return [cause(code, message, { subject, otherwise })];
    }
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function validityCauses(path: X509Certificate[], ctx: ChainContext): Cause[] {
  const causes: Cause[] = [];
  const now = ctx.now.getTime();
  for (const cert of path) {
    const subject = dn(cert.subject);
    const from = new Date(cert.validFrom);
    const to = new Date(cert.validTo);
    const role = cert === path[0] ? 'certificate' : 'CA certificate';
    const details = { ...ctx.details, subject };
    if (to.getTime() < now) {
      causes.push(
        makeCause(
          'certificate-expired',
          `The ${role} '${subject}' expired on ${to.toISOString()}.`,
          { ...details, date: to.toISOString() },
          ctx.policy,
        ),
      );
    } else if (from.getTime() > now) {
      causes.push(
        makeCause(
          'not-yet-valid',
          `The ${role} '${subject}' is not valid before ${from.toISOString()}.`,
          { ...details, date: from.toISOString() },
          ctx.policy,
        ),
      );
    } else if (to.getTime() - now < EXPIRY_WARNING_DAYS * DAY_MS) {
      const days = Math.floor((to.getTime() - now) / DAY_MS);
      causes.push(
        makeCause('certificate-expires-soon', `The ${role} '${subject}' expires in ${days} days (${to.toISOString()}).`, {
          ...details,
          date: to.toISOString(),
        }),
      );
    }
  }
  return causes;
}

function strengthCauses(path: X509Certificate[], ctx: ChainContext): Cause[] {
  const causes: Cause[] = [];
  for (const cert of path) {
    const subject = dn(cert.subject);
    const details = { ...ctx.details, subject };
    // A root's own signature is never checked: only the signatures the path relies on matter.
    const algorithm = signatureAlgorithm(cert.raw);
    if (!isSelfSigned(cert) && isWeakSignature(algorithm)) {
      causes.push(makeCause('weak-signature', `'${subject}' is signed with ${algorithm}.`, details));
    }
    const key = cert.publicKey;
    const bits = key.asymmetricKeyDetails?.modulusLength;
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if ((key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'dsa') && bits !== undefined && bits < 2048) {
      causes.push(makeCause('weak-key', `'${subject}' has a ${bits}-bit ${key.asymmetricKeyType.toUpperCase()} key.`, details));
    } else if (curve !== undefined && !['prime256v1', 'secp384r1', 'secp521r1'].includes(curve)) {
      causes.push(makeCause('weak-key', `'${subject}' uses the weak or uncommon curve ${curve}.`, details));
    }
  }
  return causes;
}

function nameCauses(leaf: X509Certificate, ctx: ChainContext): Cause[] {
  const names = describeNames(leaf);
  const details = { ...ctx.details, subject: dn(leaf.subject), names };
  const causes: Cause[] = [];
  const policy =
    ctx.sniSent && !ctx.policy.fatal
      ? { fatal: true, reason: 'IgnoreValidationErrors cannot hide a name mismatch when SNI is sent' }
      : ctx.policy;
  if (!hostMatches(leaf, ctx.host)) {
    causes.push(makeCause('hostname-mismatch', `The certificate is for ${names}, not '${ctx.host}'.`, details, policy));
  }
  const expected = ctx.expectedCommonName;
  if (expected !== undefined && !commonNameMatches(leaf, expected.name, expected.wildcardMatch)) {
    const how = expected.wildcardMatch ? ' (wildcardMatch=true)' : '';
    causes.push(
      makeCause(
        'hostname-mismatch',
        `SSLInfo <CommonName>${expected.name}</CommonName>${how} does not match the certificate's '${dn(leaf.subject)}'.`,
        details,
        policy,
      ),
    );
  }
  return causes;
}

/** Analyses the certificates a server sent (DER, in the order sent). */
export function analyseChain(ders: readonly Buffer[], ctx: ChainContext): ChainAnalysis {
  const sent: X509Certificate[] = [];
  for (const [i, der] of ders.entries()) {
    try {
      sent.push(parseCertificate(der));
    } catch (error) {
      // Bytes from the server: a certificate that does not parse is the server's fault, not an exception.
      const why = error instanceof Error ? error.message : String(error);
      const message = `Certificate ${i} the server sent is not a readable X.509 certificate (${why}): Java aborts such a handshake (bad_certificate).`;
      return { chain: [], causes: [makeCause('not-tls', message, ctx.details)], unverifiedTrust: [], evidence: [] };
    }
  }
  if (sent.length === 0) return { chain: [], causes: [], unverifiedTrust: [], evidence: ['The server sent no certificate.'] };
  const { path, end } = buildPath(sent, ctx.trust);
  const evidence: string[] = [];
  if (path.some((cert, i) => sent[i] !== cert))
    evidence.push('The server sends its chain out of order (Java tolerates it; some clients do not).');
  const unused = sent.filter((c) => !path.includes(c));
  if (unused.length > 0)
    evidence.push(`The server sends certificates the path does not use: ${unused.map((c) => `'${dn(c.subject)}'`).join(', ')}.`);
  if (end.kind === 'trusted') evidence.push(`The chain leads to '${dn(end.anchor.subject)}' in ${ctx.trust.description}.`);
  const trust = trustCauses(sent, path, end, ctx);
  const checked = ctx.trust.checked !== false;
  if (!checked)
    evidence.push(
      `Trust not checked: no truststore was given (pass \`--ca\` with the certificates of the client's truststore to check the chain ending at '${dn(path.at(-1)!.issuer)}').`,
    );
  return {
    chain: sent.map(chainEntry),
    unverifiedTrust: checked ? [] : trust,
    causes: [...(checked ? trust : []), ...validityCauses(path, ctx), ...strengthCauses(path, ctx), ...nameCauses(sent[0]!, ctx)],
    evidence,
  };
}
