// Certificate and key files an alias names: read with node:crypto (PEM or DER, several certificates per
// file), and whether the key belongs to the certificate. Never throws: garbage is "unreadable".
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { pemText, scanPem } from '../tls/pem';

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
  | {
      ok: true;
      certificates: CertificateInfo[];
      /** More than MAX_PEM_BLOCKS certificate blocks: only the first ones were read. */
      capped?: true;
    }
  | { ok: false; problem: 'no-certificate' | 'pkcs12' | 'unreadable' };

const CERTIFICATE_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);

export function readCertificates(data: Uint8Array): CertificateFile {
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const text = buffer.toString('latin1');
  const scan = scanPem(text, { labels: (label) => CERTIFICATE_LABELS.has(label) });
  if (scan.blocks.length > 0) {
    const certificates = scan.blocks.flatMap((block) => parse(pemText(text, block).replace(/(X509|TRUSTED) CERTIFICATE/g, 'CERTIFICATE')));
    if (certificates.length === 0) return { ok: false, problem: 'unreadable' };
    return scan.capped ? { ok: true, certificates, capped: true } : { ok: true, certificates };
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
      if (encryptedPem(text)) return { ok: false, problem: 'encrypted' };
    }
  }
  return { ok: false, problem: 'unreadable' };
}

/** Enough of a text to hold a BEGIN line and the two after it (RFC 1421's `Proc-Type` is the first). */
const HEADER_LINES_LENGTH = 256;

/**
 * A PKCS#8 `ENCRYPTED PRIVATE KEY`, or a traditional key whose header lines (right after `-----BEGIN … PRIVATE
 * KEY-----`) say `Proc-Type: 4,ENCRYPTED`. Only the first blocks' headers are looked at.
 */
function encryptedPem(text: string): boolean {
  const scan = scanPem(text, { labels: (label) => label.endsWith('PRIVATE KEY') });
  const headers = scan.unterminated === undefined ? scan.blocks : [...scan.blocks, scan.unterminated];
  return headers.some(
    (h) =>
      h.label === 'ENCRYPTED PRIVATE KEY' ||
      text
        .slice(h.start, h.start + HEADER_LINES_LENGTH)
        .split('\n', 3)
        .slice(1)
        .some((line) => line.trim() === 'Proc-Type: 4,ENCRYPTED'),
  );
}

/** Whether the key is the private half of the certificate's public key. */
export function keyMatches(certificate: CertificateInfo, key: KeyObject): boolean {
  try {
    return certificate.x509.checkPrivateKey(key);
  } catch {
    return false;
  }
}
