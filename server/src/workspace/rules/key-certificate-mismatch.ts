import { everywhere } from '../../lint/rule';
import { keyMatches } from '../certificates';
import { allAliasMaterial, fileName } from '../material';
import { inEnvs, type WorkspaceRule } from '../rule';

export const keyCertificateMismatch: WorkspaceRule = {
  id: 'key-certificate-mismatch',
  description: "An alias's private key (in its key file, or in its PKCS#12/JKS archive) does not belong to its certificate.",
  why: 'Apigee rejects the upload, or presents a certificate it cannot prove it owns: two-way TLS fails.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: false,
  check(ctx) {
    for (const m of allAliasMaterial(ctx.workspace, ctx.environments(), { key: true })) {
      // An archive holds both: its key must belong to one of its certificates (the alias's own is put first).
      const archive = m.archive?.parsed;
      if (archive?.ok === true && archive.key !== undefined && archive.certificates.length > 0) {
        const leaf = archive.certificates[0]!;
        if (!keyMatches(leaf, archive.key))
          ctx.report(
            m.alias.file,
            m.archive!.located.span,
            `The key in '${m.archive!.located.value}' of alias '${m.alias.name}' belongs to none of its certificates ('${leaf.subject}' first) (${inEnvs([m.env])}).`,
          );
      }
      const certs = m.cert?.parsed;
      const key = m.key?.parsed;
      if (!certs?.ok || !key?.ok) continue;
      const leaf = certs.certificates[0]!;
      if (keyMatches(leaf, key.key)) continue;
      ctx.report(
        m.alias.file,
        m.key!.located.span,
        `${m.key!.inline === true ? fileName(m.key!) : `The key '${m.key!.located.value}'`} of alias '${m.alias.name}' does not belong to certificate '${leaf.subject}' (${inEnvs([m.env])}).`,
      );
    }
  },
};
