// The front doors API clients call, as a file names them: an Edge virtual host's host aliases (TLS virtual hosts
// only), hybrid overrides' environment group hostnames and 1.2 host aliases, and a ProxyEndpoint's <VirtualHost>
// (the host aliases of the virtual hosts of that name in the file's environments), and on Apigee X the hostnames of a
// Terraform `google_apigee_envgroup` (served by the Google Cloud load balancer, on 443). Each with the span where the
// editor offers "Diagnose clients" and shows what it found, and the other files it was resolved through (a result
// there is stale once one of them changes).
import { isTemplate } from '../documents/values';
import type { Span } from '../documents/xml/types';
import type { Located, VirtualHostDef } from './model';
import { aliasMaterial } from './material';
import { servedAlias } from './virtual-hosts';
import type { EnvIndex, Workspace } from './workspace';

export interface FrontDoorSite {
  span: Span;
  /** `host:port`, as `apigeeTls/diagnoseClients` takes it. */
  target: string;
  /** Said beside the target when its port is not written: `port 443, hybrid ingress default`. */
  note?: string;
  /** Files besides the site's own that decided the target or the certificate it serves (absolute paths). */
  through: string[];
}

/** Files hold a handful of host names; a generated file with thousands gets no more lenses than this. */
export const MAX_FRONT_DOORS_PER_FILE = 200;

/** Apigee hybrid's ingress listens on 443 unless the hostname says otherwise (the documented default). */
export const HYBRID_INGRESS_PORT = 443;
export const HYBRID_PORT_NOTE = `port ${HYBRID_INGRESS_PORT}, hybrid ingress default`;

/** `host:port` of a written host name, or undefined for a template, a wildcard or something that is no host. */
export function frontDoorTarget(alias: string, port: number | undefined): { target: string; explicitPort: boolean } | undefined {
  const text = alias.trim();
  if (text === '' || isTemplate(text) || text.includes('*')) return undefined;
  const m = /^([A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(text);
  if (m === null) return undefined;
  return { target: `${m[1]!.toLowerCase()}:${m[2] ?? port ?? 443}`, explicitPort: m[2] !== undefined };
}

/** A hybrid hostname's front door: its written port, else the ingress default (said so). */
export function hybridTarget(name: string): { target: string; note?: string } | undefined {
  const door = frontDoorTarget(name, HYBRID_INGRESS_PORT);
  if (door === undefined) return undefined;
  return door.explicitPort ? { target: door.target } : { target: door.target, note: HYBRID_PORT_NOTE };
}

const servesTls = (vh: VirtualHostDef): boolean => vh.tls?.value === true;

/** The files a virtual host's served certificate comes from: the alias's definition and its certificate file. */
export function servedFiles(ws: Workspace, env: EnvIndex, vh: VirtualHostDef): string[] {
  const alias = servedAlias(env, vh);
  if (alias === undefined) return [];
  const m = aliasMaterial(ws, env, alias);
  return [alias.file, ...[m.cert?.path, m.archive?.path].filter((p): p is string => p !== undefined)];
}

function aliasSites(vh: VirtualHostDef, through: string[], span: (alias: Located) => Span): FrontDoorSite[] {
  if (!servesTls(vh)) return [];
  return vh.hostAliases.flatMap((alias) => {
    const door = frontDoorTarget(alias.value, vh.port?.value);
    return door === undefined ? [] : [{ span: span(alias), target: door.target, through }];
  });
}

export function frontDoorSites(ws: Workspace, path: string): FrontDoorSite[] {
  const facts = ws.facts(path);
  if (facts === undefined) return [];
  const out: FrontDoorSite[] = [];
  for (const entity of facts.entities) {
    if (entity.kind !== 'virtualHost') continue;
    const envs = ws.allEnvironments().filter((e) => e.virtualHosts.get(entity.name)?.includes(entity) === true);
    out.push(
      ...aliasSites(
        entity,
        envs.flatMap((env) => servedFiles(ws, env, entity)),
        (a) => a.span,
      ),
    );
  }
  const all = ws.hybridOverrides();
  for (const overrides of all) {
    if (overrides.file !== path) continue;
    // The virtual hosts serving a group live in any overrides file: a hostname's result depends on them too.
    const through = all.map((o) => o.file).filter((f) => f !== path);
    const names = [...overrides.envGroups.flatMap((g) => g.hostnames), ...overrides.virtualHosts.flatMap((v) => v.hostAliases)];
    for (const name of names) {
      const door = hybridTarget(name.value);
      if (door !== undefined) out.push({ span: name.span, ...door, through });
    }
  }
  // Apigee X: the load balancer in front of the instance serves the environment groups' hostnames on 443.
  for (const module of ws.northbound())
    for (const object of module.objects) {
      if (object.kind !== 'envgroup' || object.file !== path) continue;
      for (const name of object.hostnames ?? []) {
        const target = frontDoorTarget(name.value, 443)?.target;
        if (target !== undefined) out.push({ span: name.span, target, note: "the load balancer's port", through: [] });
      }
    }
  for (const use of facts.uses) {
    if (use.kind !== 'virtualHost') continue;
    const name = use.value.trim();
    for (const env of ws.environmentsOf(path))
      for (const vh of env.virtualHosts.get(name) ?? [])
        out.push(...aliasSites(vh, [vh.file, ...servedFiles(ws, env, vh)], () => use.span));
  }
  const seen = new Set<string>();
  return out
    .filter((s) => {
      const key = `${s.span.start}:${s.span.end}:${s.target}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, MAX_FRONT_DOORS_PER_FILE);
}
