// What one file contributes to the model, computed from its text alone (so a change re-reads only that file).
import { dirname } from 'node:path';
import { findConnections, isTlsRoot, type Connection } from '../documents/connection';
import { parseJsonLenient, type JsonNode, type JsonRecovery } from '../documents/json/json-document';
import { looksLikeJson, sniffRootName, sniffTlsRoot } from '../documents/sniff';
import { firstChild, MAX_DOCUMENT_LENGTH, parseXml, type XmlDocument } from '../documents/xml/document';
import { parseHcl, type HclFile } from '../documents/hcl/hcl-document';
import { parseTfJson, parseTfVarsJson } from '../documents/hcl/tf-json';
import { edgeJsonEnvs, readEdgeJson, readSection } from './config-entities';
import { classify, envFromPath, UNKNOWN_ENV, type FileRole } from './layout';
import type { ConfigSource, EnvEntity, PropertySetDef, Use } from './model';
import { parseProperties, type PropertyEntry } from './properties';
import { readOverrides, type HybridOverrides } from './hybrid/overrides';
import { readMessageProcessorProxy, type MessageProcessorProxyDef } from './mp-proxy';
import { readRuntimeProxies, type RuntimeProxyDef } from './runtime-proxy';
import { looksLikeVirtualHosts, readVirtualHostsJson, readVirtualHostXml } from './virtual-hosts';

export interface FileFacts {
  path: string;
  text: string;
  role: FileRole;
  /** Environments this file defines (an env folder or `envConfig` key counts even when empty). */
  envs: string[];
  entities: EnvEntity[];
  /** Where lenient JSON reading recovered (a plugin-accepted but invalid JSON file). */
  recoveries: JsonRecovery[];
  /** An environment configuration file that is not JSON even leniently. */
  unreadable: boolean;
  /** An `edge.json`-like file (recognised by its keys). */
  edgeJson: boolean;
  uses: Use[];
  propertySet: PropertySetDef | undefined;
  /** TargetEndpoint / ServiceCallout documents, parsed once for the model and the per-file rules. */
  doc: XmlDocument | undefined;
  connections: Connection[];
  /** Apigee X local `deployments.json`: the proxies and shared flows deployed to the env. */
  deployments: string[] | undefined;
  /** A Terraform file (`.tf`, `.tf.json`, `.tfvars`), parsed; its entities come from its module (workspace/terraform). */
  hcl?: HclFile;
  /** Apigee hybrid's overrides file: its ingress virtual hosts, environment groups and environments. */
  hybrid?: HybridOverrides;
  /** A hybrid overrides file: each environment's forward proxy (`envs[].httpProxy`). */
  runtimeProxies?: RuntimeProxyDef[];
  /** Edge Private Cloud's router.properties: every key with its spans. */
  routerProperties?: Map<string, PropertyEntry>;
  /** Edge Private Cloud's message-processor.properties: its forward proxy (no password), when it configures one. */
  mpProxy?: MessageProcessorProxyDef;
}

const PROPERTY_TEMPLATE = /\{propertyset\.([^.{}\s]+)\.([^{}\s]+)\}/g;

export function readFacts(path: string, text: string): FileFacts | undefined {
  const role = classify(path) ?? standaloneRole(path, text);
  if (role === undefined) return undefined;
  const facts: FileFacts = {
    path,
    text,
    role,
    envs: [],
    entities: [],
    recoveries: [],
    unreadable: false,
    edgeJson: false,
    uses: [],
    propertySet: undefined,
    doc: undefined,
    connections: [],
    deployments: undefined,
  };
  if (text.length > MAX_DOCUMENT_LENGTH) return facts;
  switch (role.kind) {
    case 'bundle-xml':
      readBundleXml(facts);
      break;
    case 'bundle-properties':
      facts.propertySet = { scope: 'proxy', name: role.set, file: path, entries: parseProperties(text), bundleRoot: role.bundleRoot };
      break;
    case 'local-properties':
      facts.envs = [role.env];
      facts.propertySet = { scope: 'env', name: role.set, file: path, entries: parseProperties(text), env: role.env };
      break;
    case 'maven-env':
    case 'apigeecli-export':
      facts.envs = [role.env];
      readArrayFile(facts, (root) =>
        readSection(role.section, root, { env: role.env, file: path, source: role.kind === 'maven-env' ? 'maven' : 'apigeecli' }),
      );
      break;
    case 'import-file':
      facts.envs = [UNKNOWN_ENV];
      readArrayFile(facts, (root) => readSection(role.section, root, { env: UNKNOWN_ENV, file: path, source: 'apigeecli' }));
      break;
    case 'local-env':
      facts.envs = [role.env];
      if (role.section === 'deployments') readArrayFile(facts, (root) => ((facts.deployments = deployments(root)), []));
      else
        readArrayFile(facts, (root) =>
          readSection(role.section as never, root, { env: role.env, file: path, source: 'local' satisfies ConfigSource }),
        );
      break;
    case 'json':
      // Cheap test first: most JSON files of a repository (package.json, …) are not Apigee configuration.
      if (/"(envConfig|orgConfig|apiConfig)"/.test(text)) {
        const parsed = parseJsonLenient(text);
        const entities = parsed && readEdgeJson(parsed.root, path);
        if (parsed !== undefined && entities !== undefined) {
          facts.edgeJson = true;
          facts.entities = entities;
          facts.recoveries = parsed.recoveries;
          facts.envs = edgeJsonEnvs(parsed.root);
        }
      }
      if (!facts.edgeJson && text.includes('"hostAliases"')) readManagementApiJson(facts);
      break;
    case 'virtual-host-xml': {
      facts.envs = [role.env];
      const vh = readVirtualHostXml(text, { env: role.env, file: path, source: 'management-api' });
      if (vh !== undefined) facts.entities = [vh];
      break;
    }
    case 'terraform':
      facts.hcl = role.json ? parseTfJson(text) : parseHcl(text);
      break;
    case 'terraform-vars':
      facts.hcl = role.json ? parseTfVarsJson(text) : parseHcl(text);
      break;
    case 'hybrid-overrides': {
      const hybrid = readOverrides(path, text);
      if (hybrid !== undefined) facts.hybrid = hybrid;
      // No environment is created from it: its proxies join the environments the configuration defines.
      facts.runtimeProxies = readRuntimeProxies(text, path);
      break;
    }
    case 'router-properties':
      facts.routerProperties = parseProperties(text);
      break;
    case 'mp-properties': {
      const proxy = readMessageProcessorProxy(text, path);
      if (proxy !== undefined) facts.mpProxy = proxy;
      break;
    }
    case 'maven-ignored':
    case 'pom':
      break;
  }
  return facts;
}

function readArrayFile(facts: FileFacts, read: (root: JsonNode) => EnvEntity[]): void {
  if (!looksLikeJson(facts.text)) {
    facts.unreadable = facts.text.trim() !== '';
    return;
  }
  const parsed = parseJsonLenient(facts.text);
  if (parsed === undefined) {
    facts.unreadable = true;
    return;
  }
  facts.recoveries = parsed.recoveries;
  facts.entities = read(parsed.root);
}

/** Virtual hosts as the management API gives them (a GET committed as is), their environment from the path. */
function readManagementApiJson(facts: FileFacts): void {
  const parsed = parseJsonLenient(facts.text);
  if (parsed === undefined || !looksLikeVirtualHosts(parsed.root)) return;
  const env = envFromPath(facts.path) ?? UNKNOWN_ENV;
  facts.envs = [env];
  facts.recoveries = parsed.recoveries;
  facts.entities = readVirtualHostsJson(parsed.root, { env, file: facts.path, source: 'management-api' });
}

function deployments(root: JsonNode): string[] {
  const names: string[] = [];
  const items = root.kind === 'object' ? root.properties.flatMap((p) => (p.value.kind === 'array' ? p.value.items : [])) : [];
  for (const item of items) {
    if (item.kind === 'string') names.push(item.value);
    const name = item.kind === 'object' ? item.properties.find((p) => p.key === 'name')?.value : undefined;
    if (name?.kind === 'string') names.push(name.value);
  }
  return names;
}

function readBundleXml(facts: FileFacts): void {
  const { text, path } = facts;
  const rootName = sniffRootName(text);
  if (rootName === 'ProxyEndpoint' && text.includes('VirtualHost')) readVirtualHostUses(facts);
  if (rootName !== undefined && isTlsRoot(rootName)) {
    const doc = parseXml(text);
    facts.doc = doc;
    facts.connections = findConnections(doc);
    for (const connection of facts.connections) {
      for (const server of connection.loadBalancer?.children.filter((c) => c.name === 'Server') ?? []) {
        const name = server.attributes.find((a) => a.name === 'name');
        if (name !== undefined) facts.uses.push({ kind: 'server', file: path, span: name.valueSpan, value: name.value });
      }
      const ssl = connection.sslInfo;
      if (ssl === undefined) continue;
      const keyStore = firstChild(ssl, 'KeyStore');
      for (const slot of ['KeyStore', 'TrustStore'] as const) {
        const element = firstChild(ssl, slot);
        if (element?.textSpan !== undefined && !element.opaque)
          facts.uses.push({ kind: 'store', slot, file: path, span: element.textSpan, value: element.text });
      }
      const alias = firstChild(ssl, 'KeyAlias');
      if (alias?.textSpan !== undefined && !alias.opaque)
        facts.uses.push({
          kind: 'keyAlias',
          file: path,
          span: alias.textSpan,
          value: alias.text,
          keyStore: keyStore?.opaque ? undefined : keyStore?.text,
        });
    }
  }
  if (text.includes('propertyset.')) {
    for (const m of text.matchAll(PROPERTY_TEMPLATE)) {
      facts.uses.push({
        kind: 'property',
        file: path,
        span: { start: m.index, end: m.index + m[0].length },
        value: m[0],
        set: m[1]!,
        key: m[2]!,
      });
    }
  }
}

/** A ProxyEndpoint's `HTTPProxyConnection/VirtualHost` names: the virtual hosts (Edge) it is bound to. */
function readVirtualHostUses(facts: FileFacts): void {
  const root = parseXml(facts.text).root;
  if (root?.name !== 'ProxyEndpoint') return;
  const endpoint = root.attributes.find((a) => a.name === 'name')?.value;
  for (const connection of root.children.filter((c) => c.name === 'HTTPProxyConnection'))
    for (const vh of connection.children.filter((c) => c.name === 'VirtualHost'))
      if (vh.textSpan !== undefined && !vh.opaque && vh.text !== '')
        facts.uses.push({
          kind: 'virtualHost',
          file: facts.path,
          span: vh.textSpan,
          value: vh.text,
          ...(endpoint === undefined ? {} : { endpoint }),
        });
}

/**
 * A TargetEndpoint or ServiceCallout outside a bundle folder (recognised by its root element, as the lint does) is
 * read as a bundle file of its own folder: its connections are planned and resolved like a bundle's.
 */
function standaloneRole(path: string, text: string): FileRole | undefined {
  if (!path.toLowerCase().endsWith('.xml')) return undefined;
  if (sniffRootName(text) === 'VirtualHost') return { kind: 'virtual-host-xml', env: envFromPath(path) ?? UNKNOWN_ENV };
  if (sniffTlsRoot(text) === undefined) return undefined;
  return { kind: 'bundle-xml', bundleRoot: dirname(path) };
}
