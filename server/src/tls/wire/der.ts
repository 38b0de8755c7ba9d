// The one field crypto.X509Certificate does not expose in Node 20: the certificate's signature algorithm.
import { ByteReader, MalformedError } from './bytes';

function readTlv(r: ByteReader): { tag: number; value: Buffer } {
  const tag = r.u8();
  let length = r.u8();
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new MalformedError('unsupported DER length');
    length = r.bytes(count).readUIntBE(0, count);
  }
  return { tag, value: r.bytes(length) };
}

function decodeOid(bytes: Buffer): string {
  const parts = [Math.floor(bytes[0]! / 40), bytes[0]! % 40];
  let value = 0;
  for (const byte of bytes.subarray(1)) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

const SIGNATURE_ALGORITHMS: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.10040.4.3': 'dsa-with-SHA1',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
};

/** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm AlgorithmIdentifier, signature }. */
export function signatureAlgorithm(der: Buffer): string {
  const certificate = new ByteReader(readTlv(new ByteReader(der)).value);
  readTlv(certificate);
  const algorithm = new ByteReader(readTlv(certificate).value);
  const oid = decodeOid(readTlv(algorithm).value);
  return SIGNATURE_ALGORITHMS[oid] ?? oid;
}

export function isWeakSignature(algorithm: string): boolean {
  return /md5|sha1/i.test(algorithm);
}
