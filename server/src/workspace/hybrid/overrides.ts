// Apigee hybrid's `overrides.yaml` (apigeectl and the Helm charts): the northbound settings of the ingress, read with
// exact spans so that findings land on the key or value at fault. `virtualhosts[]` (one per environment group:
// certificate and key files or a Kubernetes Secret, tlsMode, TLS version range, cipher suites, extra gateways),
// `envgroups[]` (hostnames and environments, when the file keeps them) and `envs[]` (the environments).
import { entryOf, parseYaml, type YamlEntry, type YamlNode } from '../../documents/yaml/yaml-document';
import type { Span } from '../../documents/xml/types';
import type { Located } from '../model';

export interface HybridVirtualHost {
  /** The `virtualhosts[]` item. */
  span: Span;
  /** The environment group it serves (`name`). */
  name: Located | undefined;
  sslCertPath: Located | undefined;
  sslKeyPath: Located | undefined;
  sslSecret: Located | undefined;
  caCertPath: Located | undefined;
  /** `SIMPLE` (default) or `MUTUAL`. */
  tlsMode: Located | undefined;
  minTLSProtocolVersion: Located | undefined;
  maxTLSProtocolVersion: Located | undefined;
  cipherSuites: Located[];
  additionalGateways: Located[];
  /** `selector` as `key=value` pairs. */
  selector: Located[];
  /** Hybrid 1.2's shape: the host names served by this virtual host itself. */
  hostAliases: Located[];
  /** Hybrid 1.2's shape: the environments its `routingRules[].env` route to. */
  routingEnvs: Located[];
}

export interface HybridEnvGroup {
  span: Span;
  name: Located | undefined;
  hostnames: Located[];
  environments: Located[];
}

export interface HybridOverrides {
  file: string;
  org: Located | undefined;
  envs: Located[];
  virtualHosts: HybridVirtualHost[];
  envGroups: HybridEnvGroup[];
  /** Hybrid 1.2's ingress-wide `ingress.minTLSProtocolVersion` / `maxTLSProtocolVersion`, when written. */
  ingress?: { minTLSProtocolVersion: Located | undefined; maxTLSProtocolVersion: Located | undefined };
}

/** Files read at most: an overrides file holds a handful of each. */
const MAX_ITEMS = 1000;

/** A scalar's text as written (`1.0` stays `1.0`, not the number 1), inside its quotes, with that span. */
function scalar(text: string, node: YamlNode | undefined): Located | undefined {
  if (node?.kind !== 'scalar' || node.value === null) return undefined;
  let { start, end } = node.span;
  const first = text[start];
  if ((first === '"' || first === "'") && end - start >= 2 && text[end - 1] === first) {
    start++;
    end--;
  }
  return { value: text.slice(start, end), span: { start, end } };
}

const at = (text: string, node: YamlNode | undefined, key: string): Located | undefined => scalar(text, entryOf(node, key)?.value);

/** A list of scalars (a YAML sequence, or a single scalar read as a list of one). */
function list(text: string, entry: YamlEntry | undefined): Located[] {
  const value = entry?.value;
  if (value?.kind === 'seq') return value.items.slice(0, MAX_ITEMS).flatMap((i) => scalar(text, i) ?? []);
  const one = scalar(text, value);
  return one === undefined ? [] : [one];
}

const items = (node: YamlNode | undefined, key: string): YamlNode[] => {
  const value = entryOf(node, key)?.value;
  return value?.kind === 'seq' ? value.items.slice(0, MAX_ITEMS).filter((i) => i.kind === 'map') : [];
};

function selectorOf(text: string, node: YamlNode | undefined): Located[] {
  const value = entryOf(node, 'selector')?.value;
  if (value?.kind !== 'map') return [];
  return value.entries.flatMap((e) => {
    const v = scalar(text, e.value);
    return v === undefined ? [] : [{ value: `${e.key}=${v.value}`, span: { start: e.keySpan.start, end: v.span.end } }];
  });
}

/** Whether a YAML file's text is worth reading as overrides (cheap test). */
export const looksLikeOverrides = (text: string): boolean => /^(virtualhosts|envgroups|envs)\s*:/m.test(text);

/** The northbound settings of an overrides file; undefined when it has none of the three lists. */
export function readOverrides(file: string, text: string): HybridOverrides | undefined {
  if (!looksLikeOverrides(text)) return undefined;
  const { root } = parseYaml(text);
  if (root?.kind !== 'map') return undefined;
  const virtualHosts = items(root, 'virtualhosts').map((vh): HybridVirtualHost => ({
    span: vh.span,
    name: at(text, vh, 'name'),
    sslCertPath: at(text, vh, 'sslCertPath'),
    sslKeyPath: at(text, vh, 'sslKeyPath'),
    sslSecret: at(text, vh, 'sslSecret'),
    caCertPath: at(text, vh, 'caCertPath'),
    tlsMode: at(text, vh, 'tlsMode'),
    minTLSProtocolVersion: at(text, vh, 'minTLSProtocolVersion'),
    maxTLSProtocolVersion: at(text, vh, 'maxTLSProtocolVersion'),
    cipherSuites: list(text, entryOf(vh, 'cipherSuites')),
    additionalGateways: list(text, entryOf(vh, 'additionalGateways')),
    selector: selectorOf(text, vh),
    hostAliases: list(text, entryOf(vh, 'hostAliases')),
    routingEnvs: items(vh, 'routingRules').flatMap((r) => at(text, r, 'env') ?? []),
  }));
  const envGroups = items(root, 'envgroups').map((g): HybridEnvGroup => ({
    span: g.span,
    name: at(text, g, 'name'),
    hostnames: list(text, entryOf(g, 'hostnames')),
    environments: list(text, entryOf(g, 'environments') ?? entryOf(g, 'envs')),
  }));
  const envs = items(root, 'envs').flatMap((e) => at(text, e, 'name') ?? []);
  if (virtualHosts.length === 0 && envGroups.length === 0 && envs.length === 0) return undefined;
  const ingress = entryOf(root, 'ingress')?.value;
  const versions = {
    minTLSProtocolVersion: at(text, ingress, 'minTLSProtocolVersion'),
    maxTLSProtocolVersion: at(text, ingress, 'maxTLSProtocolVersion'),
  };
  const wide = versions.minTLSProtocolVersion !== undefined || versions.maxTLSProtocolVersion !== undefined;
  return { file, org: at(text, root, 'org'), envs, virtualHosts, envGroups, ...(wide ? { ingress: versions } : {}) };
}

/** The environment group a virtual host serves, when the file (or another overrides file) defines it. */
export function groupOf(all: readonly HybridOverrides[], vh: HybridVirtualHost): HybridEnvGroup | undefined {
  const name = vh.name?.value;
  if (name === undefined) return undefined;
  for (const o of all) for (const g of o.envGroups) if (g.name?.value === name) return g;
  return undefined;
}

/** The host names clients call for a virtual host: its environment group's hostnames, else its own (1.2) aliases. */
export function hostnamesOf(all: readonly HybridOverrides[], vh: HybridVirtualHost): Located[] {
  const group = groupOf(all, vh);
  return group !== undefined && group.hostnames.length > 0 ? group.hostnames : vh.hostAliases;
}
