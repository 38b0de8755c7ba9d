// Trust anchors: the system's roots by default, or PEM files (the certificates of an Apigee truststore).
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';

export interface TrustStore {
  anchors: readonly X509Certificate[];
  /** For reports: "the system roots" or the files given. */
  description: string;
  /** false: nobody said which truststore the client used (a capture read without --ca); chains are not judged on trust. */
  checked?: false;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Every certificate in a PEM text; throws when there is none or one does not parse. */
export function parsePemCertificates(pem: string): X509Certificate[] {
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  return blocks.map((block) => new X509Certificate(block));
}

export function trustFromPem(pems: readonly { name: string; text: string }[]): TrustStore {
  const anchors = pems.flatMap((p) => {
    const certs = parsePemCertificates(p.text);
    if (certs.length === 0) throw new Error(`${p.name} holds no PEM certificate`);
    return certs;
  });
  return { anchors, description: pems.map((p) => p.name).join(', ') };
}

// Debian/Ubuntu, RHEL/Fedora, Alpine/macOS Homebrew OpenSSL: the first that exists is the system store.
const SYSTEM_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem'];

let system: TrustStore | undefined;

/** The system roots (parsed once per process); Node's bundled Mozilla roots where the OS has no bundle. */
export function systemTrust(): TrustStore {
  if (system !== undefined) return system;
  for (const file of SYSTEM_BUNDLES) {
    try {
      system = { anchors: parsePemCertificates(readFileSync(file, 'utf8')), description: `the system roots (${file})` };
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
