// Cause codes (a public contract), their severities, and fixes worded for Apigee Edge and X.
import type { Profile } from '../tls/profile';
import type { TlsProtocol } from '../tls/versions';

/** Error codes in root-cause order: when several apply, the earliest explains the rest. */
export const ERROR_CODES = [
  'unusable-configuration',
  'proxy-unreachable',
  'proxy-refused',
  'proxy-timeout',
  'proxy-backend-unreachable',
  'proxy-tls-inspection',
  'dns-failure',
  'connection-refused',
  'timeout',
  'connection-reset',
  'not-tls',
  'sni-required',
  'protocol-mismatch',
  'cipher-mismatch',
  'client-certificate-required',
  'client-certificate-rejected',
  'untrusted-root',
  'incomplete-chain',
  'self-signed-certificate',
  'certificate-expired',
  'not-yet-valid',
  'hostname-mismatch',
  'handshake-aborted',
] as const;

export const WARNING_CODES = [
  'client-certificate-unknown',
  'sni-dependent',
  'obsolete-protocol-accepted',
  'certificate-expires-soon',
  'weak-signature',
  'weak-key',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
export type WarningCode = (typeof WARNING_CODES)[number];
export type CauseCode = ErrorCode | WarningCode;

export interface Cause {
  code: CauseCode;
  severity: 'error' | 'warning';
  message: string;
  fix: string;
}

/** Errors Apigee reports only when it validates the backend certificate: untrusted-root to hostname-mismatch. */
const CERTIFICATE_CODES: readonly CauseCode[] = ERROR_CODES.slice(
  ERROR_CODES.indexOf('untrusted-root'),
  ERROR_CODES.indexOf('hostname-mismatch') + 1,
);

/** Whether Apigee fails the call on a certificate problem, and why (from SSLInfo and the profile). */
export interface CertificatePolicy {
  fatal: boolean;
  reason: string;
}

/** What every fix may mention: the call being diagnosed. */
export interface CallDetails {
  profile: Profile;
  host: string;
  port: number;
  timeoutMs?: number | undefined;
}

/** The certificate a fix names, when the evidence gave it. */
interface CertificateDetails {
  subject?: string | undefined;
}

/** A certificate with the date that matters (expiry, or the start of validity). */
interface DatedCertificateDetails extends CertificateDetails {
  date?: string | undefined;
}

/** A chain that does not reach the truststore: the missing CA, and what is known of it. */
interface MissingIssuerDetails extends CertificateDetails {
  /** untrusted-root: `subject` is known to be a root (self-signed, or self-issued by its key identifier). */
  rootKnown?: boolean | undefined;
  /** incomplete-chain: the missing intermediate's own issuer, and whether the truststore holds it. */
  issuer?: { name: string; trusted: boolean } | undefined;
  /** Chain causes the evidence cannot decide: the less likely reading, whose fix follows the likelier one's. */
  otherwise?: 'untrusted-root' | 'incomplete-chain' | undefined;
}

type None = Record<never, never>;

/** A failure that may be the probe's vantage point (diagnosis/vantage.ts): why, and the command to run elsewhere. */
interface VantageDetails {
  vantage?: { reason: string; rerun: string } | undefined;
}

/** The HTTP proxy the probe went through (its URL without credentials). */
interface ProxyDetails {
  proxy?: string | undefined;
}

/** What each code's fix may mention beyond the call (review P2-6: a code gets only its own fields). */
interface CodeDetails {
  'unusable-configuration': { accepted: readonly TlsProtocol[] };
  /** `proxy`: the proxy's URL, never its credentials. */
  'proxy-unreachable': ProxyDetails;
  'proxy-refused': ProxyDetails;
  'proxy-timeout': ProxyDetails;
  'proxy-backend-unreachable': ProxyDetails;
  'proxy-tls-inspection': ProxyDetails;
  'dns-failure': VantageDetails;
  'connection-refused': VantageDetails;
  timeout: VantageDetails;
  'connection-reset': None;
  'not-tls': None;
  /** The SNI name the backend refused (alert unrecognized_name): it serves no such name. */
  'sni-required': { unservedName?: string | undefined };
  'protocol-mismatch': { accepted?: readonly TlsProtocol[] | undefined };
  'cipher-mismatch': {
    suite?: string | undefined;
    /** `suite` is the one the backend chose from every suite Java implements (not from every suite known). */
    suiteFromJava?: boolean | undefined;
    /** Why no <Cipher> in SSLInfo helps (Java lacks the suite the backend chose, TLS 1.3 on Apigee X, or it accepts no Java suite). */
    unusableSuite?: string | undefined;
  };
  'client-certificate-required': None;
  'client-certificate-rejected': None;
  'untrusted-root': MissingIssuerDetails;
  'incomplete-chain': MissingIssuerDetails;
  'self-signed-certificate': CertificateDetails;
  'certificate-expired': DatedCertificateDetails;
  'not-yet-valid': DatedCertificateDetails;
  'hostname-mismatch': CertificateDetails & { names?: string | undefined };
  'handshake-aborted': None;
  'client-certificate-unknown': None;
  'sni-dependent': None;
  'obsolete-protocol-accepted': None;
  'certificate-expires-soon': DatedCertificateDetails;
  'weak-signature': CertificateDetails;
  'weak-key': CertificateDetails;
}

/** The fields a code's own fix reads, besides the call. */
export type CodeDetailsOf<C extends CauseCode> = CodeDetails[C];
export type DetailsOf<C extends CauseCode> = CallDetails & CodeDetails[C];
/** The trailing argument of a cause: required when the code has a required field, else optional. */
export type DetailsArgument<C extends CauseCode> = None extends CodeDetails[C] ? [details?: CodeDetails[C]] : [details: CodeDetails[C]];

/** A certificate's name in a fix, or a plain description when the evidence gave none (never a bare '?'). */
const certificate = (subject: string | undefined): string => (subject === undefined ? 'the certificate' : `'${subject}'`);
/** ` 'name'` after a noun ("the root CA 'X'"), or nothing. */
const named = (subject: string | undefined): string => (subject === undefined ? '' : ` '${subject}'`);

const TRUSTSTORE = 'the truststore that SSLInfo <TrustStore> references (ref://… recommended)';
const SNI_FIX =
  'Edge Private Cloud: set `conf_system_jsse.enableSNIExtension=true` in message-processor.properties and restart ' +
  'the message processors; or make the certificate the backend presents to clients without SNI (its default) one for this host. Apigee X sends ' +
  'SNI for host names: target the backend by name, not by IP address.';

function protocolFix(d: DetailsOf<'protocol-mismatch'>): string {
  const accepted = d.accepted ?? [];
  if (accepted.length > 0 && accepted.every((p) => p === 'TLSv1' || p === 'TLSv1.1')) {
    // Advice follows the profile: only Edge can still be told to offer TLS 1.0/1.1.
    if (d.profile !== 'edge') return 'Upgrade the backend to TLSv1.2 or later: Apigee X cannot use TLS 1.0/1.1.';
    const pin = accepted.map((p) => `<Protocol>${p}</Protocol>`).join('');
    return `Upgrade the backend to TLSv1.2 (recommended), or add ${pin} to SSLInfo <Protocols>.`;
  }
  if (accepted.length > 0 && accepted.every((p) => p === 'TLSv1.3') && d.profile === 'edge') {
    return 'Enable TLSv1.2 on the backend: Edge message processors on Java 8 cannot speak TLSv1.3 (Edge 4.54 on Java 21 can: add <Protocol>TLSv1.3</Protocol> to SSLInfo <Protocols>).';
  }
  const pins = accepted.filter((p) => p === 'TLSv1.2' || p === 'TLSv1.3').map((p) => `<Protocol>${p}</Protocol>`);
  return pins.length > 0
    ? `Add ${pins.join('')} to SSLInfo <Protocols>, or remove <Protocols> to offer Apigee's defaults.`
    : 'The backend accepted no TLS version the probe offered: check that it serves TLS on this port.';
}

function untrustedRootFix(d: MissingIssuerDetails): string {
  const what = d.rootKnown === true ? `the root CA${named(d.subject)}` : `the CA certificate${named(d.subject)} (from the backend's CA)`;
  return `Import ${what} into ${TRUSTSTORE}, or give the backend a certificate from a CA that truststore already holds.`;
}

function incompleteChainFix(d: MissingIssuerDetails): string {
  const base = `The backend does not send ${d.subject === undefined ? 'its intermediate certificate' : `intermediate '${d.subject}'`}: configure it to send its full chain (leaf, then intermediates), or import the intermediate into ${TRUSTSTORE}`;
  if (d.issuer === undefined) return `${base}.`;
  return d.issuer.trusted
    ? `${base} (the truststore already holds its issuer '${d.issuer.name}').`
    : `${base}; its issuer '${d.issuer.name}' is not in that truststore either: import it too.`;
}

const READING = { 'untrusted-root': 'a root', 'incomplete-chain': 'an intermediate' } as const;

/** Both readings of an undecided chain, the likelier first, each with its fix. */
function eitherFix(likelier: keyof typeof READING, d: MissingIssuerDetails, other: keyof typeof READING): string {
  const fix = (code: keyof typeof READING): string => (code === 'untrusted-root' ? untrustedRootFix(d) : incompleteChainFix(d));
  const name = d.subject === undefined ? 'the missing CA' : `'${d.subject}'`;
  return `If ${name} is ${READING[likelier]} (likelier): ${fix(likelier)} If it is ${READING[other]}: ${fix(other)}`;
}

const theProxy = (d: ProxyDetails): string => (d.proxy === undefined ? 'the proxy' : `the proxy ${d.proxy}`);
const PROXY_SETTINGS = '--proxy, HTTPS_PROXY/ALL_PROXY, or the apigeeTls.probe.proxy / http.proxy settings';
const ELSEWHERE =
  'run the same probe from the runtime\'s network (`npx apigee-tls-lint probe …` or the container image: README, "Probing from the runtime\'s network")';

/** The fix of a failure seen from the wrong network: run it where the runtime runs, then the usual fix. */
function fromElsewhere(d: VantageDetails, usual: string): string {
  if (d.vantage === undefined) return usual;
  return (
    `The probe's vantage point is not the runtime's: run the same diagnosis from the runtime's network (a VM or Cloud Shell in its VPC, a pod in its cluster): \`${d.vantage.rerun}\`, or the container image (README, "Probing from the runtime's network"), ` +
    `and open the JSON it prints here with "Apigee TLS: Open a diagnosis report…". If it fails there too: ${usual}`
  );
}

const FIXES: { [C in CauseCode]: (d: DetailsOf<C>) => string } = {
  'proxy-unreachable': (d) =>
    `The probe's network, not the backend: check the address of ${theProxy(d)} (${PROXY_SETTINGS}), or add ${d.host} to NO_PROXY (apigeeTls.probe.noProxy) if it is reachable directly.`,
  'proxy-refused': (d) =>
    `The probe's network, not the backend: give ${theProxy(d)} credentials in its URL (http://user:password@host:port) if it asks for them (407), or have its administrators allow CONNECT to ${d.host}:${d.port} (403); or add ${d.host} to NO_PROXY if it is reachable directly.`,
  'proxy-timeout': (d) =>
    `${theProxy(d).replace(/^t/, 'T')} did not answer CONNECT${d.timeoutMs === undefined ? ' in time' : ` in ${d.timeoutMs} ms`}: the proxy's fault or its upstream's (a chained proxy, its authentication service), not the backend's, which was never reached. Try again or with a longer timeout (--timeout, apigeeTls.probe.timeoutMs), ask the proxy's administrators, or add ${d.host} to NO_PROXY if it is reachable directly.`,
  'proxy-backend-unreachable': (d) =>
    `${theProxy(d).replace(/^t/, 'T')} cannot reach ${d.host}:${d.port}: check the host name and port; a private backend is reachable only from the runtime's network: ${ELSEWHERE}.`,
  'proxy-tls-inspection': (d) =>
    `Have ${theProxy(d)} exempt ${d.host} from TLS inspection (its bypass list), add ${d.host} to NO_PROXY if it is reachable directly, or ${ELSEWHERE}. Apigee's own calls do not go through this proxy.`,
  'unusable-configuration': (d) => {
    const usable = (d.accepted ?? []).filter((p) => d.profile !== 'apigeex' || p === 'TLSv1.2' || p === 'TLSv1.3');
    return usable.length > 0
      ? `Set SSLInfo <Protocols> to what both sides can use: ${usable.map((p) => `<Protocol>${p}</Protocol>`).join('')} (or remove <Protocols> to offer Apigee's defaults).`
      : d.profile === 'apigeex'
        ? 'Apigee X can use only TLSv1.2 and TLSv1.3: enable one of them on the backend, and list it in SSLInfo <Protocols> (or remove <Protocols>).'
        : 'Name JSSE protocols in SSLInfo <Protocols> (TLSv1.2, TLSv1.3), and enable one of them on the backend.';
  },
  'dns-failure': (d) => fromElsewhere(d, `Check the host name '${d.host}' in the target URL; on Apigee X, private names need DNS peering.`),
  'connection-refused': (d) =>
    fromElsewhere(
      d,
      `Check the port (${d.port}) in the target URL and that the backend is up and reachable from Apigee (firewall, allow-list of Apigee's egress addresses).`,
    ),
  timeout: (d) =>
    fromElsewhere(
      d,
      `No answer${d.timeoutMs === undefined ? '' : ` within ${d.timeoutMs} ms`}: check firewalls and allow-lists between Apigee and ${d.host}:${d.port}, and that the port is right.`,
    ),
  'connection-reset': () =>
    "The backend (or a firewall, proxy or TLS terminator in front of it) dropped Apigee's ClientHello: check its logs and TLS settings.",
  'not-tls': () => 'This port does not speak TLS: point the target URL at the TLS port, or use http:// and remove SSLInfo.',
  'sni-required': (d) =>
    d.unservedName === undefined
      ? SNI_FIX
      : `The backend has no virtual host/certificate for '${d.unservedName}': add it (server_name / SAN) or target a name it serves.`,
  'protocol-mismatch': protocolFix,
  'cipher-mismatch': (d) =>
    d.unusableSuite !== undefined
      ? `Enable a suite Java supports on the backend (e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 / TLS_AES_128_GCM_SHA256): ${d.unusableSuite}.`
      : (d.suite === undefined
          ? 'Add a suite the backend accepts to SSLInfo <Ciphers>'
          : `Add <Cipher>${d.suite}</Cipher> (the suite the backend chose when offered ${d.suiteFromJava === true ? 'every suite Java implements' : 'everything'}) to SSLInfo <Ciphers>`) +
        ", or remove <Ciphers> to offer Apigee's defaults; better, enable a modern suite such as TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 on the backend.",
  'client-certificate-required': () =>
    'Enable two-way TLS in SSLInfo: <ClientAuthEnabled>true</ClientAuthEnabled>, <KeyStore>ref://…</KeyStore> and <KeyAlias>…</KeyAlias>, with a certificate issued by a CA the backend trusts.',
  'client-certificate-rejected': () =>
    "Put a certificate the backend trusts in the keystore that SSLInfo <KeyStore>/<KeyAlias> name (issued by one of the backend's accepted client CAs), or add its issuer to the backend's trusted client CAs.",
  'untrusted-root': (d) =>
    d.otherwise === undefined ? untrustedRootFix(d) : eitherFix('untrusted-root', { ...d, otherwise: undefined }, d.otherwise),
  'incomplete-chain': (d) =>
    d.otherwise === undefined ? incompleteChainFix(d) : eitherFix('incomplete-chain', { ...d, otherwise: undefined }, d.otherwise),
  'self-signed-certificate': () => `Import the backend's certificate into ${TRUSTSTORE}, or replace it with one issued by a CA.`,
  'certificate-expired': (d) =>
    `Renew the certificate${named(d.subject)} on the backend (it expired${d.date === undefined ? '' : ` on ${d.date}`}).`,
  'not-yet-valid': (d) =>
    `${d.subject === undefined ? 'The certificate' : `The certificate '${d.subject}'`} is not valid yet${d.date === undefined ? '' : ` (only from ${d.date})`}: check the backend's clock, or install a certificate valid now.`,
  'hostname-mismatch': (d) =>
    `Call the backend by a name its certificate carries${d.names === undefined ? '' : ` (${d.names})`}, or reissue the certificate for '${d.host}'. IgnoreValidationErrors cannot hide a name mismatch on an SNI backend.`,
  'handshake-aborted': () =>
    'The capture cannot show why (TLS 1.3 encrypts the certificates and the alert): run `apigee-tls-lint probe` against the backend from a host that reaches it, or capture a TLS 1.2 handshake, or read this one with the key log of the client (SSLKEYLOGFILE, `capture --keylog`) to see the certificate and the alert.',
  'client-certificate-unknown': (d) =>
    `Check by hand whether the backend requires a client certificate: \`openssl s_client -connect ${d.host}:${d.port} -cipher 'DEFAULT@SECLEVEL=0'\` without -cert ends in an alert if it does. If so, enable two-way TLS in SSLInfo: <ClientAuthEnabled>true</ClientAuthEnabled>, <KeyStore>ref://…</KeyStore> and <KeyAlias>…</KeyAlias>.`,
  'sni-dependent': () => `Fine for Apigee X. ${SNI_FIX}`,
  'obsolete-protocol-accepted': () => 'Disable TLS 1.0 and 1.1 on the backend (RFC 8996); Apigee uses TLSv1.2 or later.',
  'certificate-expires-soon': (d) =>
    `Renew ${certificate(d.subject)}${d.date === undefined ? '' : ` before ${d.date}`}, and update ${TRUSTSTORE} if it pins this certificate.`,
  'weak-signature': (d) =>
    `Reissue ${certificate(d.subject)} with a SHA-256 signature: Java (and so Apigee) rejects SHA-1 signed chains (jdk.certpath.disabledAlgorithms).`,
  'weak-key': (d) => `Reissue ${certificate(d.subject)} with an RSA key of 2048 bits or more, or an ECDSA P-256 key.`,
};

export function isWarningCode(code: CauseCode): code is WarningCode {
  return (WARNING_CODES as readonly string[]).includes(code);
}

/** A cause with its fix; certificate errors become warnings when SSLInfo makes Apigee ignore them. */
export function makeCause<C extends CauseCode>(code: C, message: string, details: DetailsOf<C>, policy?: CertificatePolicy): Cause {
  const fix = FIXES[code](details);
  if (isWarningCode(code)) return { code, severity: 'warning', message, fix };
  if (policy !== undefined && CERTIFICATE_CODES.includes(code)) {
    const suffix = ` ${policy.fatal ? 'Fatal' : 'Not fatal'} for Apigee here: ${policy.reason}.`;
    return { code, severity: policy.fatal ? 'error' : 'warning', message: message + suffix, fix };
  }
  return { code, severity: 'error', message, fix };
}

const ORDER: readonly CauseCode[] = [...ERROR_CODES, ...WARNING_CODES];

/** Errors first, then warnings, each in root-cause order. */
export function sortCauses(causes: Cause[]): Cause[] {
  const rank = (c: Cause): number => (c.severity === 'error' ? 0 : 1000) + ORDER.indexOf(c.code);
  return [...causes].sort((a, b) => rank(a) - rank(b));
}
