// Environment entities from JSON: the arrays of targetServers, keystores, aliases, references and
// resourcefiles, in whichever file layout holds them.
import type { Connection } from '../documents/connection';
import type { JsonNode, JsonProperty } from '../documents/json/json-document';
import { jsonBoolean, targetServerConnection } from '../documents/json/target-servers';
import type { Section } from './layout';
import { unknownKeys } from './target-server-keys';
import { UNKNOWN_ENV } from './layout';
import { isSymbolic } from './symbols';
import { readVirtualHostJson } from './virtual-hosts';
import type {
  AliasDef,
  ConfigSource,
  EnvEntity,
  ExportedCertificate,
  KeystoreDef,
  Located,
  ReferenceDef,
  ResourceFileDef,
  TargetServerDef,
} from './model';

type JsonObject = Extract<JsonNode, { kind: 'object' }>;

export function prop(node: JsonNode | undefined, key: string): JsonProperty | undefined {
  return node?.kind === 'object' ? node.properties.find((p) => p.key === key) : undefined;
}

/** A scalar value as text with its span (string content, or the literal). */
export function located(node: JsonNode | undefined): Located | undefined {
  if (node === undefined) return undefined;
  if (node.kind === 'string') return { value: node.value, span: node.contentSpan };
  if (node.kind === 'number' || node.kind === 'boolean') return { value: node.raw, span: node.span };
  return undefined;
}

const str = (node: JsonNode | undefined, key: string): Located | undefined => {
  const value = prop(node, key)?.value;
  return value?.kind === 'string' ? { value: value.value, span: value.contentSpan } : undefined;
};

/** Read as the API reads it, like lint's SSLInfo elements (one fact); a value that is no boolean is not known here. */
function bool(node: JsonNode | undefined, key: string): boolean | 'template' | undefined {
  const value = jsonBoolean(prop(node, key)?.value);
  return value === 'invalid' ? 'template' : value;
}

function strings(node: JsonNode | undefined, key: string): string[] {
  const value = prop(node, key)?.value;
  return value?.kind === 'array' ? value.items.flatMap((i) => (i.kind === 'string' ? [i.value] : [])) : [];
}

export interface ReadContext {
  env: string;
  file: string;
  source: ConfigSource;
}

/** The entities of one section's array (objects without their required name are skipped). */
export function readSection(section: Section, array: JsonNode, ctx: ReadContext): EnvEntity[] {
  if (array.kind !== 'array') return [];
  const out: EnvEntity[] = [];
  for (const item of array.items) {
    const entity = readEntity(section, item, ctx);
    if (entity !== undefined) out.push(entity);
  }
  return out;
}

function base(item: JsonNode, name: Located, ctx: ReadContext) {
  return { env: ctx.env, name: name.value, file: ctx.file, source: ctx.source, span: item.span, nameSpan: name.span };
}

function readEntity(section: Section, item: JsonNode, ctx: ReadContext): EnvEntity | undefined {
  // apigeecli's keystores file is an array of names.
  if (section === 'keystores' && item.kind === 'string') {
    const name = { value: item.value, span: item.contentSpan };
    return { kind: 'keystore', ...base(item, name, ctx) } satisfies KeystoreDef;
  }
  if (item.kind !== 'object') return undefined;
  const name = str(item, section === 'aliases' ? 'alias' : 'name');
  if (name === undefined) return undefined;
  switch (section) {
    case 'targetServers':
      return targetServer(item, name, ctx);
    case 'keystores':
      return { kind: 'keystore', ...base(item, name, ctx) } satisfies KeystoreDef;
    case 'references':
      return {
        kind: 'reference',
        ...base(item, name, ctx),
        refers: str(item, 'refers'),
        resourceType: str(item, 'resourceType')?.value,
      } satisfies ReferenceDef;
    case 'aliases':
      return {
        kind: 'alias',
        ...base(item, name, ctx),
        keystore: str(item, 'keystorename') ?? str(item, 'keystore'),
        format: str(item, 'format')?.value,
        certFile: str(item, 'certFilePath'),
        keyFile: str(item, 'keyFilePath'),
        archive: str(item, 'filePath'),
        password: str(item, 'password')?.value,
        exported: exportedCertificates(item),
      } satisfies AliasDef;
    case 'resourcefiles':
      return {
        kind: 'resourcefile',
        ...base(item, name, ctx),
        type: str(item, 'type')?.value,
        path: str(item, 'file'),
      } satisfies ResourceFileDef;
    case 'virtualHosts':
      return readVirtualHostJson(item, ctx);
  }
}

function targetServer(item: JsonObject, name: Located, ctx: ReadContext): TargetServerDef {
  const ssl = prop(item, 'sSLInfo')?.value ?? prop(item, 'sslInfo')?.value;
  const portNode = prop(item, 'port')?.value;
  const portText = located(portNode);
  const port =
    portText === undefined
      ? undefined
      : { value: /^\d{1,5}$/.test(portText.value.trim()) ? Number(portText.value.trim()) : undefined, span: portText.span };
  const enabled = bool(ssl, 'enabled');
  const def: TargetServerDef = {
    kind: 'targetServer',
    ...base(item, name, ctx),
    host: str(item, 'host'),
    port,
    enabled: bool(item, 'isEnabled'),
    tls: ssl?.kind === 'object' ? enabled : undefined,
    keyStore: str(ssl, 'keyStore'),
    trustStore: str(ssl, 'trustStore'),
    keyAlias: str(ssl, 'keyAlias'),
    clientAuth: ((v) => (v === 'template' ? undefined : v))(bool(ssl, 'clientAuthEnabled')),
    protocols: strings(ssl, 'protocols'),
    ciphers: strings(ssl, 'ciphers'),
    connection: undefined,
    unknownKeys: unknownKeys(item, ssl, ctx.source),
  };
  // Built when asked (the probe's plan, a LoadBalancer's wording): a file of 20,000 TargetServers is read without
  // 20,000 synthetic SSLInfo elements, which were most of its reading time.
  let connection: Connection | undefined | null = null;
  Object.defineProperty(def, 'connection', {
    enumerable: true,
    get: () => (connection === null ? (connection = targetServerConnection(item)) : connection),
  });
  return def;
}

/**
 * `certsInfo.certInfo[]` of an alias as the management API returns it (Edge: `expiryDate` in epoch milliseconds as a
 * number; X: int64 as a string); undefined for the plugin's input shape.
 */
function exportedCertificates(item: JsonObject): ExportedCertificate[] | undefined {
  const list = prop(prop(item, 'certsInfo')?.value, 'certInfo')?.value;
  if (list?.kind !== 'array') return undefined;
  return list.items.flatMap((info) => {
    const expiry = located(prop(info, 'expiryDate')?.value);
    const ms = expiry === undefined ? NaN : /^\d{1,15}$/.test(expiry.value.trim()) ? Number(expiry.value.trim()) : Date.parse(expiry.value);
    if (expiry === undefined || Number.isNaN(ms)) return [];
    return [{ subject: (str(info, 'subject') ?? str(info, 'subjectDN'))?.value, notAfter: new Date(ms), span: expiry.span }];
  });
}

/** `envConfig.<env>.<section>` of an edge.json-like file; undefined when the file is not one. */
export function readEdgeJson(root: JsonNode, file: string): EnvEntity[] | undefined {
  if (root.kind !== 'object' || !root.properties.some((p) => ['envConfig', 'orgConfig', 'apiConfig'].includes(p.key))) return undefined;
  const envConfig = prop(root, 'envConfig')?.value;
  if (envConfig?.kind !== 'object') return [];
  const out: EnvEntity[] = [];
  for (const env of envConfig.properties) {
    for (const p of env.value.kind === 'object' ? env.value.properties : []) {
      const section = (['targetServers', 'keystores', 'aliases', 'references', 'resourcefiles', 'virtualHosts'] as const).find(
        (s) => s === p.key,
      );
      if (section !== undefined) out.push(...readSection(section, p.value, { env: envName(env.key), file, source: 'edge.json' }));
    }
  }
  return out;
}

/** Envs named in `envConfig` (an edge.json with an environment but no TargetServers still defines it). */
export function edgeJsonEnvs(root: JsonNode): string[] {
  const envConfig = prop(root, 'envConfig')?.value;
  return envConfig?.kind === 'object' ? envConfig.properties.map((p) => envName(p.key)) : [];
}

/** `envConfig.@ENV@` (an edge.template.json): the environment is known only at build time. */
const envName = (key: string): string => (isSymbolic(key) ? UNKNOWN_ENV : key);
