// The server's other choices, read from the first flight: the (EC)DHE parameters of a TLS ≤ 1.2 ServerKeyExchange
// and the signature over them (RFC 5246 §7.4.3, RFC 8422 §5.4), and the acceptable CA names of a CertificateRequest
// (RFC 5246 §7.4.4, RFC 8446 §4.3.2). Pure: bytes in, facts out; anything that does not parse is MalformedError.
import { ByteReader, MalformedError } from './bytes';
import { nameText } from './der';

export type KeyExchangeParams =
  | { kind: 'ecdhe'; group: number; signatureScheme: number | undefined }
  | { kind: 'dhe'; bits: number; signatureScheme: number | undefined };

const NAMED_CURVE = 3;
const TLS12 = 0x0303;

/** Significant bits of a big-endian unsigned integer (a DH prime). */
function bitLength(n: Buffer): number {
  let at = 0;
  while (at < n.length && n[at] === 0) at++;
  if (at === n.length) return 0;
  return (n.length - at - 1) * 8 + (32 - Math.clz32(n[at]!));
}

/**
 * `kind` comes from the negotiated suite. The signature scheme is explicit from TLS 1.2 on; before, it is implied
 * (MD5+SHA-1 for RSA, SHA-1 for ECDSA), reported as undefined.
 */
export function parseServerKeyExchange(body: Buffer, kind: 'ecdhe' | 'dhe', version: number): KeyExchangeParams {
  const r = new ByteReader(body);
  const scheme = (): number | undefined => (version >= TLS12 && r.remaining >= 2 ? r.u16() : undefined);
  if (kind === 'ecdhe') {
    const curveType = r.u8();
    if (curveType !== NAMED_CURVE) throw new MalformedError(`ECDHE parameters of curve type ${curveType}, not a named curve`);
    const group = r.u16();
    r.vec(1);
    return { kind, group, signatureScheme: scheme() };
  }
  const p = r.vec(2);
  r.vec(2);
  r.vec(2);
  return { kind, bits: bitLength(p), signatureScheme: scheme() };
}

const EXT_CERTIFICATE_AUTHORITIES = 47;
const TLS13 = 0x0304;

/** The contents of a DER SEQUENCE (a Name), for nameText. */
function sequenceContents(der: Buffer): Buffer {
  const r = new ByteReader(der);
  if (r.u8() !== 0x30) throw new MalformedError('a distinguished name that is not a DER SEQUENCE');
  const first = r.u8();
  const length = first < 0x80 ? first : r.bytes(first & 0x7f).readUIntBE(0, first & 0x7f);
  return r.bytes(length);
}

function names(list: Buffer): string[] {
  const r = new ByteReader(list);
  const out: string[] = [];
  while (r.remaining > 0) out.push(nameText(sequenceContents(r.vec(2))));
  return out;
}

/** The distinguished names of the CAs whose client certificates the server accepts (empty: any, or none said). */
export function certificateRequestAuthorities(body: Buffer, version: number): string[] {
  const r = new ByteReader(body);
  if (version === TLS13) {
    r.vec(1);
    const exts = new ByteReader(r.vec(2));
    while (exts.remaining > 0) {
      const type = exts.u16();
      const data = exts.vec(2);
      if (type === EXT_CERTIFICATE_AUTHORITIES) return names(new ByteReader(data).vec(2));
    }
    return [];
  }
  r.vec(1);
  if (version >= TLS12) r.vec(2);
  return names(r.vec(2));
}
