// The front doors API clients call, as a file names them: an Edge virtual host's host aliases (TLS virtual hosts
// only), hybrid overrides' environment group hostnames and 1.2 host aliases, and a ProxyEndpoint's <VirtualHost>
// (the host aliases of the virtual hosts of that name in the file's environments), and on Apigee X the hostnames of a
// Terraform `google_apigee_envgroup` (served by the Google Cloud load balancer, on 443). Each with the span where the
// editor offers "Diagnose clients" and shows what it found.
import { isTemplate } from '../documents/values';
import type { Span } from '../documents/xml/types';
import type { Located, VirtualHostDef } from './model';
import type { Workspace } from './workspace';

export interface FrontDoorSite {
  span: Span;
  /** `host:port`, as `apigeeTls/diagnoseClients` takes it. */
  target: string;
  /** Whose port it is, when the file does not say it (the lens says so): `the load balancer's port`. */
  portOf?: string;
}

/** Files hold a handful of host names; a generated file with thousands gets no more lenses than this. */
export const MAX_FRONT_DOORS_PER_FILE = 200;

/** `host:port` of a written host name, or undefined for a template, a wildcard or something that is no host. */
function targetOf(alias: string, port: number | undefined): string | undefined {
  const text = alias.trim();
  if (text === '' || isTemplate(text) || text.includes('*')) return undefined;
  const m = /^([A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(text);
  if (m === null) return undefined;
  return `${m[1]!.toLowerCase()}:${m[2] ?? port ?? 443}`;
}

const servesTls = (vh: VirtualHostDef): boolean => vh.tls?.value === true;

function aliasSites(vh: VirtualHostDef, span: (alias: Located) => Span): FrontDoorSite[] {
  if (!servesTls(vh)) return [];
  return vh.hostAliases.flatMap((alias) => {
    const target = targetOf(alias.value, vh.port?.value);
    return target === undefined ? [] : [{ span: span(alias), target }];
  });
}

export function frontDoorSites(ws: Workspace, path: string): FrontDoorSite[] {
  const facts = ws.facts(path);
  if (facts === undefined) return [];
  const out: FrontDoorSite[] = [];
  for (const entity of facts.entities) if (entity.kind === 'virtualHost') out.push(...aliasSites(entity, (a) => a.span));
  for (const overrides of ws.hybridOverrides()) {
    if (overrides.file !== path) continue;
    const names = [...overrides.envGroups.flatMap((g) => g.hostnames), ...overrides.virtualHosts.flatMap((v) => v.hostAliases)];
    for (const name of names) {
      const target = targetOf(name.value, 443);
      if (target !== undefined) out.push({ span: name.span, target });
    }
  }
  // Apigee X: the load balancer in front of the instance serves the environment groups' hostnames on 443.
  for (const module of ws.northbound())
    for (const object of module.objects) {
      if (object.kind !== 'envgroup' || object.file !== path) continue;
      for (const name of object.hostnames ?? []) {
        const target = targetOf(name.value, 443);
        if (target !== undefined) out.push({ span: name.span, target, portOf: "the load balancer's port" });
      }
    }
  for (const use of facts.uses) {
    if (use.kind !== 'virtualHost') continue;
    const name = use.value.trim();
    for (const env of ws.environmentsOf(path))
      for (const vh of env.virtualHosts.get(name) ?? []) out.push(...aliasSites(vh, () => use.span));
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
