// The certificate file a hybrid virtual host's `sslCertPath` names, read through the workspace's reader: a relative
// path as apigeectl resolves it (run from the folder above `overrides/`) or as Helm does (beside the file).
import { dirname, isAbsolute, join } from 'node:path';
import type { CertificateInfo } from '../certificates';
import type { Workspace } from '../workspace';
import type { HybridOverrides, HybridVirtualHost } from './overrides';

/** The chain and the file it was read from; undefined when not found, unreadable, or the path holds a variable. */
export function sslCertificates(
  ws: Workspace,
  overrides: HybridOverrides,
  vh: HybridVirtualHost,
): { certificates: CertificateInfo[]; path: string } | undefined {
  const written = vh.sslCertPath?.value.trim();
  if (written === undefined || written === '' || written.includes('$') || written.includes('{{')) return undefined;
  const dir = dirname(overrides.file);
  for (const path of isAbsolute(written) ? [written] : [join(dir, written), join(dirname(dir), written)]) {
    const { certs } = ws.readCertificateFile(path);
    if (certs?.ok === true && certs.certificates.length > 0) return { certificates: certs.certificates, path };
  }
  return undefined;
}
