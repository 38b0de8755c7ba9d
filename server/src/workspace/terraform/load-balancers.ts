// The northbound objects of a Terraform module put together: each target HTTPS proxy with the SSL policy it applies,
// the names its certificates cover (managed domains, certificate map entries, the SANs of self-managed certificate
// files), and the environment groups it serves; each environment group with the environments attached to it.
import { readCertificates, type CertificateFile } from '../certificates';
import type { Workspace, NorthboundModule } from '../workspace';
import type { CertMapEntry, EnvGroup, HttpsProxy, LbCertificate, NbRef, NorthboundObject, ServerTlsPolicy, SslPolicy } from './northbound';

export interface GroupView {
  group: EnvGroup;
  environments: string[];
}

/** The policy a proxy applies: one of the module, Google's default (none set), or one decided elsewhere. */
export type AppliedPolicy = { kind: 'policy'; policy: SslPolicy } | { kind: 'default' } | { kind: 'elsewhere' };

export interface ProxyView {
  proxy: HttpsProxy;
  policy: AppliedPolicy;
  /** The names its certificates cover; undefined when a certificate's names are decided outside the repository. */
  names: string[] | undefined;
  /** The environment groups whose hostnames it serves (all of the module's when its certificates are unknown). */
  groups: GroupView[];
  serverTlsPolicy: ServerTlsPolicy | undefined;
}

export interface LoadBalancerView {
  module: NorthboundModule;
  groups: GroupView[];
  proxies: ProxyView[];
  policies: SslPolicy[];
  serverTlsPolicies: ServerTlsPolicy[];
}

const ofKind = <K extends NorthboundObject['kind']>(objects: readonly NorthboundObject[], kind: K) =>
  objects.filter((o): o is Extract<NorthboundObject, { kind: K }> => o.kind === kind);

/** Every module with northbound objects, put together. */
export function loadBalancers(ws: Workspace): LoadBalancerView[] {
  return ws.northbound().flatMap((module) => runs(module).map((objects) => view(ws, { ...module, objects })));
}

/**
 * The objects of each tfvars run of a module (one per environment's file) when some differ between runs, so that a
 * proxy is linked to the SSL policy, certificates and groups of its own run; else the module's objects as one run.
 */
function runs(module: NorthboundModule): NorthboundModule['objects'][] {
  const labels = [...new Set(module.objects.flatMap((o) => o.variants ?? []))].sort();
  if (labels.length === 0) return [module.objects];
  return labels.map((label) => module.objects.filter((o) => o.variants === undefined || o.variants.includes(label)));
}

function view(ws: Workspace, module: NorthboundModule): LoadBalancerView {
  const { objects } = module;
  const attachments = ofKind(objects, 'attachment');
  const groups = ofKind(objects, 'envgroup').map((group) => ({
    group,
    environments: [
      ...new Set(attachments.filter((a) => a.group === group.resource && a.environment !== undefined).map((a) => a.environment!)),
    ],
  }));
  const policies = ofKind(objects, 'ssl-policy');
  const certificates = ofKind(objects, 'certificate');
  const entries = ofKind(objects, 'map-entry');
  const serverTlsPolicies = ofKind(objects, 'server-tls-policy');
  const namesOf = (refs: readonly NbRef[]): string[] | undefined => {
    const out: string[] = [];
    for (const ref of refs) {
      const found = ref.kind === 'resource' ? certificates.filter((c) => c.resource === ref.resource) : [];
      if (found.length === 0) return undefined;
      for (const cert of found) {
        const names = certificateNames(ws, cert);
        if (names === undefined) return undefined;
        out.push(...names);
      }
    }
    return out;
  };
  const proxies = ofKind(objects, 'https-proxy').map((proxy): ProxyView => {
    const names = proxyNames(proxy, entries, namesOf);
    const served = names === undefined ? [] : groups.filter((g) => (g.group.hostnames ?? []).some((h) => covers(names, h.value)));
    const tls = proxy.serverTlsPolicy;
    return {
      proxy,
      policy: appliedPolicy(proxy, policies),
      names,
      groups: served.length > 0 ? served : groups,
      serverTlsPolicy:
        tls.state === 'value' && tls.value.kind === 'resource'
          ? serverTlsPolicies.find((p) => p.resource === (tls.value as { resource: string }).resource)
          : undefined,
    };
  });
  return { module, groups, proxies, policies, serverTlsPolicies };
}

function appliedPolicy(proxy: HttpsProxy, policies: readonly SslPolicy[]): AppliedPolicy {
  const field = proxy.sslPolicy;
  if (field.state === 'absent' || field.state === 'null') return { kind: 'default' };
  if (field.state === 'unknown' || field.value.kind === 'outside') return { kind: 'elsewhere' };
  const resource = field.value.resource;
  const policy = policies.find((p) => p.resource === resource);
  return policy === undefined ? { kind: 'elsewhere' } : { kind: 'policy', policy };
}

/** The names a proxy's certificates cover, from its certificates and its certificate map; undefined when unknown. */
function proxyNames(
  proxy: HttpsProxy,
  entries: readonly CertMapEntry[],
  namesOf: (refs: readonly NbRef[]) => string[] | undefined,
): string[] | undefined {
  const names: string[] = [];
  const { certificates, certificateMap } = proxy;
  if (certificates.state === 'unknown') return undefined;
  if (certificates.state === 'value') {
    const own = namesOf(certificates.value);
    if (own === undefined) return undefined;
    names.push(...own);
  }
  if (certificateMap.state === 'unknown') return undefined;
  if (certificateMap.state === 'value') {
    const map = certificateMap.value;
    if (map.kind === 'outside') return undefined;
    for (const entry of entries.filter((e) => e.map === map.resource)) {
      const certs = entry.certificates === undefined ? undefined : namesOf(entry.certificates);
      if (certs === undefined) return undefined;
      // An entry serves its certificates to its hostname only (the primary one to any name): a name they do not cover
      // gets a mismatch either way.
      names.push(...(entry.primary || entry.hostname === undefined ? certs : certs.filter((n) => covers([n], entry.hostname!.value))));
    }
  }
  return names;
}

/**
 * A self-managed certificate's PEM, parsed: from its `file("…")` or inline (read as material: not while untrusted);
 * undefined for a managed certificate, or when unreadable.
 */
export function certificateFile(ws: Workspace, cert: LbCertificate): CertificateFile | undefined {
  const pem = cert.pem;
  if (pem?.path !== undefined) return ws.readCertificateFile(pem.path).certs;
  const read = pem?.text === undefined ? undefined : ws.readInline(pem.text);
  return read?.ok === true ? readCertificates(read.data) : undefined;
}

/** The DNS names a certificate covers: managed domains, or the SANs (else the CN) of its PEM; undefined when unknown. */
export function certificateNames(ws: Workspace, cert: LbCertificate): string[] | undefined {
  if (cert.domains !== undefined) return cert.domains.map((d) => d.value);
  const parsed = certificateFile(ws, cert);
  const leaf = parsed?.ok === true ? parsed.certificates[0] : undefined;
  if (leaf === undefined) return undefined;
  const sans = (leaf.x509.subjectAltName ?? '')
    .split(/,\s*/)
    .filter((s) => s.startsWith('DNS:'))
    .map((s) => s.slice(4));
  if (sans.length > 0) return sans;
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(leaf.x509.subject)?.[1];
  return cn === undefined ? [] : [cn];
}

/**
 * The proxies that serve a certificate (in their certificates, or through their certificate map's entries) and the
 * environment groups it serves through them: those with a hostname it covers, else all those proxies serve.
 */
export function servedBy(ws: Workspace, view: LoadBalancerView, cert: LbCertificate): { proxies: ProxyView[]; groups: GroupView[] } {
  const entries = ofKind(view.module.objects, 'map-entry');
  const names = (refs: readonly NbRef[] | undefined): boolean =>
    (refs ?? []).some((r) => r.kind === 'resource' && r.resource === cert.resource);
  const proxies = view.proxies.filter(({ proxy }) => {
    const { certificates, certificateMap } = proxy;
    if (certificates.state === 'value' && names(certificates.value)) return true;
    const map = certificateMap.state === 'value' && certificateMap.value.kind === 'resource' ? certificateMap.value.resource : undefined;
    return map !== undefined && entries.some((e) => e.map === map && names(e.certificates));
  });
  const all = [...new Set(proxies.flatMap((p) => p.groups))];
  const certNames = certificateNames(ws, cert) ?? [];
  const covered = all.filter((g) => (g.group.hostnames ?? []).some((h) => covers(certNames, h.value)));
  return { proxies, groups: covered.length > 0 ? covered : all };
}

/** Whether a certificate name list covers a hostname: exactly, or by a wildcard for one leftmost label. */
export function covers(names: readonly string[], hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return names.some((raw) => {
    const name = raw.toLowerCase().replace(/\.$/, '');
    if (name === host) return true;
    if (!name.startsWith('*.') || host.startsWith('*.')) return false;
    const dot = host.indexOf('.');
    return dot > 0 && host.slice(dot + 1) === name.slice(2);
  });
}

/** `environment group 'public' (api.example.com; environment prod)`, for messages. */
export function describeGroups(groups: readonly GroupView[], max = 3): string {
  if (groups.length === 0) return 'no environment group defined here';
  const one = ({ group, environments }: GroupView): string => {
    const hosts = (group.hostnames ?? []).map((h) => h.value);
    const parts = [
      hosts.length === 0 ? undefined : hosts.slice(0, 4).join(', ') + (hosts.length > 4 ? ` and ${hosts.length - 4} more` : ''),
      environments.length === 0 ? undefined : `environment${environments.length === 1 ? '' : 's'} ${environments.join(', ')}`,
    ].filter((p) => p !== undefined);
    return `'${group.name?.value ?? group.resource}'${parts.length === 0 ? '' : ` (${parts.join('; ')})`}`;
  };
  const shown = groups.slice(0, max).map(one);
  const more = groups.length > max ? ` and ${groups.length - max} more` : '';
  return `environment group${groups.length === 1 ? '' : 's'} ${shown.join(', ')}${more}`;
}
