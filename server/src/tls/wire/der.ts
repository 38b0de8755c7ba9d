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

/** The names and key identifiers a certificate carries about itself and its issuer (DER values, for comparison). */
export interface CertificateLinks {
  /** The Name SEQUENCE contents: equal bytes, equal names (CAs copy their subject into what they issue). */
  subject: Buffer;
  issuer: Buffer;
  /** subjectKeyIdentifier: the key id of this certificate's own key. */
  subjectKeyId?: Buffer | undefined;
  /** authorityKeyIdentifier keyIdentifier: the key id of the issuer's key. */
  authorityKeyId?: Buffer | undefined;
  /** authorityKeyIdentifier authorityCertIssuer (a directoryName): the name of the issuer's own issuer. */
  authorityIssuer?: Buffer | undefined;
}

const TAG = { sequence: 0x30, octetString: 0x04, extensions: 0xa3, version: 0xa0, directoryName: 0xa4 } as const;
const OID_SUBJECT_KEY_ID = '2.5.29.14';
const OID_AUTHORITY_KEY_ID = '2.5.29.35';

function tlvs(value: Buffer): { tag: number; value: Buffer }[] {
  const r = new ByteReader(value);
  const out: { tag: number; value: Buffer }[] = [];
  while (r.remaining > 0) out.push(readTlv(r));
  return out;
}

/**
 * TBSCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer, validity, subject,
 * subjectPublicKeyInfo, [1] [2] unique ids OPTIONAL, [3] extensions OPTIONAL }. Undefined when the bytes do not parse.
 */
export function certificateLinks(der: Buffer): CertificateLinks | undefined {
  try {
    const tbs = tlvs(readTlv(new ByteReader(readTlv(new ByteReader(der)).value)).value);
    const fields = tbs[0]?.tag === TAG.version ? tbs.slice(1) : tbs;
    const [, , issuer, , subject] = fields;
    if (issuer?.tag !== TAG.sequence || subject?.tag !== TAG.sequence) return undefined;
    const names: CertificateLinks = { subject: subject.value, issuer: issuer.value };
    const extensions = fields.find((f) => f.tag === TAG.extensions);
    for (const extension of extensions === undefined ? [] : tlvs(readTlv(new ByteReader(extensions.value)).value)) {
      const parts = tlvs(extension.value);
      const oid = decodeOid(parts[0]!.value);
      const value = parts.at(-1)!.value;
      if (oid === OID_SUBJECT_KEY_ID) names.subjectKeyId = readTlv(new ByteReader(value)).value;
      if (oid === OID_AUTHORITY_KEY_ID) Object.assign(names, authorityKeyIdentifier(readTlv(new ByteReader(value)).value));
    }
    return names;
  } catch {
    // Bytes from a server or a truststore file: a certificate we cannot read names nothing.
    return undefined;
  }
}

/** AuthorityKeyIdentifier ::= SEQUENCE { [0] keyIdentifier, [1] authorityCertIssuer GeneralNames, [2] serial }. */
function authorityKeyIdentifier(value: Buffer): Pick<CertificateLinks, 'authorityKeyId' | 'authorityIssuer'> {
  const fields = tlvs(value);
  const keyId = fields.find((f) => f.tag === 0x80)?.value;
  const generalNames = fields.find((f) => f.tag === 0xa1)?.value;
  const directoryName = generalNames === undefined ? undefined : tlvs(generalNames).find((n) => n.tag === TAG.directoryName);
  const name = directoryName === undefined ? undefined : readTlv(new ByteReader(directoryName.value));
  return { authorityKeyId: keyId, authorityIssuer: name?.tag === TAG.sequence ? name.value : undefined };
}

const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

/** A Name's contents as "CN=a, O=b" in the certificate's order (as chain.ts prints Node's subjects). */
export function nameText(name: Buffer): string {
  try {
    const attributes = tlvs(name).flatMap((rdn) => tlvs(rdn.value).map((atv) => tlvs(atv.value)));
    return attributes
      .map(([type, value]) => {
        const text = value!.tag === 0x1e ? Buffer.from(value!.value).swap16().toString('utf16le') : value!.value.toString('utf8');
        return `${ATTRIBUTE_NAMES[decodeOid(type!.value)] ?? decodeOid(type!.value)}=${text}`;
      })
      .join(', ');
  } catch {
    return '(an unreadable name)';
  }
}
