// The "Apigee TLS" view's NORTHBOUND section (pure: no vscode import): under each environment, the front doors
// API clients call (Edge virtual hosts, hybrid environment groups, Apigee X environment groups), then under each its
// host aliases, its keystore → alias → certificate expiry and the API proxies bound to it. The server decides what
// they are (`apigeeTls/northbound`); this only groups and words them.
import type { NorthboundEntry, NorthboundHost, NorthboundLocation } from '../../../server/src/shared/northbound-protocol';

export interface NbSectionNode {
  kind: 'nb-section';
  env: string | null;
  entries: NorthboundEntry[];
}

export interface NbEntryNode {
  kind: 'nb-entry';
  entry: NorthboundEntry;
}

/** A leaf under an entry: a host alias (diagnosable when it has a target), the served alias, a bound proxy. */
export interface NbLeafNode {
  kind: 'nb-leaf';
  entry: NorthboundEntry;
  role: 'host' | 'keystore' | 'proxy';
  label: string;
  description: string;
  at: NorthboundLocation | null;
  host: NorthboundHost | null;
}

export type NbNode = NbSectionNode | NbEntryNode | NbLeafNode;

const KIND_LABEL: Record<NorthboundEntry['kind'], string> = {
  'virtual-host': 'virtual host',
  hybrid: 'hybrid environment group',
  'environment-group': 'Apigee X environment group',
};

/** Entries by environment, in the server's order. */
export function northboundByEnv(entries: readonly NorthboundEntry[]): Map<string | null, NorthboundEntry[]> {
  const out = new Map<string | null, NorthboundEntry[]>();
  for (const e of entries) out.set(e.env, [...(out.get(e.env) ?? []), e]);
  return out;
}

export function sectionDescription(entries: readonly NorthboundEntry[]): string {
  const hosts = entries.reduce((n, e) => n + e.hosts.length, 0);
  return `${entries.length} front door${entries.length === 1 ? '' : 's'} · ${hosts} host name${hosts === 1 ? '' : 's'}`;
}

/** `:9443 · two-way · 1 proxy`, `:443 (port 443, hybrid ingress default) · one-way`. */
export function entryDescription(e: NorthboundEntry): string {
  const port = e.port === null ? 'port unknown' : `:${e.port}${e.portNote === null ? '' : ` (${e.portNote})`}`;
  const proxies = e.proxies.length === 0 ? [] : [`${e.proxies.length} prox${e.proxies.length === 1 ? 'y' : 'ies'}`];
  const expires = earliestExpiry(e);
  return [port, e.tls, ...(expires === undefined ? [] : [`certificate expires ${expires}`]), ...proxies].join(' · ');
}

export function entryTooltip(e: NorthboundEntry): string {
  return [
    `${KIND_LABEL[e.kind]} '${e.name}'${e.env === null ? '' : ` in ${e.env}`}`,
    `hosts: ${e.hosts.map((h) => h.name).join(', ') || 'none'}`,
    ...(e.settings === null ? [] : [`TLS: ${e.settings}`]),
    ...e.certificates.map((c) => `certificate ${c.subject}, expires ${c.notAfter.slice(0, 10)} (${c.file})`),
  ].join('\n');
}

function earliestExpiry(e: NorthboundEntry): string | undefined {
  return e.certificates
    .map((c) => c.notAfter)
    .sort()[0]
    ?.slice(0, 10);
}

/** The entry's children: its host names, then what it serves (keystore → alias → expiry), then the proxies bound. */
export function entryChildren(entry: NorthboundEntry): NbLeafNode[] {
  const hosts = entry.hosts.map((host): NbLeafNode => ({
    kind: 'nb-leaf',
    entry,
    role: 'host',
    label: host.name,
    description:
      host.target === null
        ? 'not diagnosable (template, wildcard or plain HTTP)'
        : `${host.target}${host.note === null ? '' : ` (${host.note})`}`,
    at: host.at,
    host,
  }));
  const served =
    entry.keystore === null && entry.certificates.length === 0
      ? []
      : [
          {
            kind: 'nb-leaf' as const,
            entry,
            role: 'keystore' as const,
            label:
              entry.keystore === null
                ? `certificate ${entry.certificates[0]?.file ?? ''}`
                : `keystore ${entry.keystore} → ${entry.keyAlias ?? '?'}`,
            description:
              entry.certificates[0] === undefined
                ? 'certificate not read (not in the repository, or the workspace is not trusted)'
                : `${entry.certificates[0].subject} · expires ${earliestExpiry(entry)!}`,
            at: entry.aliasAt,
            host: null,
          },
        ];
  const proxies = entry.proxies.map((p): NbLeafNode => ({
    kind: 'nb-leaf',
    entry,
    role: 'proxy',
    label: `proxy ${p.name}`,
    description: '<VirtualHost>',
    at: p.at,
    host: null,
  }));
  return [...hosts, ...served, ...proxies];
}

/** The hosts "Diagnose clients" can dial from a node: the host itself, or each of an entry's. */
export function diagnosableHosts(node: NbNode): NorthboundHost[] {
  if (node.kind === 'nb-leaf') return node.host?.target == null ? [] : [node.host];
  if (node.kind === 'nb-entry') return node.entry.hosts.filter((h) => h.target !== null);
  return [];
}
