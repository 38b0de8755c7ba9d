// Certificates parsed once: a capture repeats the same server's certificates on every connection, and one
// diagnosis reads the same leaf from several hellos.
import { X509Certificate } from 'node:crypto';

const recentlyParsed = new Map<string, X509Certificate>();
const RECENT_MAX = 64;
/**
 * The same DER buffer is asked about several times in one judgement: found by identity before its base64 is made.
 * Sound because callers hand over certificate bytes they never write to again (copies or views of a finished flight).
 */
const byBuffer = new WeakMap<Buffer, X509Certificate>();

/** Throws on bytes that are not a certificate, or whose key does not decode (Node decodes it only when asked). */
export function parseCertificate(der: Buffer): X509Certificate {
  const seen = byBuffer.get(der);
  if (seen !== undefined) return seen;
  const key = der.toString('base64');
  let cert = recentlyParsed.get(key);
  if (cert === undefined) {
    cert = new X509Certificate(der);
    void cert.publicKey;
    recentlyParsed.set(key, cert);
    if (recentlyParsed.size > RECENT_MAX) recentlyParsed.delete(recentlyParsed.keys().next().value!);
  }
  byBuffer.set(der, cert);
  return cert;
}
