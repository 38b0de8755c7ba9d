// Trust anchors: the system's roots by default, or PEM files (the certificates of an Apigee truststore).
import { X509Certificate } from 'node:crypto';
import { readNamedText } from '../fs/regular-file';
import * as tls from 'node:tls';
import { MAX_PEM_BLOCKS, pemText, scanPem } from '../tls/pem';

export interface TrustStore {
  anchors: readonly X509Certificate[];
  /** For reports: "the system roots" or the files given. */
  description: string;
  /** false: nobody said which truststore the client used (a capture read without --ca); chains are not judged on trust. */
  checked?: false;
}

/**
 * The certificates of a PEM text (its first MAX_PEM_BLOCKS; `capped` when it holds more); throws when one does not
 * parse.
 */
export function parsePemCertificates(pem: string): { certificates: X509Certificate[]; capped: boolean } {
  const scan = scanPem(pem, { labels: (label) => label === 'CERTIFICATE' });
  return { certificates: scan.blocks.map((block) => new X509Certificate(pemText(pem, block))), capped: scan.capped };
}

export function trustFromPem(pems: readonly { name: string; text: string }[]): TrustStore {
  const read = pems.map((p) => {
    const { certificates, capped } = parsePemCertificates(p.text);
    if (certificates.length === 0) throw new Error(`${p.name} holds no PEM certificate`);
    return { certificates, name: `${p.name}${firstOnly(capped)}` };
  });
  return { anchors: read.flatMap((r) => r.certificates), description: read.map((r) => r.name).join(', ') };
}

/** Said in reports where a file held more certificates than are read. */
const firstOnly = (capped: boolean): string => (capped ? ` (its first ${MAX_PEM_BLOCKS.toLocaleString('en-US')} certificates)` : '');

// Debian/Ubuntu, RHEL/Fedora, Alpine/macOS Homebrew OpenSSL: the first that exists is the system store.
const SYSTEM_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem'];

/** A system bundle holds a few hundred roots (~220 KB on Debian): far below this. */
const SYSTEM_BUNDLE_BYTES = 16 * 1024 * 1024;

let system: TrustStore | undefined;

/** The system roots (parsed once per process); Node's bundled Mozilla roots where the OS has no bundle. */
export function systemTrust(): TrustStore {
  if (system !== undefined) return system;
  for (const file of SYSTEM_BUNDLES) {
    try {
      const { certificates, capped } = parsePemCertificates(readNamedText(file, SYSTEM_BUNDLE_BYTES));
      system = { anchors: certificates, description: `the system roots (${file})${firstOnly(capped)}` };
      return system;
    } catch {
      // Not there (or unreadable): try the next.
    }
  }
  system = { anchors: tls.rootCertificates.map((pem) => new X509Certificate(pem)), description: "Node's bundled roots" };
  return system;
}

/**
 * A capture's client is not this machine: without its truststore (--ca) the trust of a chain is not known, and what
 * the wire shows decides (a completed handshake, the client's alert). Never this machine's system roots.
 */
export function uncheckedTrust(): TrustStore {
  return { anchors: [], description: 'no truststore (not checked: pass --ca)', checked: false };
}
