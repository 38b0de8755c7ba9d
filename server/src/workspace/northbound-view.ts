// The northbound side of each environment as the editor's "Apigee TLS" view lists it: Edge virtual hosts (port,
// host aliases, one- or two-way TLS, keystore → alias → certificate expiry, the API proxies whose ProxyEndpoints
// bind them), Apigee hybrid environment groups and ingress virtual hosts from overrides files, and Apigee X
// environment groups from Terraform. Every entry and host alias keeps where it is defined, and each host a client
// can call its `host:port` for "Diagnose clients". Read from the model only: nothing is dialled.
import type { Span } from '../documents/xml/types';
import { frontDoorTarget, HYBRID_INGRESS_PORT, HYBRID_PORT_NOTE, hybridTarget } from './front-doors';
import { aliasCertificates } from './inventory';
import { northboundRows } from './inventory-northbound';
import { sslCertificates } from './hybrid/certificates';
import type { HybridEnvGroup, HybridOverrides, HybridVirtualHost } from './hybrid/overrides';
import type { Located, VirtualHostDef } from './model';
import { loadBalancers } from './terraform/load-balancers';
import { isTwoWay, servedAlias, servesTls } from './virtual-hosts';
import { bindingKey, virtualHostBindings } from './virtual-host-bindings';
import type { EnvIndex, Workspace } from './workspace';

export interface NbPlace {
  file: string;
  span: Span;
}

export interface NbHost {
  name: string;
  at: NbPlace;
  /** `host:port` a client calls; undefined for a template, a wildcard or a plain HTTP virtual host. */
  target: string | undefined;
  /** `port 443, hybrid ingress default` when the port is not written. */
  note: string | undefined;
}

export interface NbCertificate {
  subject: string;
  notAfter: string;
  /** The file as written in the alias or sslCertPath. */
  file: string;
}

export type NbKind = 'virtual-host' | 'hybrid' | 'environment-group';

export interface NbEntry {
  kind: NbKind;
  /** The environment (label); null: a group attached to no environment here. */
  env: string | null;
  name: string;
  at: NbPlace;
  port: number | undefined;
  portNote: string | undefined;
  tls: 'one-way' | 'two-way' | 'plain HTTP' | 'unknown';
  hosts: NbHost[];
  /** Edge: the keystore and alias served (as written), the alias's definition. */
  keystore: string | undefined;
  keyAlias: string | undefined;
  aliasAt: NbPlace | undefined;
  certificates: NbCertificate[];
  /** The API proxies whose ProxyEndpoint binds it (<VirtualHost>), each at that element. */
  proxies: { name: string; at: NbPlace }[];
  /** TLS settings in a line: ssl_ciphers/ssl_protocols, hybrid TLS range, X's SSL policy and mTLS. */
  settings: string | undefined;
}

/** A workspace holds dozens; a generated one gets no more entries (or hosts per entry) than these. */
export const MAX_NORTHBOUND_ENTRIES = 2000;
export const MAX_HOSTS_PER_ENTRY = 200;

const place = (file: string, located: Located | undefined, fallback: Span): NbPlace => ({ file, span: located?.span ?? fallback });

function hosts(
  file: string,
  names: readonly (Located & { written?: { file: string; span: Span } })[],
  target: (name: string) => { target: string; note?: string } | undefined,
): NbHost[] {
  return names.slice(0, MAX_HOSTS_PER_ENTRY).map((h) => {
    const door = target(h.value);
    return { name: h.value.trim(), at: h.written ?? { file, span: h.span }, target: door?.target, note: door?.note };
  });
}

function edgeEntry(ws: Workspace, env: EnvIndex, vh: VirtualHostDef, bound: ReturnType<typeof virtualHostBindings>): NbEntry {
  const tls = vh.tls?.value === 'template' ? 'unknown' : !servesTls(vh) ? 'plain HTTP' : isTwoWay(vh) ? 'two-way' : 'one-way';
  const alias = servedAlias(env, vh);
  const settings = ['ssl_protocols', 'ssl_ciphers'].flatMap((k) => {
    const value = vh.properties.get(k)?.value;
    return value === undefined ? [] : [`${k} ${value}`];
  });
  const proxies = (bound.get(bindingKey(env, vh.name)) ?? []).map((b) => ({ name: b.bundle, at: b.at }));
  return {
    kind: 'virtual-host',
    env: env.label,
    name: vh.name,
    at: { file: vh.file, span: vh.nameSpan },
    port: vh.port?.value,
    portNote: undefined,
    tls,
    hosts: hosts(vh.file, vh.hostAliases, (name) =>
      tls === 'one-way' || tls === 'two-way' ? frontDoorTarget(name, vh.port?.value) : undefined,
    ),
    keystore: vh.keyStore?.value,
    keyAlias: vh.keyAlias?.value,
    aliasAt: alias === undefined ? undefined : { file: alias.file, span: alias.nameSpan },
    certificates:
      alias === undefined ? [] : aliasCertificates(ws, env, alias).map((c) => ({ subject: c.subject, notAfter: c.notAfter, file: c.file })),
    proxies: proxies.sort((a, b) => a.name.localeCompare(b.name)),
    settings: settings.join('; ') || undefined,
  };
}

/** A hybrid virtual host's TLS range and suites in a line. */
function hybridSettings(vh: HybridVirtualHost | undefined): string | undefined {
  if (vh === undefined) return undefined;
  const parts = [
    ...(vh.minTLSProtocolVersion === undefined ? [] : [`min ${vh.minTLSProtocolVersion.value}`]),
    ...(vh.maxTLSProtocolVersion === undefined ? [] : [`max ${vh.maxTLSProtocolVersion.value}`]),
    ...(vh.cipherSuites.length === 0 ? [] : [`cipherSuites ${vh.cipherSuites.map((c) => c.value).join(':')}`]),
  ];
  return parts.join('; ') || undefined;
}

function hybridEntries(ws: Workspace): NbEntry[] {
  const all = ws.hybridOverrides();
  const groups: { overrides: HybridOverrides; group: HybridEnvGroup }[] = all.flatMap((o) =>
    o.envGroups.map((group) => ({ overrides: o, group })),
  );
  const serving = (name: string | undefined): { overrides: HybridOverrides; vh: HybridVirtualHost } | undefined => {
    for (const o of all) for (const vh of o.virtualHosts) if (name !== undefined && vh.name?.value === name) return { overrides: o, vh };
    return undefined;
  };
  const entry = (
    name: string,
    at: NbPlace,
    envs: readonly (string | null)[],
    names: NbHost[],
    served: { overrides: HybridOverrides; vh: HybridVirtualHost } | undefined,
  ): NbEntry[] => {
    const certs = served === undefined ? undefined : sslCertificates(ws, served.overrides, served.vh);
    const tls = served === undefined ? 'unknown' : served.vh.tlsMode?.value.trim().toUpperCase() === 'MUTUAL' ? 'two-way' : 'one-way';
    return envs.map((env) => ({
      kind: 'hybrid',
      env,
      name,
      at,
      port: HYBRID_INGRESS_PORT,
      portNote: HYBRID_PORT_NOTE,
      tls,
      hosts: names,
      keystore: undefined,
      keyAlias: undefined,
      aliasAt: undefined,
      certificates: (certs?.certificates ?? []).map((c) => ({
        subject: c.subject,
        notAfter: c.notAfter.toISOString(),
        file: served?.vh.sslCertPath?.value ?? '',
      })),
      proxies: [],
      settings: hybridSettings(served?.vh),
    }));
  };
  const out: NbEntry[] = [];
  for (const { overrides, group } of groups) {
    const name = group.name?.value ?? '(unnamed group)';
    const envs = group.environments.length === 0 ? [null] : group.environments.map((e) => e.value.trim());
    out.push(
      ...entry(
        name,
        place(overrides.file, group.name, group.span),
        envs,
        hosts(overrides.file, group.hostnames, hybridTarget),
        serving(group.name?.value),
      ),
    );
  }
  // Hybrid 1.2's shape: a virtual host with its own host aliases and no environment group defined here.
  const grouped = new Set(groups.map((g) => g.group.name?.value));
  for (const overrides of all)
    for (const vh of overrides.virtualHosts) {
      if (grouped.has(vh.name?.value) || vh.hostAliases.length === 0) continue;
      out.push(
        ...entry(
          vh.name?.value ?? '(unnamed virtual host)',
          place(overrides.file, vh.name, vh.span),
          [null],
          hosts(overrides.file, vh.hostAliases, hybridTarget),
          { overrides, vh },
        ),
      );
    }
  return out;
}

function terraformEntries(ws: Workspace): NbEntry[] {
  const rows = new Map(northboundRows(ws).map((r) => [`${r.file}\u0000${r.group ?? ''}`, r]));
  const out: NbEntry[] = [];
  for (const view of loadBalancers(ws))
    for (const { group, environments } of view.groups) {
      const name = group.name?.value ?? group.resource;
      const row = rows.get(`${group.file}\u0000${name}`);
      const settings = row === undefined ? undefined : [row.sslPolicy, ...(row.mtls === undefined ? [] : [`mTLS ${row.mtls}`])].join('; ');
      for (const env of environments.length === 0 ? [null] : environments)
        out.push({
          kind: 'environment-group',
          env,
          name,
          at: place(group.file, group.name, group.headerSpan),
          port: 443,
          portNote: undefined,
          tls: row?.mtls === undefined ? 'one-way' : 'two-way',
          hosts: hosts(group.file, group.hostnames ?? [], (h) => frontDoorTarget(h, 443)),
          keystore: undefined,
          keyAlias: undefined,
          aliasAt: undefined,
          certificates: [],
          proxies: [],
          settings,
        });
    }
  return out;
}

const KIND_ORDER: Record<NbKind, number> = { 'virtual-host': 0, hybrid: 1, 'environment-group': 2 };

/** Every northbound entry of the workspace: by environment (those of no environment last), kind, then name. */
export function northboundEntries(ws: Workspace): NbEntry[] {
  const bound = virtualHostBindings(ws);
  const edge = ws
    .allEnvironments()
    .flatMap((env) =>
      [...env.virtualHosts.values()].flatMap((list) => (list[0] === undefined ? [] : [edgeEntry(ws, env, list[0], bound)])),
    );
  return [...edge, ...hybridEntries(ws), ...terraformEntries(ws)]
    .sort(
      (a, b) =>
        Number(a.env === null) - Number(b.env === null) ||
        (a.env ?? '').localeCompare(b.env ?? '') ||
        KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
        a.name.localeCompare(b.name),
    )
    .slice(0, MAX_NORTHBOUND_ENTRIES);
}
