// A complete handshake with Node's TLS library, for what raw hellos cannot learn: whether a requested client
// certificate is required (TLS 1.3 says so only after the handshake) and whether the server accepts ours.
// Certificates are not verified here (chain.ts does that); nothing is written after the handshake.
import * as tls from 'node:tls';
import { alertFromErrorCode } from '../tls/alerts';
import type { HandshakeOutcome } from '../diagnosis/evidence';
import type { ClientCertificate } from './types';
import { HeldConnection } from './held-connection';
import { fromSocketError, settleOnce, socketFailure, TIMED_OUT, type Endpoint, type Limits } from './socket-failure';
import { sortProtocols, type TlsProtocol } from '../tls/versions';

export interface HandshakeOptions {
  protocols: readonly TlsProtocol[];
  sni: string | null;
  /** Omitted: the client answers a CertificateRequest with no certificate. */
  clientCertificate?: ClientCertificate | undefined;
  /**
   * Whether to go on, asked once the connection is open and its ClientHello sent; the server's answer waits for the
   * decision (see HeldConnection). false: the connection closes, the outcome is `aborted`. Omitted: go on.
   */
  proceed?: ((connection: HeldConnection) => Promise<boolean>) | undefined;
}

export type { HandshakeOutcome } from '../diagnosis/evidence';

/**
 * How long to wait for the server's answer to our TLS 1.3 Finished when it sends no session ticket: the answer
 * comes one round trip later, so twice the round trip measured in this handshake (ClientHello to the server's
 * flight, which includes the server's own work), within these bounds.
 */
const POST_HANDSHAKE_GRACE_MS = { min: 50, max: 1000, roundTrips: 2 };

export function postHandshakeGraceMs(roundTripMs: number): number {
  const { min, max, roundTrips } = POST_HANDSHAKE_GRACE_MS;
  return Math.min(max, Math.max(min, roundTrips * roundTripMs));
}

export function fullHandshake(endpoint: Endpoint, options: HandshakeOptions, limits: Limits): Promise<HandshakeOutcome> {
  const versions = sortProtocols(options.protocols);
  let socket: tls.TLSSocket | undefined;
  let connection: HeldConnection | undefined;
  return settleOnce<HandshakeOutcome>(
    limits,
    () => {
      socket?.destroy();
      connection?.destroy();
    },
    (finish) => {
      let completed: HandshakeOutcome | undefined;
      const startedAt = Date.now();
      const held = new HeldConnection(endpoint, finish);
      connection = held;
      try {
        socket = connect(held, options, versions);
      } catch (error) {
        // A certificate or key the TLS library will not load (the CLI checks them; other callers may not).
        return finish({ kind: 'local-error', detail: error instanceof Error ? error.message : String(error) });
      }
      const proceed = options.proceed ?? (() => Promise.resolve(true));
      proceed(held).then(
        (go) => (go ? held.release() : finish(socketFailure('aborted', 'the handshake was not needed'))),
        (error: unknown) => finish(socketFailure('aborted', String(error))),
      );
      socket.on('secureConnect', () => {
        const s = socket!;
        completed = {
          kind: 'completed',
          protocol: s.getProtocol() ?? 'unknown',
          cipher: s.getCipher().standardName,
          certificates: peerChain(s.getPeerCertificate(true)),
        };
        // TLS 1.3: the server judges our certificate after our Finished and answers with a session ticket or an
        // alert, one round trip later. TLS 1.2: the verdict is already in.
        if (s.getProtocol() !== 'TLSv1.3') finish(completed);
        else setTimeout(() => finish(completed!), postHandshakeGraceMs(held.roundTripMs ?? Date.now() - startedAt)).unref();
      });
      socket.on('session', () => finish(completed ?? socketFailure('connection-reset', 'session before handshake')));
      socket.on('error', (error: NodeJS.ErrnoException) => {
        const alert = alertFromErrorCode(error.code);
        const certificates = completed?.kind === 'completed' ? completed.certificates : null;
        if (alert !== undefined) finish({ kind: 'alert', alert, afterHandshake: certificates !== null, certificates });
        else if (completed === undefined && error.code?.startsWith('ERR_SSL')) finish({ kind: 'local-error', detail: error.message });
        else finish(completed ?? fromSocketError(error));
      });
      socket.on('close', () =>
        finish(completed ?? socketFailure('connection-reset', 'the server closed the connection during the handshake')),
      );
    },
    () => connection?.waitingOn() ?? TIMED_OUT,
  );
}

/**
 * The only trust anchor of the full handshake: a throwaway self-signed certificate whose key was discarded
 * (`openssl req -x509 -newkey ec -keyout /dev/null`). With the default `ca`, Node completes the peer chain from its
 * bundled roots and NODE_EXTRA_CA_CERTS, adding certificates the server never sent; with this one it has nothing
 * to add. Certificates are judged against the user's trust anchors elsewhere (diagnosis/chain.ts).
 */
const TRUSTS_NOTHING = `-----BEGIN CERTIFICATE-----
MIIB3TCCAYOgAwIBAgIUWbvr2IfvUSchrL3J3yGW1jCEu0cwCgYIKoZIzj0EAwIw
QzFBMD8GA1UEAww4YXBpZ2VlLXRscy1saW50IHByb2JlOiBhIHRydXN0IHN0b3Jl
IHRoYXQgdHJ1c3RzIG5vdGhpbmcwIBcNMjYxMjAxMjMyODQ1WhgPMjEyNjExMDcy
MzI4NDVaMEMxQTA/BgNVBAMMOGFwaWdlZS10bHMtbGludCBwcm9iZTogYSB0cnVz
dCBzdG9yZSB0aGF0IHRydXN0cyBub3RoaW5nMFkwEwYHKoZIzj0CAQYIKoZIzj0D
AQcDQgAEU3446Vn5MW1wiMceGN6MynSAclJG78H3LzdbLEODmCmcB664VK15S8dl
YWw6wyq3R2UOiPFjdOabsM4aUYIe5aNTMFEwHQYDVR0OBBYEFChXZOoZAq5tAwhP
mHDndyOHMe6/MB8GA1UdIwQYMBaAFChXZOoZAq5tAwhPmHDndyOHMe6/MA8GA1Ud
EwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhAKj6Rb/nbkFRDTEWj8ioHapd
+jFq9DhXLBDZxfhfox9aAiBgBQmKZYb/CzzzkyG230ZQftHsJApdKJTyLcKu7ccS
Rw==
-----END CERTIFICATE-----
`;

/**
 * OpenSSL 3 refuses TLS 1.0/1.1 (their SHA-1 signatures) at its default security level; Java on Edge does not.
 * BoringSSL (Electron) has no security levels and rejects the string: then the default stays, and a refused
 * handshake is reported as such (client-certificate-unknown), never taken for a verdict.
 */
const LEGACY_CIPHERS = ((): string | undefined => {
  const ciphers = 'DEFAULT@SECLEVEL=0';
  try {
    tls.createSecureContext({ ciphers });
    return ciphers;
  } catch {
    return undefined;
  }
})();

/**
 * The TLS context of a handshake. Without a client certificate it depends only on the versions, so it is made once
 * and reused: building one (parsing the throwaway CA, setting the ciphers) costs more than the rest of a probe's work.
 */
const sharedContexts = new Map<string, tls.SecureContext>();

function contextFor(versions: TlsProtocol[], clientCertificate: HandshakeOptions['clientCertificate']): tls.SecureContext {
  const legacy = versions[0] === 'TLSv1' || versions[0] === 'TLSv1.1';
  const options: tls.SecureContextOptions = {
    minVersion: versions[0] as tls.SecureVersion,
    maxVersion: versions.at(-1) as tls.SecureVersion,
    ca: TRUSTS_NOTHING,
    ...(legacy && LEGACY_CIPHERS !== undefined ? { ciphers: LEGACY_CIPHERS } : {}),
  };
  if (clientCertificate !== undefined) return tls.createSecureContext({ ...options, ...keyPair(clientCertificate) });
  const key = versions.join(',');
  let context = sharedContexts.get(key);
  if (context === undefined) {
    context = tls.createSecureContext(options);
    sharedContexts.set(key, context);
  }
  return context;
}

/**
 * The one place a private key becomes text: Node's TLS (20) takes a key as PEM only (a KeyObject is refused as
 * "must be of type string or an instance of Buffer", a DER Buffer fails in OpenSSL's PEM decoder), so it is exported
 * here, at dial time, for the TLS library alone; nothing keeps the text.
 */
function keyPair(certificate: ClientCertificate): { cert: string; key: string } {
  return { cert: certificate.cert, key: certificate.key.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

function connect(connection: HeldConnection, options: HandshakeOptions, versions: TlsProtocol[]): tls.TLSSocket {
  return tls.connect({
    socket: connection,
    ...(options.sni === null ? {} : { servername: options.sni }),
    secureContext: contextFor(versions, options.clientCertificate),
    rejectUnauthorized: false,
  });
}

/** The chain as sent (see TRUSTS_NOTHING), from Node's linked issuerCertificate objects (the last links to itself). */
function peerChain(leaf: tls.DetailedPeerCertificate): Buffer[] {
  const chain: Buffer[] = [];
  for (let c: tls.DetailedPeerCertificate | undefined = leaf; c?.raw !== undefined; c = c.issuerCertificate) {
    if (chain.some((d) => d.equals(c!.raw))) break;
    chain.push(c.raw);
  }
  return chain;
}
