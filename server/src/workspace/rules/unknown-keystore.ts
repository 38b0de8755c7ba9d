import { everywhere } from '../../lint/rule';
import { manages, resolveStore } from '../resolve';
import { inEnvs, type WorkspaceRule } from '../rule';
import { isSymbolic } from '../symbols';
import { judgedUses, partition } from './uses';

export const unknownKeystore: WorkspaceRule = {
  id: 'unknown-keystore',
  description: "A reference's refers, or a KeyStore/TrustStore named directly, that names no keystore in the environment.",
  why: 'The reference or the SSLInfo points at nothing: TLS fails until the keystore is created.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: false,
  check(ctx) {
    for (const env of ctx.environments()) {
      if (!manages(env, 'keystores')) continue;
      for (const references of env.references.values()) {
        for (const reference of references) {
          const refers = reference.refers;
          if (refers === undefined || refers.value.trim() === '' || isSymbolic(refers.value)) continue;
          if (env.keystores.has(refers.value.trim())) continue;
          ctx.report(
            reference.file,
            refers.span,
            `Reference '${reference.name}' refers to '${refers.value}', which is no keystore in ${inEnvs([env])}.`,
          );
        }
      }
    }
    for (const use of judgedUses(ctx, 'store')) {
      const judged = use.envs.filter((env) => manages(env, 'keystores'));
      const [, missing] = partition(judged, (env) => {
        const r = resolveStore(env, use.value);
        return r.kind !== 'direct' || r.keystore !== undefined;
      });
      if (missing.length === 0) continue;
      const partial = missing.length < judged.length;
      ctx.report(use.file, use.span, `No keystore '${use.value.trim()}' in ${inEnvs(missing)}.`, { partial });
    }
  },
};
