// The audit table: every outbound connection a bundle configures, per environment, resolved the way Apigee
// will see it once deployed (TargetServer, templated URL, truststore and client certificate with expiry).
import { basename, dirname } from 'node:path';
import type { Connection } from '../documents/connection';
import { firstChild, type XmlElement } from '../documents/xml/document';
import { aliasCertificates as certificatesOfMaterial, aliasMaterial } from './material';
import type { AliasDef, Located } from './model';
import { isSymbolic } from './symbols';
import { aliasesOf, keystoreNameOf, resolveStore } from './resolve';
import { substitute } from './templates';
import type { EnvIndex, Workspace } from './workspace';

export interface CertificateSummary {
  subject: string;
  issuer: string;
  notAfter: string;
  /** The alias holding it, and its file. */
  alias: string;
  file: string;
  /** Read from the certificate file the alias names (management-API exports will add `export`). */
  source: 'file' | 'export';
}

export interface StoreSummary {
  /** As written: `ref://ts`, a keystore name or a template. */
  value: string;
  /** The keystore it resolves to in the environment (undefined: unresolved or symbolic). */
  keystore: string | undefined;
  certificates: CertificateSummary[];
}

export interface InventoryRow {
  env: string;
  /** The proxy's or shared flow's name (the bundle's root XML, `<APIProxy name="…">`; else its folder's name). */
  bundle: string;
  /** `TargetEndpoint default` / `ServiceCallout SC-Auth`. */
  source: string;
  file: string;
  /** The TargetServer the connection goes through, for a LoadBalancer. */
  targetServer: string | undefined;
  host: string | undefined;
  /** The host is a build token (`@HOST@`, `${host}`, `{{ host }}`, `TARGET_HOST`): replaced before deployment. */
  hostIsToken: boolean;
  port: number | undefined;
  /** The URL as resolved in the environment (templates that stay symbolic are kept). */
  url: string | undefined;
  tls: boolean | 'unknown';
  protocols: string[];
  ciphers: string[];
  trustStore: StoreSummary | undefined;
  clientCertificate: (StoreSummary & { alias: string | undefined }) | undefined;
}

export function inventory(ws: Workspace, only?: ReadonlySet<string>): InventoryRow[] {
  const rows: InventoryRow[] = [];
  const names = bundleNames(ws);
  for (const facts of ws.allFacts()) {
    if (facts.connections.length === 0 || facts.role.kind !== 'bundle-xml') continue;
    const bundle = names.get(facts.role.bundleRoot) ?? basename(dirname(facts.role.bundleRoot));
    const envs: Array<EnvIndex | undefined> = ws.environmentsOf(facts.path, only);
    if (envs.length === 0 && only === undefined) envs.push(undefined);
    for (const connection of facts.connections) {
      const source = `${connection.kind}${connection.ownerName ? ` ${connection.ownerName}` : ''}`;
      for (const env of envs) rows.push(...connectionRows(ws, env, connection, { bundle, source, file: facts.path }));
    }
  }
  return rows.sort(
    (a, b) =>
      a.env.localeCompare(b.env) || a.bundle.localeCompare(b.bundle) || a.source.localeCompare(b.source) || a.file.localeCompare(b.file),
  );
}

interface Where {
  bundle: string;
  source: string;
  file: string;
}

function connectionRows(ws: Workspace, env: EnvIndex | undefined, connection: Connection, where: Where): InventoryRow[] {
  const ssl = connection.sslInfo;
  const text = (element: XmlElement | undefined): string | undefined =>
    element === undefined || element.opaque ? undefined : element.text;
  const sslText = (name: string): string | undefined => (ssl === undefined ? undefined : text(firstChild(ssl, name)));
  const list = (container: string, item: string): string[] =>
    ssl === undefined
      ? []
      : (firstChild(ssl, container)
          ?.children.filter((c) => c.name === item)
          .map((c) => c.text) ?? []);
  const endpointTls = {
    enabled: sslText('Enabled'),
    protocols: list('Protocols', 'Protocol'),
    ciphers: list('Ciphers', 'Cipher'),
    trustStore: sslText('TrustStore'),
    keyStore: sslText('KeyStore'),
    keyAlias: sslText('KeyAlias'),
    clientAuth: sslText('ClientAuthEnabled'),
  };
  const envName = env?.label ?? '(no environment)';
  const servers = connection.loadBalancer?.children.filter((c) => c.name === 'Server') ?? [];
  if (servers.length > 0) {
    return servers.map((server) => {
      const name = server.attributes.find((a) => a.name === 'name')?.value ?? '';
      const ts = env?.targetServers.get(name)?.[0];
      // The TargetServer's sSLInfo wins over the endpoint's (documented for Apigee X).
      const own = ts !== undefined && ts.tls !== undefined;
      const tls: boolean | 'unknown' =
        ts === undefined
          ? 'unknown'
          : own
            ? ts.tls === 'template'
              ? 'unknown'
              : ts.tls === true
            : booleanOf(endpointTls.enabled ?? 'false');
      const value = (l: Located | undefined): string | undefined => l?.value;
      return {
        env: envName,
        ...where,
        targetServer: name,
        host: ts?.host?.value,
        hostIsToken: ts?.host !== undefined && isSymbolic(ts.host.value),
        port: ts?.port?.value,
        url: undefined,
        tls,
        protocols: own ? ts.protocols : endpointTls.protocols,
        ciphers: own ? ts.ciphers : endpointTls.ciphers,
        trustStore: store(ws, env, own ? value(ts.trustStore) : endpointTls.trustStore),
        clientCertificate: client(
          ws,
          env,
          own ? ts.clientAuth === true : endpointTls.clientAuth === 'true',
          own ? value(ts.keyStore) : endpointTls.keyStore,
          own ? value(ts.keyAlias) : endpointTls.keyAlias,
        ),
      };
    });
  }
  const rawUrl = text(connection.url);
  const url = rawUrl === undefined ? undefined : (substitute(ws, where.file, env, rawUrl) ?? rawUrl);
  const m = url === undefined ? null : /^(https?):\/\/(?:[^@/?#]*@)?(\[[^\]]+\]|[^:/?#]+)(?::(\d+))?/i.exec(url);
  const scheme = m?.[1]?.toLowerCase();
  const host = m?.[2];
  const port = m?.[3] !== undefined ? Number(m[3]) : scheme === 'https' ? 443 : scheme === 'http' ? 80 : undefined;
  const tls = scheme === 'https' ? true : scheme === 'http' ? false : 'unknown';
  return [
    {
      env: envName,
      ...where,
      targetServer: undefined,
      host: host !== undefined && !host.includes('{') ? host : undefined,
      hostIsToken: host !== undefined && isSymbolic(host),
      port,
      url,
      tls,
      protocols: endpointTls.protocols,
      ciphers: endpointTls.ciphers,
      trustStore: store(ws, env, endpointTls.trustStore),
      clientCertificate: client(ws, env, endpointTls.clientAuth === 'true', endpointTls.keyStore, endpointTls.keyAlias),
    },
  ];
}

function store(ws: Workspace, env: EnvIndex | undefined, value: string | undefined, alias?: string): StoreSummary | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const keystore = env === undefined ? undefined : keystoreNameOf(resolveStore(env, value));
  const certificates: CertificateSummary[] = [];
  if (env !== undefined && keystore !== undefined) {
    for (const [name, defs] of aliasesOf(env, keystore)) {
      if (alias !== undefined && name !== alias) continue;
      certificates.push(...aliasCertificates(ws, env, defs[0]!));
    }
  }
  return {
    value,
    keystore: env !== undefined && keystore !== undefined && env.keystores.has(keystore) ? keystore : undefined,
    certificates,
  };
}

/**
 * The certificates an alias holds, with their expiry: from the certificate file it names. Hook: when the model reads
 * management-API exports (aliases.json with `certsInfo`/`expiryDate`), add their certificates here with
 * `source: 'export'`, so the connection rows and the object table show them alike.
 */
export function aliasCertificates(ws: Workspace, env: EnvIndex, def: AliasDef): CertificateSummary[] {
  // Its certificate file, or the PKCS#12 archive it names (whose expiry certificate-expired reads as well).
  return certificatesOfMaterial(aliasMaterial(ws, env, def)).flatMap(({ file, certificates }) =>
    certificates.map((c) => ({
      subject: c.subject,
      issuer: c.issuer,
      notAfter: c.notAfter.toISOString(),
      alias: def.name,
      file: file.located.value,
      source: 'file' as const,
    })),
  );
}

const ROOT_NAME =
  /^\s*(?:<\?[\s\S]*?\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:APIProxy|SharedFlowBundle)\b[^>]*?\bname\s*=\s*("([^"]*)"|'([^']*)')/;

/** Bundle folder → the name its root XML declares (`apiproxy/<x>.xml`: `<APIProxy name="…">`), when it does. */
export function bundleNames(ws: Workspace): Map<string, string> {
  const out = new Map<string, string>();
  for (const facts of ws.allFacts()) {
    if (facts.role.kind !== 'bundle-xml' || dirname(facts.path) !== facts.role.bundleRoot || out.has(facts.role.bundleRoot)) continue;
    const m = ROOT_NAME.exec(facts.text.slice(0, 64 * 1024));
    const name = (m?.[2] ?? m?.[3] ?? '').trim();
    if (name !== '') out.set(facts.role.bundleRoot, name);
  }
  return out;
}

function client(
  ws: Workspace,
  env: EnvIndex | undefined,
  enabled: boolean,
  keyStore: string | undefined,
  keyAlias: string | undefined,
): InventoryRow['clientCertificate'] {
  if (!enabled) return undefined;
  const summary = store(ws, env, keyStore, keyAlias ?? '');
  return summary === undefined ? undefined : { ...summary, alias: keyAlias };
}

const booleanOf = (value: string): boolean | 'unknown' => (value === 'true' ? true : value === 'false' ? false : 'unknown');
