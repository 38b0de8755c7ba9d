// Which Apigee runtime a bundle or environment folder deploys to, read from the evidence in its files: Edge
// (VirtualHost bindings, Node.js targets, apigee-config-maven-plugin 1.x, `caches`/`virtualHosts` config) or
// X/hybrid (Enforce, Google authentication, X-only policies, gRPC/HTTP2 TargetServers, plugin 2.x, the
// `src/main/apigee` layout). Pure: files come through an injected reader, so the CLI, the language server and
// tests give it what they have.
import { basename, dirname, join, relative, sep } from 'node:path';
import { parseJson, type JsonNode } from './json/json-document';
import { PROFILES, type Profile } from './model';

export type ProfileSetting = Profile | 'auto';
export const PROFILE_SETTINGS: readonly ProfileSetting[] = ['auto', ...PROFILES];

/** What the runtime is when nothing says otherwise (and when the evidence is ambiguous). */
export const FALLBACK_PROFILE: Profile = 'apigeex';

/** The override file: `{ "profile": "edge" }` in a bundle or environment folder, or in any folder above it. */
export const OVERRIDE_FILE = '.apigee-tls.json';

/**
 * The files besides XML whose change can change a decision, as a glob for editors' file watchers: single-file
 * config, the override file, and Edge-only environment configuration.
 */
export const PROFILE_EVIDENCE_GLOB = `**/{edge.json,${OVERRIDE_FILE},virtualHosts*.json,caches*.json}`;

export interface Evidence {
  /** What kind of evidence (`virtual-host`, `enforce`, `maven-plugin` …): one of each kind counts. */
  kind: string;
  /** The runtime it points to. */
  runtime: Profile;
  /** Strong: only that runtime has it. Weak: usual there, but the other runtime may carry it too. */
  strength: 'strong' | 'weak';
  /** What was seen and why it counts, for people. */
  what: string;
  /** The file it was seen in, relative to the decision's root when inside it. */
  file: string;
}

export interface ProfileDecision {
  profile: Profile;
  /** False when the evidence was missing or conflicting: `profile` is then the fallback. */
  decided: boolean;
  evidence: Evidence[];
  /** The folder decided for: a bundle (`apiproxy`, `sharedflowbundle`) or the folder of a file outside one. */
  root: string;
  /** The override file that set the profile, if one did. */
  override?: string;
}

/** How the engine sees the file system; every call may fail (undefined) without consequence. */
export interface FileReader {
  /** The entries of a directory, or undefined when it is none. */
  list(dir: string): ReadonlyArray<{ name: string; directory: boolean }> | undefined;
  /** A file's text, or undefined when it cannot be read. */
  read(path: string): string | undefined;
}

export interface InferenceOptions {
  /**
   * The highest folder to look in for pom.xml, edge.json and override files (the CLI's working directory). Without
   * one (or for a root outside it), the walk stops at the repository root (a folder holding `.git`).
   */
  boundary?: string;
  /**
   * How a folder outside bundles gets the decision of a bundle of its project (bounded by the project folder):
   * a host deciding often (the language server) caches them. Default: decided on the spot.
   */
  bundleDecision?: (bundle: string, boundary: string) => ProfileDecision;
}

const BUNDLE_DIRS = new Set(['apiproxy', 'sharedflowbundle']);
/** Bounds on what one decision reads: real bundles have tens of files. */
const MAX_FILES = 400;
const MAX_FILE_LENGTH = 1024 * 1024;
const MAX_ANCESTORS = 12;
/** Bundles consulted for a folder outside any bundle. */
const MAX_NEIGHBOURS = 20;
/** How far above an environment folder its project may start (`resources/edge/env/test` → the project). */
const NEIGHBOUR_LEVELS = 4;

/** The folder whose decision applies to `file`: its bundle, or the folder it is in. */
export function inferenceRoot(file: string): string {
  const parts = file.split(/[\\/]/);
  for (let i = parts.length - 2; i >= 0; i--) if (BUNDLE_DIRS.has(parts[i]!)) return parts.slice(0, i + 1).join(sep) || sep;
  return dirname(file);
}

export function inferProfile(root: string, reader: FileReader, options: InferenceOptions = {}): ProfileDecision {
  const ancestors = folders(root, options.boundary, reader);
  for (const folder of ancestors) {
    const override = readOverride(join(folder, OVERRIDE_FILE), reader);
    if (override !== undefined) {
      const file = shown(root, join(folder, OVERRIDE_FILE));
      return {
        profile: override,
        decided: true,
        evidence: [
          { kind: 'override', runtime: override, strength: 'strong', what: `${OVERRIDE_FILE} sets "profile": "${override}"`, file },
        ],
        root,
        override: file,
      };
    }
  }
  const seen = new Map<string, Evidence>();
  const add = (e: Evidence): void => {
    const key = `${e.runtime}:${e.kind}`;
    if (!seen.has(key)) seen.set(key, e);
  };
  const inBundle = BUNDLE_DIRS.has(basename(root));
  if (inBundle) bundleEvidence(root, reader, add);
  else folderEvidence(root, reader, add);
  for (const folder of ancestors.slice(1)) projectEvidence(root, folder, reader, add);
  layoutEvidence(root, add);
  if (!inBundle) {
    const decide = options.bundleDecision ?? ((bundle, boundary) => inferProfile(bundle, reader, { boundary }));
    neighbourEvidence(root, ancestors.slice(1, 1 + NEIGHBOUR_LEVELS), reader, decide, add);
  }
  return decide(root, [...seen.values()]);
}

/**
 * An environment folder says little by itself: the bundles of the same project do. The nearest folder above
 * holding bundles (at most three levels down) is the project; when its decided bundles agree, that counts.
 */
function neighbourEvidence(
  root: string,
  above: readonly string[],
  reader: FileReader,
  decide: (bundle: string, boundary: string) => ProfileDecision,
  add: Add,
): void {
  for (const folder of above) {
    const bundles = findBundles(folder, reader, 3).slice(0, MAX_NEIGHBOURS);
    if (bundles.length === 0) continue;
    const decisions = bundles.map((b) => ({ bundle: b, decision: decide(b, folder) })).filter((d) => d.decision.decided);
    const runtimes = new Set(decisions.map((d) => d.decision.profile));
    const first = decisions[0];
    const reason = first?.decision.evidence.find((e) => e.runtime === first.decision.profile)?.what;
    if (first !== undefined && runtimes.size === 1)
      add({
        kind: 'project-bundles',
        runtime: first.decision.profile,
        strength: 'weak',
        what: `the project's bundles are judged ${first.decision.profile === 'edge' ? 'Edge' : 'X'} (${reason ?? ''})`,
        file: shown(root, first.bundle),
      });
    return;
  }
}

function findBundles(folder: string, reader: FileReader, depth: number): string[] {
  const out: string[] = [];
  for (const entry of reader.list(folder) ?? []) {
    if (!entry.directory || entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(folder, entry.name);
    if (BUNDLE_DIRS.has(entry.name)) out.push(path);
    else if (depth > 1) out.push(...findBundles(path, reader, depth - 1));
    if (out.length >= MAX_NEIGHBOURS) break;
  }
  return out;
}

/** The decision in one line: `Apigee Edge (inferred from …)`. */
export function describeDecision(decision: ProfileDecision): string {
  const name = decision.profile === 'edge' ? 'Apigee Edge' : 'Apigee X/hybrid';
  if (decision.override !== undefined) return `${name} (set by ${decision.override})`;
  const list = (es: readonly Evidence[]): string => es.map((e) => `${e.what} in ${e.file}`).join('; ');
  if (decision.decided) return `${name} (inferred from ${list(decision.evidence.filter((e) => e.runtime === decision.profile))})`;
  const why = decision.evidence.length === 0 ? 'no Edge or X evidence found' : `conflicting evidence: ${list(decision.evidence)}`;
  return `${name} (undecided, the default: ${why}; set apigeeTls.profile or add ${OVERRIDE_FILE} with {"profile": "edge"})`;
}

/** Strong evidence outweighs weak; a decision needs one side to weigh at least twice the other. */
function decide(root: string, evidence: Evidence[]): ProfileDecision {
  const weight = (p: Profile): number =>
    evidence.filter((e) => e.runtime === p).reduce((sum, e) => sum + (e.strength === 'strong' ? 3 : 1), 0);
  const edge = weight('edge');
  const x = weight('apigeex');
  if (edge > 0 && edge >= 2 * x) return { profile: 'edge', decided: true, evidence, root };
  if (x > 0 && x >= 2 * edge) return { profile: 'apigeex', decided: true, evidence, root };
  return { profile: FALLBACK_PROFILE, decided: false, evidence, root };
}

/** `root` and the folders above it, up to the boundary or the repository root (a folder holding `.git`). */
function folders(root: string, boundary: string | undefined, reader: FileReader): string[] {
  // A root outside the boundary (a file named outside the CLI's working directory) stops at its repository.
  if (boundary !== undefined && !isInside(root, boundary)) boundary = undefined;
  const out = [root];
  let current = root;
  for (let i = 0; i < MAX_ANCESTORS && current !== boundary; i++) {
    if (reader.list(current)?.some((e) => e.name === '.git')) break;
    const parent = dirname(current);
    if (parent === current) break;
    out.push(parent);
    current = parent;
  }
  return out;
}

function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !/^[\\/]/.test(rel) && !/^[A-Za-z]:/.test(rel));
}

function shown(root: string, file: string): string {
  const rel = relative(root, file);
  return rel === '' ? basename(file) : rel.split(sep).join('/');
}

function readOverride(path: string, reader: FileReader): Profile | undefined {
  const text = reader.read(path);
  if (text === undefined) return undefined;
  const value = stringProperty(parseJson(text), 'profile');
  return PROFILES.includes(value as Profile) ? (value as Profile) : undefined;
}

function stringProperty(node: JsonNode | undefined, key: string): string | undefined {
  if (node?.kind !== 'object') return undefined;
  const value = node.properties.find((p) => p.key === key)?.value;
  return value?.kind === 'string' ? value.value : undefined;
}

type Add = (e: Evidence) => void;

/** Every XML file of the bundle, and the folders that only one runtime knows (`resources/node`, `resources/hosted`). */
function bundleEvidence(root: string, reader: FileReader, add: Add): void {
  let budget = MAX_FILES;
  const walk = (dir: string, depth: number): void => {
    const entries = reader.list(dir);
    if (entries === undefined || depth > 4) return;
    for (const entry of entries) {
      if (budget <= 0) return;
      const path = join(dir, entry.name);
      const rel = shown(root, path);
      if (entry.directory) {
        if (rel === 'resources/node')
          add({
            kind: 'node-resources',
            runtime: 'edge',
            strength: 'strong',
            what: 'Node.js resources (resources/node: Apigee X has no Node.js targets)',
            file: rel,
          });
        else if (rel === 'resources/hosted')
          add({
            kind: 'hosted-target',
            runtime: 'edge',
            strength: 'strong',
            what: 'Hosted Targets (resources/hosted: Edge only)',
            file: rel,
          });
        // Code under resources/ says nothing about the runtime and can be large.
        if (rel !== 'resources') walk(path, depth + 1);
      } else if (entry.name.toLowerCase().endsWith('.xml')) {
        budget--;
        const text = readBounded(reader, path);
        if (text !== undefined) xmlEvidence(text, rel, add);
      }
    }
  };
  walk(root, 0);
}

/** A folder outside a bundle: an environment folder (TargetServer JSON and its companions) or loose XML. */
function folderEvidence(root: string, reader: FileReader, add: Add): void {
  const entries = reader.list(root) ?? [];
  let budget = MAX_FILES;
  for (const entry of entries) {
    if (entry.directory || budget-- <= 0) continue;
    const lower = entry.name.toLowerCase();
    const path = join(root, entry.name);
    if (/^(virtualhosts|caches)/.test(lower) && lower.endsWith('.json')) {
      add({
        kind: 'edge-config',
        runtime: 'edge',
        strength: 'strong',
        what: `${entry.name.replace(/[-.].*$/, '')} configuration (apigee-config-maven-plugin 1.x, Edge only)`,
        file: entry.name,
      });
    } else if (lower.endsWith('.json')) {
      const text = readBounded(reader, path);
      if (text !== undefined) jsonEvidence(text, entry.name, add);
    } else if (lower.endsWith('.xml')) {
      const text = readBounded(reader, path);
      if (text !== undefined) xmlEvidence(text, entry.name, add);
    }
  }
}

/** Build files and single-file config in the folders above: pom.xml, edge.json. */
function projectEvidence(root: string, folder: string, reader: FileReader, add: Add): void {
  const pom = readBounded(reader, join(folder, 'pom.xml'));
  if (pom !== undefined) pomEvidence(pom, shown(root, join(folder, 'pom.xml')), add);
  const edgeJson = readBounded(reader, join(folder, 'edge.json'));
  if (edgeJson !== undefined) jsonEvidence(edgeJson, shown(root, join(folder, 'edge.json')), add);
}

/** `src/main/apigee/apiproxies/…` and `src/main/apigee/environments/…`: the Apigee X local development layout. */
function layoutEvidence(root: string, add: Add): void {
  const parts = root.split(/[\\/]/);
  const at = parts.findIndex((p, i) => p === 'src' && parts[i + 1] === 'main' && parts[i + 2] === 'apigee');
  if (at >= 0)
    add({
      kind: 'x-layout',
      runtime: 'apigeex',
      strength: 'strong',
      what: 'the src/main/apigee layout (Apigee X local development)',
      file: parts.slice(at, at + 3).join('/'),
    });
}

function readBounded(reader: FileReader, path: string): string | undefined {
  const text = reader.read(path);
  return text === undefined || text.length > MAX_FILE_LENGTH ? undefined : text;
}

/** Policies only Apigee X and hybrid have. */
const X_ONLY_POLICIES = [
  'ExternalCallout',
  'DataCapture',
  'TraceCapture',
  'PublishMessage',
  'IntegrationCallout',
  'SetIntegrationRequest',
  'SemanticCacheLookup',
  'SemanticCachePopulate',
  'PromptTokenLimit',
  'SanitizeUserPrompt',
  'SanitizeModelResponse',
];
const X_POLICY = new RegExp(`^\\s*(?:<\\?[\\s\\S]*?\\?>\\s*)?<(${X_ONLY_POLICIES.join('|')})[\\s>/]`);

/** Evidence in one XML file (comments removed: commented-out settings say nothing). */
export function xmlEvidence(raw: string, file: string, add: Add): void {
  const text = raw.replace(/<!--[\s\S]*?-->/g, '');
  const vhost = /<VirtualHost>\s*([^<\s]*)\s*<\/VirtualHost>/.exec(text);
  if (vhost !== null)
    add({
      kind: 'virtual-host',
      runtime: 'edge',
      strength: 'weak',
      what: `a VirtualHost binding (${vhost[1]}; Apigee X ignores virtual hosts)`,
      file,
    });
  if (/<ScriptTarget[\s>]/.test(text))
    add({
      kind: 'node-target',
      runtime: 'edge',
      strength: 'strong',
      what: 'a Node.js ScriptTarget (Apigee X has no Node.js targets)',
      file,
    });
  if (/<HostedTarget[\s>/]/.test(text))
    add({ kind: 'hosted-target', runtime: 'edge', strength: 'strong', what: 'a HostedTarget (Edge only)', file });
  const apigeeNet = edgeCloudHost(text);
  if (apigeeNet !== undefined)
    add({ kind: 'apigee-net', runtime: 'edge', strength: 'weak', what: `an Apigee Edge cloud host (${apigeeNet})`, file });
  if (enforceInSslInfo(text))
    add({ kind: 'enforce', runtime: 'apigeex', strength: 'strong', what: '<Enforce> in SSLInfo (Apigee X and hybrid only)', file });
  if (/<(GoogleAccessToken|GoogleIDToken)[\s>/]/.test(text))
    add({
      kind: 'google-auth',
      runtime: 'apigeex',
      strength: 'strong',
      what: 'Google authentication (GoogleAccessToken/GoogleIDToken, Apigee X only)',
      file,
    });
  const policy = X_POLICY.exec(text);
  if (policy !== null)
    add({ kind: 'x-policy', runtime: 'apigeex', strength: 'strong', what: `the ${policy[1]} policy (Apigee X only)`, file });
  const grpc = /<Path>\s*(\/[a-z]\w*(?:\.\w+)+\/[A-Z]\w*)\s*<\/Path>/.exec(text);
  if (grpc !== null)
    add({
      kind: 'grpc',
      runtime: 'apigeex',
      strength: 'strong',
      what: `a gRPC method path (${grpc[1]}; gRPC targets are Apigee X only)`,
      file,
    });
  const google = /https:\/\/[\w.-]*\b(googleapis\.com|run\.app|cloudfunctions\.net)\b/.exec(text);
  if (google !== null)
    add({ kind: 'google-target', runtime: 'apigeex', strength: 'weak', what: `a Google Cloud target (${google[1]})`, file });
}

/**
 * The first `*.apigee.net` host (Edge cloud: `org-env.apigee.net`), read around each occurrence so that a long
 * run of dotted words costs no more than a scan. mocktarget.apigee.net is Google's public mock backend, used by
 * Apigee X samples too.
 */
function edgeCloudHost(text: string): string | undefined {
  for (let at = text.indexOf('.apigee.net'), seen = 0; at >= 0 && seen < 20; at = text.indexOf('.apigee.net', at + 1), seen++) {
    if (/[\w-]/.test(text[at + '.apigee.net'.length] ?? '')) continue;
    let start = at;
    while (start > 0 && at - start < 253 && /[\w.-]/.test(text[start - 1]!)) start--;
    const host = text.slice(start, at + '.apigee.net'.length).replace(/^[.-]+/, '');
    if (host !== '.apigee.net' && !host.startsWith('.') && host !== 'mocktarget.apigee.net') return host;
  }
  return undefined;
}

/** An `<Enforce>` whose nearest enclosing-looking tag is an open `<SSLInfo>` (the first few occurrences only). */
function enforceInSslInfo(text: string): boolean {
  const enforce = /<Enforce[\s>]/g;
  for (let i = 0, m = enforce.exec(text); m !== null && i < 10; m = enforce.exec(text), i++) {
    if (text.lastIndexOf('<SSLInfo', m.index) > text.lastIndexOf('</SSLInfo>', m.index)) return true;
  }
  return false;
}

/** Evidence in a JSON config file: TargetServer protocols and `enforce`, edge.json's Edge-only sections. */
export function jsonEvidence(text: string, file: string, add: Add): void {
  const root = parseJson(text);
  if (root === undefined) return;
  const envConfig = root.kind === 'object' ? root.properties.find((p) => p.key === 'envConfig')?.value : undefined;
  const visit = (node: JsonNode, key: string | undefined, depth: number): void => {
    if (depth > 32) return;
    if (node.kind === 'array') node.items.forEach((item) => visit(item, undefined, depth + 1));
    if (node.kind !== 'object') return;
    const inEnvConfig = envConfig?.kind === 'object' && envConfig.properties.some((p) => p.value === node);
    for (const p of node.properties) {
      const value = p.value.kind === 'string' ? p.value.value : undefined;
      if (p.key === 'protocol' && value !== undefined && /^(GRPC_TARGET|GRPC|HTTP2|EXTERNAL_CALLOUT)$/.test(value))
        add({ kind: 'x-protocol', runtime: 'apigeex', strength: 'strong', what: `a ${value} TargetServer (Apigee X only)`, file });
      else if (p.key === 'enforce' && (key === 'sSLInfo' || key === 'sslInfo'))
        add({ kind: 'enforce', runtime: 'apigeex', strength: 'strong', what: '"enforce" in sSLInfo (Apigee X and hybrid only)', file });
      else if ((p.key === 'caches' || p.key === 'virtualHosts') && inEnvConfig)
        add({
          kind: 'edge-config',
          runtime: 'edge',
          strength: 'strong',
          what: `"${p.key}" in envConfig (apigee-config-maven-plugin 1.x, Edge only)`,
          file,
        });
      visit(p.value, p.key, depth + 1);
    }
  };
  visit(root, undefined, 0);
}

/** apigee-config-maven-plugin and apigee-edge-maven-plugin: 1.x deploys to Edge, 2.x to X and hybrid. */
export function pomEvidence(raw: string, file: string, add: Add): void {
  const text = raw.replace(/<!--[\s\S]*?-->/g, '');
  const plugin =
    /<artifactId>\s*(apigee-config-maven-plugin|apigee-edge-maven-plugin)\s*<\/artifactId>\s*<version>\s*([^<\s]+)\s*<\/version>/g;
  for (const m of text.matchAll(plugin)) {
    const major = /^(\d+)\./.exec(m[2]!)?.[1];
    if (major === '1')
      add({ kind: 'maven-plugin', runtime: 'edge', strength: 'strong', what: `${m[1]} ${m[2]} (the 1.x line deploys to Edge)`, file });
    else if (major !== undefined && Number(major) >= 2)
      add({
        kind: 'maven-plugin',
        runtime: 'apigeex',
        strength: 'strong',
        what: `${m[1]} ${m[2]} (2.x deploys to Apigee X and hybrid)`,
        file,
      });
  }
}

/** Decisions cached per root, for hosts that lint many files (the CLI) or re-lint on change (the language server). */
export class ProfileResolver {
  private readonly decisions = new Map<string, ProfileDecision>();
  /** The bundle decisions folders outside bundles consulted, by project folder and bundle (`boundary\0bundle`). */
  private readonly neighbours = new Map<string, ProfileDecision>();
  private readonly options: InferenceOptions;

  constructor(
    private readonly reader: FileReader,
    options: InferenceOptions = {},
  ) {
    this.options = { ...options, bundleDecision: (bundle, boundary) => this.neighbour(bundle, boundary) };
  }

  /** The decision for the bundle or folder holding `file`. */
  decisionFor(file: string): ProfileDecision {
    const root = inferenceRoot(file);
    let decision = this.decisions.get(root);
    if (decision === undefined) {
      decision = inferProfile(root, this.reader, this.options);
      this.decisions.set(root, decision);
    }
    return decision;
  }

  private neighbour(bundle: string, boundary: string): ProfileDecision {
    const key = `${boundary}\0${bundle}`;
    let decision = this.neighbours.get(key);
    if (decision === undefined) {
      decision = inferProfile(bundle, this.reader, { boundary });
      this.neighbours.set(key, decision);
    }
    return decision;
  }

  /** Every decision made so far, by root. */
  all(): ProfileDecision[] {
    return [...this.decisions.values()].sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
  }

  /**
   * `file` changed (or appeared, or went): decisions that may have read it are made again when next asked. A
   * bundle file counts for its bundle and for the folders outside bundles (they consult their project's bundles);
   * a build or override file for every folder below it, and those folders; any other file only for its folder
   * (a folder's decision reads its own files; a bundle's reads no file outside it but build and override files).
   * A name without an extension may be a folder that held bundles: it counts as a bundle file. Returns whether a
   * decision was dropped.
   */
  changed(file: string): boolean {
    const name = basename(file);
    // Decisions read XML and JSON files, and folders (`resources/node`).
    if (name.includes('.') && !/\.(xml|json)$/i.test(name)) return false;
    const root = inferenceRoot(file);
    const projectWide = name === 'pom.xml' || name === 'edge.json' || name === OVERRIDE_FILE;
    const bundleFile = BUNDLE_DIRS.has(basename(root)) || !name.includes('.');
    // The folder whose decisions all read the file (undefined: only the file's own root read it).
    const below = projectWide ? dirname(file) : bundleFile ? file : undefined;
    let dropped = false;
    for (const key of [...this.decisions.keys()]) {
      const folder = !BUNDLE_DIRS.has(basename(key));
      const stale = key === root || (below !== undefined && (folder || isInside(key, below)));
      if (stale) dropped = this.decisions.delete(key) || dropped;
    }
    // The bundle decisions folders consulted go as the bundles' own do (the folders that read them went above).
    for (const key of [...this.neighbours.keys()]) {
      const bundle = key.slice(key.indexOf('\0') + 1);
      if (bundle === root || (below !== undefined && isInside(bundle, below))) this.neighbours.delete(key);
    }
    return dropped;
  }
}
