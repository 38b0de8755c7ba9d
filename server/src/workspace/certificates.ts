// Certificate and key files an alias names: read with node:crypto (PEM or DER, several certificates per
// file), and whether the key belongs to the certificate. Never throws: garbage is "unreadable".
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';

export interface CertificateInfo {
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  serialNumber: string;
  fingerprint256: string;
  /** The parsed certificate (for key checks). */
  x509: X509Certificate;
}

export type CertificateFile =
  { ok: true; certificates: CertificateInfo[] } | { ok: false; problem: 'no-certificate' | 'pkcs12' | 'unreadable' };

const PEM_CERT = /-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----[\s\S]*?-----END (?:X509 |TRUSTED )?CERTIFICATE-----/g;

export function readCertificates(data: Uint8Array): CertificateFile {
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const text = buffer.toString('latin1');
  const blocks = text.match(PEM_CERT);
  if (blocks !== null) {
    const certificates = blocks.flatMap((block) => parse(block.replace(/(X509|TRUSTED) CERTIFICATE/g, 'CERTIFICATE')));
    return certificates.length > 0 ? { ok: true, certificates } : { ok: false, problem: 'unreadable' };
  }
  if (text.includes('-----BEGIN')) return { ok: false, problem: 'no-certificate' };
  const der = parse(buffer);
  if (der.length > 0) return { ok: true, certificates: der };
  return { ok: false, problem: looksLikePkcs12(buffer) ? 'pkcs12' : 'unreadable' };
}

function parse(input: string | Buffer): CertificateInfo[] {
  try {
    const x509 = new X509Certificate(input);
    return [
      {
        subject: x509.subject.replace(/\n/g, ', '),
        issuer: x509.issuer.replace(/\n/g, ', '),
        notBefore: new Date(x509.validFrom),
        notAfter: new Date(x509.validTo),
        serialNumber: x509.serialNumber,
        fingerprint256: x509.fingerprint256,
        x509,
      },
    ];
  } catch {
    return [];
  }
}

/** A DER SEQUENCE whose first element is INTEGER 3 (PFX version): a PKCS#12 archive. */
function looksLikePkcs12(buffer: Buffer): boolean {
  if (buffer[0] !== 0x30) return false;
  let i = 1;
  const lengthByte = buffer[i++] ?? 0;
  if (lengthByte & 0x80) i += lengthByte & 0x7f;
  return buffer[i] === 0x02 && buffer[i + 1] === 0x01 && buffer[i + 2] === 0x03;
}

export type KeyFile = { ok: true; key: KeyObject } | { ok: false; problem: 'encrypted' | 'unreadable' };

export function readPrivateKey(data: Uint8Array, passphrase?: string): KeyFile {
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const text = buffer.toString('latin1');
  const attempts: Array<Parameters<typeof createPrivateKey>[0]> = text.includes('-----BEGIN')
    ? [{ key: text, format: 'pem', ...(passphrase !== undefined ? { passphrase } : {}) }]
    : [
        { key: buffer, format: 'der', type: 'pkcs8' },
        { key: buffer, format: 'der', type: 'pkcs1' },
        { key: buffer, format: 'der', type: 'sec1' },
      ];
  for (const attempt of attempts) {
    try {
      return { ok: true, key: createPrivateKey(attempt) };
    } catch {
      // An encrypted key without its passphrase fails as "interrupted or cancelled" (OpenSSL 3), or "bad decrypt"
      // with a wrong one: either way the configuration does not hold the password.
      if (/-----BEGIN (ENCRYPTED PRIVATE KEY|[A-Z ]*PRIVATE KEY-----[\s\S]*?Proc-Type: 4,ENCRYPTED)/.test(text))
        return { ok: false, problem: 'encrypted' };
    }
  }
  return { ok: false, problem: 'unreadable' };
}

/** Whether the key is the private half of the certificate's public key. */
export function keyMatches(certificate: CertificateInfo, key: KeyObject): boolean {
  try {
    return certificate.x509.checkPrivateKey(key);
  } catch {
    return false;
  }
}
