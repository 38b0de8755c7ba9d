// The uses the cross-file rules judge, each with the environments it is judged in: a bundle file's uses in
// every environment of its project; a TargetServer's or virtual host's sSLInfo values in its own environment.
import type { Span } from '../../documents/xml/types';
import type { Use } from '../model';
import type { WorkspaceRuleContext } from '../rule';
import type { EnvIndex } from '../workspace';
import { sslOwners } from '../ssl-owners';

export interface JudgedUse {
  kind: Use['kind'];
  file: string;
  span: Span;
  value: string;
  slot?: 'KeyStore' | 'TrustStore';
  keyStore?: string;
  set?: string;
  key?: string;
  envs: EnvIndex[];
}

export function* judgedUses(ctx: WorkspaceRuleContext, kind: Use['kind']): Generator<JudgedUse> {
  const ws = ctx.workspace;
  for (const facts of ws.allFacts()) {
    const uses = facts.uses.filter((u) => u.kind === kind);
    if (uses.length === 0) continue;
    const envs = ws.environmentsOf(facts.path, ctx.only);
    for (const use of uses) yield { ...use, envs };
  }
  if (kind !== 'store' && kind !== 'keyAlias') return;
  for (const env of ctx.environments()) {
    for (const owner of sslOwners(env)) {
      const one = { file: owner.file, envs: [env] };
      if (kind === 'keyAlias' && owner.keyAlias !== undefined && owner.keyAlias.value.trim() !== '')
        yield { kind, ...one, ...owner.keyAlias, keyStore: owner.keyStore?.value };
      if (kind !== 'store') continue;
      if (owner.keyStore !== undefined) yield { kind, slot: 'KeyStore', ...one, ...owner.keyStore };
      if (owner.trustStore !== undefined) yield { kind, slot: 'TrustStore', ...one, ...owner.trustStore };
    }
  }
}

/** Splits environments by a test: where it holds and where it does not. */
export function partition(envs: readonly EnvIndex[], test: (env: EnvIndex) => boolean): [EnvIndex[], EnvIndex[]] {
  const yes: EnvIndex[] = [];
  const no: EnvIndex[] = [];
  for (const env of envs) (test(env) ? yes : no).push(env);
  return [yes, no];
}
