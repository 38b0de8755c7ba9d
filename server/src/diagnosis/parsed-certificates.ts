// Certificates parsed once: a capture repeats the same server's certificates on every connection, and one
// diagnosis reads the same leaf from several hellos.
import { X509Certificate } from 'node:crypto';

const recentlyParsed = new Map<string, X509Certificate>();
const RECENT_MAX = 64;

/** Throws on bytes that are not a certificate, or whose key does not decode (Node decodes it only when asked). */
export function parseCertificate(der: Buffer): X509Certificate {
  const key = der.toString('base64');
  const known = recentlyParsed.get(key);
  if (known !== undefined) return known;
  const cert = new X509Certificate(der);
  void cert.publicKey;
  recentlyParsed.set(key, cert);
  if (recentlyParsed.size > RECENT_MAX) recentlyParsed.delete(recentlyParsed.keys().next().value!);
  return cert;
}
