// Reading a ClientHello as a server (or a capture) sees it: versions, suites, SNI, groups and signature schemes.
// Bounds-checked: anything that does not parse throws MalformedError. Java with SSLv2Hello enabled sends the
// SSLv2-format hello (RFC 5246 Appendix E.2), read here too.
import { ByteReader, MalformedError } from './bytes';

export interface ParsedClientHello {
  /** `legacy_version` (TLS 1.2 and earlier: the highest version offered). */
  clientVersion: number;
  /** From supported_versions, highest first as sent; null when the extension is absent. */
  supportedVersions: number[] | null;
  suites: number[];
  /** host_name of server_name, or null. */
  sni: string | null;
  groups: number[];
  keyShareGroups: number[];
  signatureSchemes: number[];
  extensionTypes: number[];
  /** The hello came in the SSLv2 record format. */
  sslv2Format: boolean;
  /** The 32-byte client random (absent from an SSLv2-format hello): what a key log names a handshake by. */
  random?: Buffer | undefined;
}

const EXT = { serverName: 0, supportedGroups: 10, signatureAlgorithms: 13, supportedVersions: 43, keyShare: 51 } as const;
/** RFC 8701 GREASE values (0x?a?a) carry no meaning and are left out. */
const isGrease = (n: number): boolean => (n & 0x0f0f) === 0x0a0a && n >> 8 === (n & 0xff);

function u16s(data: Buffer): number[] {
  if (data.length % 2 !== 0) throw new MalformedError('odd-length list of 16-bit values');
  return Array.from({ length: data.length / 2 }, (_, i) => data.readUInt16BE(i * 2)).filter((n) => !isGrease(n));
}

/** The body of a ClientHello handshake message (after its 4-byte header). */
export function parseClientHello(body: Buffer): ParsedClientHello {
  const r = new ByteReader(body);
  const clientVersion = r.u16();
  const random = r.bytes(32);
  r.vec(1);
  const suites = u16s(r.vec(2));
  r.vec(1);
  const hello: ParsedClientHello = { ...bareHello(clientVersion, suites, false), random };
  if (r.remaining === 0) return hello;
  const exts = new ByteReader(r.vec(2));
  while (exts.remaining > 0) {
    const type = exts.u16();
    const data = exts.vec(2);
    if (!isGrease(type)) hello.extensionTypes.push(type);
    readExtension(hello, type, new ByteReader(data));
  }
  return hello;
}

function readExtension(hello: ParsedClientHello, type: number, data: ByteReader): void {
  switch (type) {
    case EXT.serverName: {
      const list = new ByteReader(data.vec(2));
      while (list.remaining > 0) {
        const kind = list.u8();
        const name = list.vec(2);
        if (kind === 0) hello.sni = name.toString('latin1');
      }
      return;
    }
    case EXT.supportedGroups:
      hello.groups = u16s(data.vec(2));
      return;
    case EXT.signatureAlgorithms:
      hello.signatureSchemes = u16s(data.vec(2));
      return;
    case EXT.supportedVersions:
      hello.supportedVersions = u16s(data.vec(1));
      return;
    case EXT.keyShare: {
      const shares = new ByteReader(data.vec(2));
      while (shares.remaining > 0) {
        const group = shares.u16();
        shares.vec(2);
        if (!isGrease(group)) hello.keyShareGroups.push(group);
      }
      return;
    }
  }
}

/** An SSLv2-format ClientHello: header, then msg_type 1, version, and cipher specs of three bytes each. */
export function parseSslv2Hello(bytes: Buffer): ParsedClientHello {
  const r = new ByteReader(bytes);
  const length = r.u16() & 0x7fff;
  const msg = new ByteReader(r.bytes(length));
  if (msg.u8() !== 1) throw new MalformedError('an SSLv2 record that is not a ClientHello');
  const clientVersion = msg.u16();
  const specLength = msg.u16();
  const sessionLength = msg.u16();
  const challengeLength = msg.u16();
  const specs = msg.bytes(specLength);
  msg.bytes(sessionLength);
  msg.bytes(challengeLength);
  if (specLength % 3 !== 0) throw new MalformedError('SSLv2 cipher specs are not three bytes each');
  const suites: number[] = [];
  // Specs whose first byte is 0 are TLS suites; the others are SSLv2's own ciphers.
  for (let i = 0; i < specs.length; i += 3) if (specs[i] === 0) suites.push(specs.readUInt16BE(i + 1));
  return bareHello(clientVersion, suites, true);
}

/** A hello with no extensions (yet). */
function bareHello(clientVersion: number, suites: number[], sslv2Format: boolean): ParsedClientHello {
  return {
    clientVersion,
    supportedVersions: null,
    suites,
    sni: null,
    groups: [],
    keyShareGroups: [],
    signatureSchemes: [],
    extensionTypes: [],
    sslv2Format,
  };
}
