import { everywhere } from '../../lint/rule';
import { aliasesOf, keystoreNameOf, resolveStore } from '../resolve';
import { inEnvs, type WorkspaceRule } from '../rule';
import { isSymbolic } from '../symbols';
import type { EnvIndex } from '../workspace';
import { judgedUses } from './uses';

export const unknownKeyAlias: WorkspaceRule = {
  id: 'unknown-key-alias',
  description: 'A KeyAlias the resolved keystore does not hold.',
  why: 'Apigee cannot find the client certificate: two-way TLS fails.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: false,
  check(ctx) {
    for (const use of judgedUses(ctx, 'keyAlias')) {
      if (use.keyStore === undefined || isSymbolic(use.value)) continue;
      const missing: Array<{ env: EnvIndex; keystore: string }> = [];
      let judged = 0;
      for (const env of use.envs) {
        const keystore = keystoreNameOf(resolveStore(env, use.keyStore));
        if (keystore === undefined) continue;
        const aliases = aliasesOf(env, keystore);
        // A keystore whose aliases the repository does not list cannot be judged.
        if (aliases.size === 0) continue;
        judged++;
        if (!aliases.has(use.value.trim())) missing.push({ env, keystore });
      }
      if (missing.length === 0) continue;
      const keystores = [...new Set(missing.map((m) => m.keystore))].map((k) => `'${k}'`).join(', ');
      ctx.report(use.file, use.span, `Keystore ${keystores} has no alias '${use.value.trim()}' in ${inEnvs(missing.map((m) => m.env))}.`, {
        partial: missing.length < judged,
      });
    }
  },
};
