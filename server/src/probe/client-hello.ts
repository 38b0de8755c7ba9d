// Encodes the ClientHello the probe writes itself, so that handshake verdicts come from the server's answer and
// not from the local TLS library (OpenSSL in Node, BoringSSL in Electron).
import { u16, u16List, u8, vec } from '../tls/wire/bytes';
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
}

// Everything a server might sign with, strongest first; SHA-1 last so old servers still answer.
const SIGNATURE_SCHEMES = [
  0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b, 0x0401, 0x0501, 0x0601, 0x0402, 0x0203, 0x0201,
  0x0202,
];

const EXT = {
  serverName: 0,
  supportedGroups: 10,
  ecPointFormats: 11,
  signatureAlgorithms: 13,
  supportedVersions: 43,
  cookie: 44,
  pskModes: 45,
  keyShare: 51,
};

function extension(type: number, body: Buffer): Buffer {
  return Buffer.concat([u16(type), vec(2, body)]);
}

function extensions(spec: ClientHelloSpec, offersTls13: boolean, newestFirst: TlsProtocol[]): Buffer[] {
  const list: Buffer[] = [];
  if (spec.sni !== null) {
    list.push(extension(EXT.serverName, vec(2, u8(0), vec(2, Buffer.from(spec.sni, 'ascii')))));
  }
  list.push(extension(EXT.supportedGroups, vec(2, u16List(Object.values(GROUPS)))));
  list.push(extension(EXT.ecPointFormats, vec(1, u8(0))));
  list.push(extension(EXT.signatureAlgorithms, vec(2, u16List(SIGNATURE_SCHEMES))));
  if (offersTls13) {
    list.push(extension(EXT.supportedVersions, vec(1, u16List(newestFirst.map(wireVersion)))));
    list.push(extension(EXT.pskModes, vec(1, u8(1))));
    const shares = spec.keyShares.map((s) => Buffer.concat([u16(s.group), vec(2, s.publicKey)]));
    list.push(extension(EXT.keyShare, vec(2, ...shares)));
    if (spec.cookie !== undefined) list.push(extension(EXT.cookie, vec(2, spec.cookie)));
  }
  return list;
}

/** The handshake message (type, length, body): what the TLS 1.3 transcript hashes. */
export function clientHelloMessage(spec: ClientHelloSpec): Buffer {
  const newestFirst = sortProtocols(spec.protocols).reverse();
  const newest = newestFirst[0];
  if (newest === undefined) throw new Error('a ClientHello needs at least one protocol version');
  const offersTls13 = newest === 'TLSv1.3';
  const body = Buffer.concat([
    u16(offersTls13 ? 0x0303 : wireVersion(newest)),
    spec.random,
    vec(1, spec.sessionId),
    vec(2, u16List(spec.suites)),
    vec(1, u8(0)),
    vec(2, ...extensions(spec, offersTls13, newestFirst)),
  ]);
  return Buffer.concat([u8(1), vec(3, body)]);
}

/** A record carries at most 2^14 bytes (RFC 8446 §5.1); a hello echoing a long cookie needs more than one. */
const MAX_FRAGMENT = 16384;

/** The ClientHello as handshake records, ready to write. */
export function clientHelloRecord(message: Buffer): Buffer {
  const records: Buffer[] = [];
  for (let at = 0; at < message.length; at += MAX_FRAGMENT) {
    // Record version 0x0301: what browsers and Java send, accepted by every server version.
    records.push(Buffer.concat([u8(22), u16(0x0301), vec(2, message.subarray(at, at + MAX_FRAGMENT))]));
  }
  return Buffer.concat(records);
}
