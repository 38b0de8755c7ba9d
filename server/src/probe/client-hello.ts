// Encodes the ClientHello the probe writes itself, so that handshake verdicts come from the server's answer and
// not from the local TLS library (OpenSSL in Node, BoringSSL in Electron).
import { ByteWriter } from '../tls/wire/bytes';
import { sortProtocols, wireVersion, type TlsProtocol } from '../tls/versions';
import { GROUPS, type KeyShareEntry } from '../tls/registry';

export interface ClientHelloSpec {
  /** Offered versions; TLS 1.3 is offered through supported_versions, older ones through client_version. */
  protocols: readonly TlsProtocol[];
  suites: readonly number[];
  /** host_name to send, or null for no server_name extension. Never an IP address. */
  sni: string | null;
  random: Buffer;
  /** 32 bytes when TLS 1.3 is offered (middlebox compatibility), else empty. */
  sessionId: Buffer;
  /** Used only when TLS 1.3 is offered. */
  keyShares: readonly KeyShareEntry[];
  /** A HelloRetryRequest's cookie, echoed in the second ClientHello (RFC 8446 §4.2.2). */
  cookie?: Buffer | undefined;
  /**
   * A simulated client's own extensions (probe/clients): omitted, the probe's fixed ones (every group, every
   * signature scheme). Given, exactly these, in this order.
   */
  client?: ClientExtensions | undefined;
}

/** The extensions of a real client that change a server's choice (groups, signatures, ALPN, EMS, renegotiation). */
export interface ClientExtensions {
  /** supported_groups (and ec_point_formats with them); empty: neither is sent (a client without ECC). */
  groups: readonly number[];
  /** signature_algorithms; sent only when TLS 1.2 or later is offered (RFC 5246 §7.4.1.4.1). */
  signatureSchemes: readonly number[];
  alpn: readonly string[];
  extendedMasterSecret: boolean;
  renegotiationInfo: boolean;
  /** client_version of a hello whose newest version is SSL 3.0 (not a TlsProtocol the probe otherwise speaks). */
  legacyVersion?: number | undefined;
}

// Everything a server might sign with, strongest first; SHA-1 last so old servers still answer.
export const SIGNATURE_SCHEMES = [
  0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b, 0x0401, 0x0501, 0x0601, 0x0402, 0x0203, 0x0201,
  0x0202,
];

const EXT = {
  serverName: 0,
  supportedGroups: 10,
  ecPointFormats: 11,
  signatureAlgorithms: 13,
  alpn: 16,
  extendedMasterSecret: 23,
  renegotiationInfo: 0xff01,
  supportedVersions: 43,
  cookie: 44,
  pskModes: 45,
  keyShare: 51,
};

function extension(w: ByteWriter, type: number, body: () => void): void {
  w.u16(type);
  w.vec(2, body);
}

/** supported_groups, ec_point_formats and signature_algorithms: the same in every hello, so encoded once. */
const FIXED_EXTENSIONS = ((): Buffer => {
  const w = new ByteWriter();
  extension(w, EXT.supportedGroups, () => w.vec(2, () => w.u16s(Object.values(GROUPS))));
  extension(w, EXT.ecPointFormats, () => w.vec(1, () => w.u8(0)));
  extension(w, EXT.signatureAlgorithms, () => w.vec(2, () => w.u16s(SIGNATURE_SCHEMES)));
  return Buffer.from(w.finish());
})();

function clientExtensions(w: ByteWriter, client: ClientExtensions, tls12: boolean): void {
  if (client.groups.length > 0) {
    extension(w, EXT.supportedGroups, () => w.vec(2, () => w.u16s(client.groups)));
    extension(w, EXT.ecPointFormats, () => w.vec(1, () => w.u8(0)));
  }
  if (tls12 && client.signatureSchemes.length > 0) {
    extension(w, EXT.signatureAlgorithms, () => w.vec(2, () => w.u16s(client.signatureSchemes)));
  }
  if (client.alpn.length > 0) {
    extension(w, EXT.alpn, () => w.vec(2, () => client.alpn.forEach((p) => w.vec(1, () => w.bytes(Buffer.from(p, 'ascii'))))));
  }
  if (client.extendedMasterSecret) extension(w, EXT.extendedMasterSecret, () => undefined);
  if (client.renegotiationInfo) extension(w, EXT.renegotiationInfo, () => w.vec(1, () => undefined));
}

function extensions(w: ByteWriter, spec: ClientHelloSpec, offersTls13: boolean, newestFirst: TlsProtocol[]): void {
  const sni = spec.sni;
  if (sni !== null) {
    extension(w, EXT.serverName, () => w.vec(2, () => (w.u8(0), w.vec(2, () => w.bytes(Buffer.from(sni, 'ascii'))))));
  }
  if (spec.client === undefined) w.bytes(FIXED_EXTENSIONS);
  else clientExtensions(w, spec.client, newestFirst.includes('TLSv1.3') || newestFirst.includes('TLSv1.2'));
  if (offersTls13) {
    extension(w, EXT.supportedVersions, () => w.vec(1, () => w.u16s(newestFirst.map(wireVersion))));
    extension(w, EXT.pskModes, () => w.vec(1, () => w.u8(1)));
    extension(w, EXT.keyShare, () =>
      w.vec(2, () => {
        for (const share of spec.keyShares) {
          w.u16(share.group);
          w.vec(2, () => w.bytes(share.publicKey));
        }
      }),
    );
    const cookie = spec.cookie;
    if (cookie !== undefined) extension(w, EXT.cookie, () => w.vec(2, () => w.bytes(cookie)));
  }
}

/** The handshake message (type, length, body): what the TLS 1.3 transcript hashes. */
export function clientHelloMessage(spec: ClientHelloSpec): Buffer {
  const newestFirst = sortProtocols(spec.protocols).reverse();
  const newest = newestFirst[0];
  const legacy = spec.client?.legacyVersion;
  if (newest === undefined && legacy === undefined) throw new Error('a ClientHello needs at least one protocol version');
  const offersTls13 = newest === 'TLSv1.3';
  const w = new ByteWriter(512 + 2 * spec.suites.length + (spec.sni?.length ?? 0) + (spec.cookie?.length ?? 0));
  w.u8(1);
  w.vec(3, () => {
    w.u16(offersTls13 ? 0x0303 : newest === undefined ? legacy! : wireVersion(newest));
    w.bytes(spec.random);
    w.vec(1, () => w.bytes(spec.sessionId));
    w.vec(2, () => w.u16s(spec.suites));
    w.vec(1, () => w.u8(0));
    w.vec(2, () => extensions(w, spec, offersTls13, newestFirst));
  });
  return w.finish();
}

/** A record carries at most 2^14 bytes (RFC 8446 §5.1); a hello echoing a long cookie needs more than one. */
const MAX_FRAGMENT = 16384;

/** The ClientHello as handshake records, ready to write. */
export function clientHelloRecord(message: Buffer): Buffer {
  const w = new ByteWriter(message.length + 5 * Math.ceil(message.length / MAX_FRAGMENT));
  for (let at = 0; at < message.length; at += MAX_FRAGMENT) {
    // Record version 0x0301: what browsers and Java send, accepted by every server version.
    w.u8(22);
    w.u16(0x0301);
    w.vec(2, () => w.bytes(message.subarray(at, at + MAX_FRAGMENT)));
  }
  return w.finish();
}
