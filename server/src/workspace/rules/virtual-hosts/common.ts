// What the virtual host rules share: every virtual host in scope with its environment, how findings name one
// (`Virtual host 'secure' (environment prod)`), the leaf certificate its keyStore and keyAlias resolve to, and the
// ProxyEndpoints bound to each.
import type { CertificateInfo } from '../../certificates';
import { aliasCertificates, aliasMaterial } from '../../material';
import type { Use, VirtualHostDef } from '../../model';
import { servedAlias } from '../../virtual-hosts';
import { inEnvs, type WorkspaceRuleContext } from '../../rule';
import type { EnvIndex } from '../../workspace';

export interface VirtualHostIn {
  vh: VirtualHostDef;
  env: EnvIndex;
}

/** Every virtual host of every environment in scope. */
export function* virtualHosts(ctx: WorkspaceRuleContext): Generator<VirtualHostIn> {
  for (const env of ctx.environments()) for (const list of env.virtualHosts.values()) for (const vh of list) yield { vh, env };
}

/** `Virtual host 'secure' (environment prod)`. */
export const named = ({ vh, env }: VirtualHostIn): string => `Virtual host '${vh.name}' (${inEnvs([env])})`;

/** The certificates of the alias a virtual host serves (leaf first), with the alias; undefined when unknown. */
export function servedCertificates(
  ctx: WorkspaceRuleContext,
  { vh, env }: VirtualHostIn,
): { certificates: CertificateInfo[]; alias: string; keystore: string } | undefined {
  const alias = servedAlias(env, vh);
  const certificates = alias === undefined ? [] : (aliasCertificates(aliasMaterial(ctx.workspace, env, alias))[0]?.certificates ?? []);
  return alias === undefined || certificates.length === 0
    ? undefined
    : { certificates, alias: alias.name, keystore: alias.keystore?.value ?? '?' };
}

/** A host alias without its port (`api.example.com:9443` → `api.example.com`). */
export const aliasHost = (alias: string): string => alias.trim().replace(/:\d+$/, '');

/** The port written in a host alias, if any. */
export const aliasPort = (alias: string): number | undefined => {
  const m = /:(\d{1,5})$/.exec(alias.trim());
  return m === null ? undefined : Number(m[1]);
};

/** A ProxyEndpoint's virtual host uses, by file (each file is one ProxyEndpoint). */
export function boundVirtualHosts(ctx: WorkspaceRuleContext): Array<{ file: string; uses: Use[]; envs: EnvIndex[] }> {
  const out: Array<{ file: string; uses: Use[]; envs: EnvIndex[] }> = [];
  for (const facts of ctx.workspace.allFacts()) {
    const uses = facts.uses.filter((u) => u.kind === 'virtualHost');
    if (uses.length > 0) out.push({ file: facts.path, uses, envs: ctx.workspace.environmentsOf(facts.path, ctx.only) });
  }
  return out;
}

/** The product wording of a northbound setting's owner. */
export const EDGE_RESTART =
  'Edge Cloud: a support ticket to change it later; Private Cloud: a router restart (apigee-service edge-router restart)';
