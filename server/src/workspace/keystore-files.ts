// Keystore archives an alias names (`filePath` of a pkcs12 alias): PKCS#12 read with node-forge (the password from
// the alias, else empty), and Java's JKS read here (a simple documented format: its certificates are plain DER, its
// keys protected by Sun's KeyProtector, a SHA-1 keystream). Certificates go to node:crypto for expiry and chain, the
// key for the key match. Never throws: garbage, a wrong password or a cap reached is a problem, not an exception.
import { createHash, createPrivateKey, type KeyObject } from 'node:crypto';
import type Forge from 'node-forge';
import { readCertificates, type CertificateInfo } from './certificates';
import { nodeForge } from './node-forge';

export type KeystoreFile =
  | {
      ok: true;
      format: 'pkcs12' | 'jks';
      certificates: CertificateInfo[];
      key: KeyObject | undefined;
      /** A JKS key entry the password (none, or the alias's) does not open: its certificates are still read. */
      keyLocked?: true;
    }
  /** `rounds`: it asks for more than MAX_ITERATIONS key-derivation rounds, and is not opened. */
  | { ok: false; format: 'pkcs12' | 'jks' | undefined; problem: 'password' | 'unreadable' | 'rounds' };

/** Entries and certificates read from one archive, at most. */
const MAX_ENTRIES = 1_000;
const JKS_MAGIC = 0xfeedfeed;

export function readKeystore(data: Uint8Array, password: string | undefined): KeystoreFile {
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buffer.length >= 4 && buffer.readUInt32BE(0) === JKS_MAGIC) return readJks(buffer, password);
  return readPkcs12(buffer, password);
}

// ------------------------------------------------------------------------------------------------- PKCS#12

function readPkcs12(buffer: Buffer, password: string | undefined): KeystoreFile {
  const forge = nodeForge();
  let p12: Forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(buffer.toString('binary')));
    // A hostile archive could ask for billions of key-derivation rounds: refuse before deriving anything.
    if (!iterationsBounded(asn1, 0)) return { ok: false, format: 'pkcs12', problem: 'rounds' };
    try {
      p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password ?? '');
    } catch (error) {
      const wrongPassword = error instanceof Error && /password/i.test(error.message);
      return { ok: false, format: wrongPassword ? 'pkcs12' : undefined, problem: wrongPassword ? 'password' : 'unreadable' };
    }
  } catch {
    return { ok: false, format: undefined, problem: 'unreadable' };
  }
  const certificates: CertificateInfo[] = [];
  let key: KeyObject | undefined;
  for (const bag of p12.safeContents.flatMap((c) => c.safeBags).slice(0, MAX_ENTRIES)) {
    try {
      if (bag.type === forge.pki.oids.certBag) {
        // forge parses RSA certificates only; any other keeps its ASN.1.
        const asn1 = bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
        if (asn1 !== undefined) certificates.push(...der(forge.asn1.toDer(asn1).getBytes()));
      } else if (bag.type === forge.pki.oids.pkcs8ShroudedKeyBag || bag.type === forge.pki.oids.keyBag) {
        const info = bag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key)) : bag.asn1;
        if (info !== undefined && key === undefined)
          key = createPrivateKey({ key: Buffer.from(forge.asn1.toDer(info).getBytes(), 'binary'), format: 'der', type: 'pkcs8' });
      }
    } catch {
      // One bag node cannot read is skipped; the others still count.
    }
  }
  return { ok: true, format: 'pkcs12', certificates: orderChain(certificates, key), key };
}

/** Key-derivation rounds accepted (OpenSSL writes 2,048, Java 10,000, some tools 600,000). */
export const MAX_ITERATIONS = 1_000_000;
const MAX_NESTING = 8;

/**
 * Every `salt OCTET STRING, iterations INTEGER` pair (MacData, PKCS#12 PBE and PBKDF2 parameters) in the archive's
 * plain structure, looking into OCTET STRINGs that hold DER, asks for at most MAX_ITERATIONS. Parameters inside
 * encrypted contents are only seen once decrypted (with the password the repository holds).
 */
function iterationsBounded(node: Forge.asn1.Asn1, nesting: number): boolean {
  const forge = nodeForge();
  if (!Array.isArray(node.value)) {
    if (node.type !== forge.asn1.Type.OCTETSTRING || nesting >= MAX_NESTING || !node.value.startsWith('\x30')) return true;
    try {
      return iterationsBounded(forge.asn1.fromDer(forge.util.createBuffer(node.value)), nesting + 1);
    } catch {
      return true;
    }
  }
  const children = node.value;
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    const next = children[i + 1];
    if (child.type === forge.asn1.Type.OCTETSTRING && next?.type === forge.asn1.Type.INTEGER && typeof next.value === 'string') {
      if (next.value.length > 4) return false;
      const rounds = [...next.value].reduce((n, c) => n * 256 + c.charCodeAt(0), 0);
      if (rounds > MAX_ITERATIONS) return false;
    }
    if (!iterationsBounded(child, nesting)) return false;
  }
  return true;
}

function der(bytes: string): CertificateInfo[] {
  const read = readCertificates(Buffer.from(bytes, 'binary'));
  return read.ok ? read.certificates : [];
}

/** The certificate of the key first (the alias's own), then the others as stored. */
function orderChain(certificates: CertificateInfo[], key: KeyObject | undefined): CertificateInfo[] {
  if (key === undefined) return certificates;
  const own = certificates.findIndex((c) => {
    try {
      return c.x509.checkPrivateKey(key);
    } catch {
      return false;
    }
  });
  return own <= 0 ? certificates : [certificates[own]!, ...certificates.filter((_, i) => i !== own)];
}

// ----------------------------------------------------------------------------------------------------- JKS

class Truncated extends Error {}

/** A cursor over the archive that refuses to read past its end. */
class Cursor {
  private at = 0;
  constructor(private readonly buffer: Buffer) {}
  u16(): number {
    return this.take(2).readUInt16BE(0);
  }
  u32(): number {
    return this.take(4).readUInt32BE(0);
  }
  take(length: number): Buffer {
    if (length < 0 || this.at + length > this.buffer.length) throw new Truncated();
    const out = this.buffer.subarray(this.at, this.at + length);
    this.at += length;
    return out;
  }
  /** Java's writeUTF: a 2-byte length, then (modified) UTF-8. */
  utf(): string {
    return this.take(this.u16()).toString('utf8');
  }
}

function readJks(buffer: Buffer, password: string | undefined): KeystoreFile {
  const certificates: CertificateInfo[] = [];
  let protectedKey: Buffer | undefined;
  try {
    const cursor = new Cursor(buffer);
    cursor.u32();
    const version = cursor.u32();
    if (version !== 1 && version !== 2) return { ok: false, format: 'jks', problem: 'unreadable' };
    const count = cursor.u32();
    const certificate = (): void => {
      if (version === 2) cursor.utf(); // the certificate type, "X.509"
      const bytes = cursor.take(cursor.u32());
      if (certificates.length < MAX_ENTRIES) certificates.push(...der(bytes.toString('binary')));
    };
    for (let i = 0; i < Math.min(count, MAX_ENTRIES); i++) {
      const tag = cursor.u32();
      cursor.utf(); // alias
      cursor.take(8); // creation time
      if (tag === 1) {
        const encrypted = cursor.take(cursor.u32());
        protectedKey ??= encrypted;
        const chain = cursor.u32();
        for (let c = 0; c < Math.min(chain, MAX_ENTRIES); c++) certificate();
      } else if (tag === 2) certificate();
      else return { ok: false, format: 'jks', problem: 'unreadable' };
    }
  } catch (error) {
    if (error instanceof Truncated) return { ok: false, format: 'jks', problem: 'unreadable' };
    throw error;
  }
  if (protectedKey === undefined) return { ok: true, format: 'jks', certificates, key: undefined };
  const key = password === undefined ? undefined : recoverJksKey(protectedKey, password);
  // The certificates are plain in a JKS: without the password they are still checked; the key is not.
  return key === undefined
    ? { ok: true, format: 'jks', certificates, key, keyLocked: true }
    : { ok: true, format: 'jks', certificates: orderChain(certificates, key), key };
}

/**
 * Sun's KeyProtector (OID 1.3.6.1.4.1.42.2.17.1.1): inside an EncryptedPrivateKeyInfo, `salt(20) ‖ key ⊕ stream ‖
 * check(20)`, the stream being SHA-1(password ‖ previous block) from the salt, the password in UTF-16BE; the check is
 * SHA-1(password ‖ key). Undefined when the password does not open it.
 */
function recoverJksKey(encryptedInfo: Buffer, password: string): KeyObject | undefined {
  const forge = nodeForge();
  try {
    const info = forge.asn1.fromDer(forge.util.createBuffer(encryptedInfo.toString('binary')));
    const data = Buffer.from((info.value as Forge.asn1.Asn1[])[1]!.value as string, 'binary');
    if (data.length < 40) return undefined;
    const pass = Buffer.from(password, 'utf16le').swap16();
    const salt = data.subarray(0, 20);
    const sealed = data.subarray(20, data.length - 20);
    const check = data.subarray(data.length - 20);
    const plain = Buffer.alloc(sealed.length);
    let block: Buffer = salt;
    for (let at = 0; at < sealed.length; at += 20) {
      block = createHash('sha1').update(pass).update(block).digest();
      for (let i = 0; i < 20 && at + i < sealed.length; i++) plain[at + i] = sealed[at + i]! ^ block[i]!;
    }
    if (!createHash('sha1').update(pass).update(plain).digest().equals(check)) return undefined;
    return createPrivateKey({ key: plain, format: 'der', type: 'pkcs8' });
  } catch {
    return undefined;
  }
}
