import { everywhere } from '../../lint/rule';
import { inEnvs, type WorkspaceRule } from '../rule';

export const selfsignedAliasFile: WorkspaceRule = {
  id: 'selfsigned-alias-file',
  description: 'A selfsignedcert alias with a certificate file: the file is ignored and a new certificate is generated.',
  why: 'A CA certificate meant for a truststore is never uploaded, so the clients or backends it signs are not trusted.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: false,
  check(ctx) {
    for (const env of ctx.environments()) {
      for (const aliases of env.aliases.values()) {
        for (const alias of [...aliases.values()].flat()) {
          if (alias.format !== 'selfsignedcert' || alias.certFile === undefined) continue;
          ctx.report(
            alias.file,
            alias.certFile.span,
            `Alias '${alias.name}' has format selfsignedcert: '${alias.certFile.value}' is ignored and Apigee generates a new self-signed certificate; use format keycertfile to upload the file (${inEnvs([env])}).`,
          );
        }
      }
    }
  },
};
