// What a handshake showed, as data. The live probe gathers it with its own hellos; a capture reader extracts it from
// packets. judge.ts alone turns it into causes, messages and fixes, so both give the same verdict for the same facts.
import type { CertificatePolicy } from './causes';
import type { TrustStore } from './trust';
import { offeredSuiteCodes } from '../tls/java';
import type { Profile } from '../tls/profile';
import type { TlsProtocol } from '../tls/versions';
import type { FlightOutcome } from '../tls/wire/server-flight';

export type SocketFailureCode =
  | 'dns-failure'
  | 'connection-refused'
  | 'connection-reset'
  | 'timeout'
  | 'not-tls'
  | 'aborted'
  /**
   * The HTTP proxy the probe tunnels through: not reached, refused CONNECT (4xx), did not answer CONNECT before the
   * deadline, could not reach the backend (5xx).
   */
  | 'proxy-unreachable'
  | 'proxy-refused'
  | 'proxy-timeout'
  | 'proxy-backend-unreachable';

/** What went wrong below TLS (or with bytes that are not TLS). */
export interface SocketFailure {
  kind: 'failed';
  failure: SocketFailureCode;
  detail: string;
}

export function socketFailure(failure: SocketFailureCode, detail: string): SocketFailure {
  return { kind: 'failed', failure, detail };
}

/** The server's answer to one ClientHello: its first flight (version, suite, certificates as sent), an alert, or a failure. */
export type HelloOutcome = FlightOutcome | SocketFailure;

/** A handshake carried to its end (client-certificate questions). */
export type HandshakeOutcome =
  /** `certificates`: the chain as the server sent it (DER, leaf first). */
  | { kind: 'completed'; protocol: string; cipher: string; certificates: Buffer[] }
  /** The server's alert; `afterHandshake`: TLS 1.3 servers judge a client certificate after the client's Finished. */
  | { kind: 'alert'; alert: number; afterHandshake: boolean; certificates: Buffer[] | null }
  /** The local TLS library gave up on its own (e.g. a legacy signature it refuses): no verdict on the server. */
  | { kind: 'local-error'; detail: string }
  | SocketFailure;

/** What Apigee offers and enforces for this connection (from SSLInfo and the profile). */
export interface ConnectionPlan {
  host: string;
  port: number;
  /** The server_name Apigee sends, or null (Edge message processors with SNI off; IP hosts). */
  sni: string | null;
  protocols: TlsProtocol[];
  /** IANA names as configured; those Java does not implement are never offered. */
  ciphers: string[];
  /** SSLInfo <CommonName>. */
  expectedCommonName?: { name: string; wildcardMatch: boolean } | undefined;
  certificatePolicy: CertificatePolicy;
  profile: Profile;
  /** SSLInfo enables two-way TLS. */
  clientAuthEnabled?: boolean | undefined;
  /**
   * The configuration gives Apigee nothing it can offer (e.g. only TLSv1.0 in <Protocols> on Apigee X): the call
   * cannot be made as configured. The plan then offers the profile's defaults, to show what the backend accepts.
   */
  unusable?: { reason: string } | undefined;
  /** The suite code points really offered, when seen (a capture); default: the `ciphers` Java implements. */
  offeredSuites?: readonly number[] | undefined;
  /**
   * The command that runs this same diagnosis from another machine (the runtime's network), for a failure that may
   * be the probe's vantage point (diagnosis/vantage.ts); default: `npx apigee-tls-lint probe https://host:port`.
   */
  rerun?: string | undefined;
}

export interface ClientCertificateTrials {
  /** A client certificate was configured but SSLInfo does not enable two-way TLS: not presented. */
  configuredButNotEnabled: boolean;
  /** The handshake answering the CertificateRequest with no certificate. */
  withoutCertificate: HandshakeOutcome;
  /** The handshake presenting the configured certificate (only when two-way TLS is enabled and one is configured). */
  withCertificate?: HandshakeOutcome | undefined;
}

/** Captured only: what happened after the server's answer, as far as it is visible in clear. */
export interface CapturedExchange {
  /** Alerts after the server's first answer, in order, with their sender; encrypted ones have no level or description. */
  alerts: { from: 'client' | 'server'; level: 'warning' | 'fatal' | null; description: number | null }[];
  /** The client's answer to a CertificateRequest (TLS ≤ 1.2); null when not visible. */
  clientCertificate: 'none' | 'empty' | 'sent' | null;
  /** TLS 1.3: the server's certificates, its CertificateRequest and later alerts are encrypted. */
  encrypted: boolean;
  /** Both sides went on to encrypted traffic and no fatal alert followed: the handshake completed. */
  completed: boolean;
  /** The client closed or reset the connection before it finished the handshake (its refusal, with or without an alert). */
  clientClosedEarly?: boolean;
}

export interface HandshakeEvidence {
  plan: ConnectionPlan;
  /** The address connected to, when it differs from the host (resolved, or an override). */
  address?: string | undefined;
  /** Failure before any hello was sent (DNS). */
  unreachable?: SocketFailure | undefined;
  /** The answer to exactly what Apigee offers. Absent only when unreachable. */
  offer?: HelloOutcome | undefined;
  /** Probe experiments: each version alone with every known suite (absent in a capture). */
  versions?: Record<TlsProtocol, HelloOutcome> | undefined;
  /** The offer's versions and SNI with every suite Java implements for the profile: the suite to add to <Ciphers>
   *  (absent in a capture, and when the offer already holds them all). */
  javaSuites?: HelloOutcome | undefined;
  /** The offer with the other SNI choice (none when Apigee sends SNI, the host name when it does not). */
  alternateSni?: { sni: string | null; outcome: HelloOutcome } | undefined;
  /** Captured only: the rest of the exchange (client alerts, the client's Certificate). */
  captured?: CapturedExchange | undefined;
  /** Full handshakes answering a CertificateRequest. */
  clientCertificate?: ClientCertificateTrials | undefined;
  /**
   * The HTTP proxy every connection tunnelled through (its URL, never its credentials), and the answer to a
   * ClientHello for a made-up name through it: a certificate for that name is the proxy's own (TLS inspection).
   */
  proxy?: { url: string; canary?: { sni: string; outcome: HelloOutcome } | undefined } | undefined;
  /** Trust anchors the chain is judged against. */
  trust: TrustStore;
  /** When the evidence was taken: certificate validity is judged at this instant. */
  takenAt: Date;
  elapsedMs: number;
  /** The probe's time limit, for the timeout cause's fix. */
  timeoutMs?: number | undefined;
}

/** The suite code points the client offered: as seen, or what Apigee offers of the configured names. */
export function offeredSuitesOf(plan: ConnectionPlan): readonly number[] {
  return plan.offeredSuites ?? offeredSuiteCodes(plan.profile, plan.ciphers);
}
