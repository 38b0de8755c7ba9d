// The workspace model: every file's facts, and an index per (project, environment) built lazily from them.
// Hosts feed files with setFile/deleteFile (a change re-reads that one file); queries answer "what does
// ref://x mean in env test", "which TargetServer is Server@name in each env", "who uses TargetServer T".
import { basename, dirname, join, isAbsolute, relative } from 'node:path';
import { readCertificates, readPrivateKey, type CertificateFile, type KeyFile } from './certificates';
import { readKeystore, type KeystoreFile } from './keystore-files';
import { isInside } from './paths';
import { readFacts, type FileFacts } from './facts';
import type { MessageProcessorProxyDef } from './mp-proxy';
import { isSymbolic } from './symbols';
import type { XmlElement } from '../documents/xml/types';
import type {
  AliasDef,
  EnvEntity,
  KeystoreDef,
  PropertySetDef,
  ReferenceDef,
  ResourceFileDef,
  TargetServerDef,
  Use,
  VirtualHostDef,
} from './model';
import { parseProperties } from './properties';
import type { RuntimeProxyDef } from './runtime-proxy';
import type { WorkspaceReader } from './reader';
import type { ReadFailure, ReadResult } from '../fs/regular-file';
import { materialReader, type WorkspaceFiles } from './files';
import type { Connection } from '../documents/connection';
import { terraformModules } from './terraform/modules';
import type { NorthboundObject } from './terraform/northbound';
import type { HybridOverrides } from './hybrid/overrides';

export interface EnvIndex {
  project: string;
  env: string;
  /**
   * The environment as findings name it: `env`, or `env (orgA/resources/edge)` when its project holds several
   * Maven configuration roots (two organisations' trees under one pom.xml: `apigee.config.dir` picks one at build
   * time, so each root's environments are separate and never merged). Unique within the project.
   */
  label: string;
  /** The configuration root (the folder holding `env/`) when the project has several; else undefined. */
  configRoot: string | undefined;
  /** Where relative file paths in this environment's configuration resolve: the Maven project folder. */
  base: string;
  /** `base` holds a pom.xml (else it is the workspace folder, the fallback). */
  baseIsPom: boolean;
  targetServers: Map<string, TargetServerDef[]>;
  references: Map<string, ReferenceDef[]>;
  keystores: Map<string, KeystoreDef[]>;
  /** Aliases by keystore name, then alias name. */
  aliases: Map<string, Map<string, AliasDef[]>>;
  resourceFiles: Map<string, ResourceFileDef[]>;
  /** Edge virtual hosts (northbound), by name. */
  virtualHosts: Map<string, VirtualHostDef[]>;
  /** Environment property sets from the Apigee X local layout (resourcefiles are read on demand). */
  propertySets: Map<string, PropertySetDef>;
  /** Apigee X local deployments.json: what is deployed here (undefined: unknown, assume everything). */
  deployments: Set<string> | undefined;
  /** The forward proxy the runtime calls backends through here (hybrid `envs[].httpProxy`); undefined: none known. */
  runtimeProxy: RuntimeProxyDef | undefined;
  /** Edge Private Cloud's message-processor.properties forward proxy (installation-wide); never on an Apigee X/hybrid environment. */
  mpProxy?: MessageProcessorProxyDef;
  /** Declared by a Terraform `google_apigee_environment` (Apigee X and hybrid only: no Edge built-in virtual hosts). */
  apigeeX?: true;
}

interface Index {
  projects: Map<string, Map<string, EnvIndex>>;
  /** Project folders, deepest first. */
  projectDirs: string[];
  proxySets: Map<string, Map<string, PropertySetDef>>;
  /** Memoised per build: every rule asks for the project and environments of every file. */
  projectOf: Map<string, string | undefined>;
  environmentsOf: Map<string, EnvIndex[]>;
  /** Terraform TargetServers by the file defining them (one per resource instance, whatever the environment). */
  terraformServers: Map<string, TargetServerDef[]>;
  /** Terraform entities with their environment, by the file defining them and by the file their name was written in. */
  terraformEntities: Map<string, TerraformEntity[]>;
  /** Terraform TargetServers with a TLS value written in another file (a caller's argument, a tfvars entry), by that file. */
  terraformElsewhere: Map<string, TargetServerDef[]>;
  /** Memoised per build: a Terraform file's lint asks for the variants of every file its servers are defined in. */
  terraformVariants: Map<string, readonly TerraformVariant[]>;
  northbound: NorthboundModule[];
}

/** An entity a Terraform module defines, with the environment it joined. */
export interface TerraformEntity {
  entity: EnvEntity;
  env: EnvIndex;
}

/** A Terraform module's load balancer and environment group objects, with the project (workspace folder) it serves. */
export interface NorthboundModule {
  dir: string;
  project: string;
  objects: NorthboundObject[];
}

export interface WorkspaceOptions {
  /** The one reader: the workspace folders (absolute) it is confined to, and their trust. */
  files: WorkspaceFiles;
}

/**
 * An element's values (name, text, opacity, attribute values, its children's values) as one string, the same exactly
 * when they are equal (a JSON string ends where it says). Built directly: a model of 2,000 TargetServers asks for
 * thousands, and arrays stringified afterwards cost twice the allocation.
 */
const valuesKey = (e: XmlElement): string => {
  let key = `${JSON.stringify(e.name)}${JSON.stringify(e.text)}${e.opaque ? 1 : 0}(`;
  for (const a of e.attributes) key += JSON.stringify(a.value);
  key += ')[';
  for (const child of e.children) key += valuesKey(child);
  return `${key}]`;
};

/** The variants of the Terraform TargetServers whose findings can land in `path` (see Workspace.terraformConnections). */
function variantsOf(built: Index, path: string): TerraformVariant[] {
  const byKey = new Map<string, TerraformVariant>();
  for (const server of [...(built.terraformServers.get(path) ?? []), ...(built.terraformElsewhere.get(path) ?? [])]) {
    const connection = server.connection;
    if (connection === undefined) continue;
    // Every value counts, the items of a list too: two environments differing only in protocols are two variants.
    const key = `${server.file}:${connection.root.span.start}:${connection.sslInfo?.children.map(valuesKey).join(',')}:${JSON.stringify(server.elsewhere?.map((e) => [e.file, e.span.start, e.flow]))}`;
    const known = byKey.get(key);
    const variant = known ?? { server, connection, envs: [], provenance: [] };
    if (known === undefined) byKey.set(key, variant);
    if (!variant.envs.includes(server.env)) variant.envs.push(server.env);
    if (server.provenance !== undefined && !variant.provenance.includes(server.provenance)) variant.provenance.push(server.provenance);
  }
  return [...byKey.values()];
}

/** One Terraform TargetServer's TLS as the environments sharing the same values see it. */
export interface TerraformVariant {
  /** The first server of the variant: its file and the values it has written elsewhere. */
  server: TargetServerDef;
  connection: Connection;
  envs: string[];
  /** Where their values came from (`port from prod.tfvars`), one entry per distinct origin. */
  provenance: string[];
}

export class Workspace {
  private readonly byPath = new Map<string, FileFacts>();
  private index: Index | undefined;
  /** The last build's projectOf answers, kept while the project folders stay the same. */
  private lastProjects: { dirs: string; projectOf: Map<string, string | undefined> } | undefined;
  private readonly loaded = new Map<
    string,
    {
      read: ReadResult;
      certs?: CertificateFile;
      keys: Map<string, KeyFile>;
      /** Keystore archives (PKCS#12, JKS) by the password tried. */
      stores?: Map<string, KeystoreFile>;
      props?: PropertySetDef['entries'];
    }
  >();

  /** Certificate, key and property files named by the configuration, read on demand. */
  private readonly reader: WorkspaceReader;

  constructor(readonly options: WorkspaceOptions) {
    this.reader = materialReader(options.files);
  }

  /** The workspace folders. */
  get roots(): readonly string[] {
    return this.options.files.roots;
  }

  /** The reader every file of this workspace comes through. */
  get files(): WorkspaceFiles {
    return this.options.files;
  }

  /** Adds or replaces a file (returns whether the model reads it). */
  setFile(path: string, text: string): boolean {
    this.loaded.delete(path);
    const facts = readFacts(path, text);
    if (facts === undefined) {
      if (this.byPath.delete(path)) this.index = undefined;
      return false;
    }
    this.byPath.set(path, facts);
    this.index = undefined;
    return true;
  }

  deleteFile(path: string): void {
    this.loaded.delete(path);
    if (this.byPath.delete(path)) this.index = undefined;
  }

  /** A file the model reads on demand (certificate, key, resource file) changed on disk: whether it had read it. */
  fileChanged(path: string): boolean {
    const had = this.loaded.delete(path);
    // Terraform's file("…") values are read while the index is built.
    if (had) this.index = undefined;
    return had;
  }

  /**
   * The Terraform TargetServers whose TLS findings can land in `path` (those it defines, and those with a value
   * written in it: a module argument, a tfvars entry), for the per-file rules: one per server, range and values, with
   * the environments that share it and where their values came from.
   */
  terraformConnections(path: string): readonly TerraformVariant[] {
    const built = this.built();
    let variants = built.terraformVariants.get(path);
    if (variants === undefined) built.terraformVariants.set(path, (variants = variantsOf(built, path)));
    return variants;
  }

  /** The Terraform entities a file defines (`.tf`), or whose name it gave (a tfvars value, a variable's default). */
  terraformEntities(path: string): readonly TerraformEntity[] {
    return this.built().terraformEntities.get(path) ?? [];
  }

  /** The load balancer and environment group objects of every Terraform module (northbound TLS on Apigee X). */
  northbound(): readonly NorthboundModule[] {
    return this.built().northbound;
  }

  /** Apigee hybrid's overrides files (their ingress virtual hosts, environment groups, environments), by path. */
  hybridOverrides(): HybridOverrides[] {
    const out: HybridOverrides[] = [];
    for (const facts of this.byPath.values()) if (facts.hybrid !== undefined) out.push(facts.hybrid);
    return out.sort((a, b) => (a.file < b.file ? -1 : 1));
  }

  /** Forgets the reads that failed for this reason (trust granted: files refused as `untrusted` are read again); whether any. */
  forgetFailedReads(reason: ReadFailure): boolean {
    let forgot = false;
    for (const [path, entry] of this.loaded)
      if (!entry.read.ok && entry.read.reason === reason) forgot = this.loaded.delete(path) || forgot;
    return forgot;
  }

  facts(path: string): FileFacts | undefined {
    return this.byPath.get(path);
  }

  allFacts(): IterableIterator<FileFacts> {
    return this.byPath.values();
  }

  // ------------------------------------------------------------------------------------------ environments

  /** The project folder whose environments apply to a file (a bundle file, a config file), if any. */
  projectOf(path: string): string | undefined {
    const index = this.built();
    if (index.projectOf.has(path)) return index.projectOf.get(path);
    const project = index.projectDirs.find((dir) => isInside(dir, path));
    index.projectOf.set(path, project);
    return project;
  }

  /** Every (project, environment), sorted. */
  allEnvironments(): EnvIndex[] {
    return [...this.built().projects.values()].flatMap((envs) => [...envs.values()]);
  }

  /**
   * An environment by its label (`test`, or `test (orgA/resources/edge)`); by its name, the one whose configuration
   * root holds `file` (else the first of that name).
   */
  env(project: string, env: string, file?: string): EnvIndex | undefined {
    const envs = this.built().projects.get(project);
    const labelled = envs?.get(env);
    if (labelled !== undefined || envs === undefined) return labelled;
    const named = [...envs.values()].filter((e) => e.env === env);
    return named.find((e) => file !== undefined && e.configRoot !== undefined && isInside(e.configRoot, file)) ?? named[0];
  }

  /**
   * The environments a bundle file is deployed to: those of its project (all of them, unless an Apigee X
   * local `deployments.json` says which), restricted to `only` when given.
   */
  environmentsOf(path: string, only?: ReadonlySet<string>): EnvIndex[] {
    const index = this.built();
    let all = index.environmentsOf.get(path);
    if (all === undefined) {
      const project = this.projectOf(path);
      const bundleName = bundleNameOf(this.byPath.get(path));
      all =
        project === undefined
          ? []
          : [...(index.projects.get(project)?.values() ?? [])].filter(
              (e) => e.deployments === undefined || bundleName === undefined || e.deployments.has(bundleName),
            );
      index.environmentsOf.set(path, all);
    }
    return only === undefined ? [...all] : all.filter((e) => only.has(e.env));
  }

  /** A proxy-scoped property set of the bundle holding `path`. */
  proxyPropertySet(path: string, name: string): PropertySetDef | undefined {
    const facts = this.byPath.get(path);
    const bundleRoot = facts?.role.kind === 'bundle-xml' ? facts.role.bundleRoot : undefined;
    return bundleRoot === undefined ? undefined : this.built().proxySets.get(bundleRoot)?.get(name);
  }

  /** An environment property set: the local layout's files, else a `resourcefiles` entry of type properties. */
  envPropertySet(env: EnvIndex, name: string): { set?: PropertySetDef; resource?: ResourceFileDef; failure?: ReadResult } | undefined {
    const local = env.propertySets.get(name);
    if (local !== undefined) return { set: local };
    const resource = env.resourceFiles.get(name)?.find((r) => r.type === 'properties');
    if (resource?.path === undefined) return resource === undefined ? undefined : { resource };
    const path = this.resolvePath(env, resource.path.value);
    const entry = this.load(path);
    if (!entry.read.ok) return { resource, failure: entry.read };
    entry.props ??= parseProperties(Buffer.from(entry.read.data).toString('utf8'));
    return { resource, set: { scope: 'env', name, file: path, entries: entry.props, env: env.env } };
  }

  // ---------------------------------------------------------------------------------------------- material

  /** A path from the configuration: absolute as written, else relative to the environment's project folder. */
  resolvePath(env: EnvIndex, value: string): string {
    return isAbsolute(value) ? value : join(env.base, value);
  }

  /**
   * Certificate or key content written inline in a configuration file (a Terraform heredoc). It is repository content
   * like the files an alias names, so the same gate applies: refused (`untrusted`) in an untrusted workspace.
   */
  readInline(text: string): ReadResult {
    return this.files.trusted() ? { ok: true, data: Buffer.from(text, 'utf8') } : { ok: false, reason: 'untrusted' };
  }

  readCertificateFile(path: string): { read: ReadResult; certs?: CertificateFile } {
    const entry = this.load(path);
    if (entry.read.ok) entry.certs ??= readCertificates(entry.read.data);
    return entry;
  }

  readKeyFile(path: string, passphrase?: string): { read: ReadResult; key?: KeyFile } {
    const entry = this.load(path);
    if (!entry.read.ok) return { read: entry.read };
    const cacheKey = passphrase ?? '';
    let key = entry.keys.get(cacheKey);
    if (key === undefined) entry.keys.set(cacheKey, (key = readPrivateKey(entry.read.data, passphrase)));
    return { read: entry.read, key };
  }

  /**
   * A file named by configuration (Terraform's `file("…")`, a Javascript policy's `jsc://` resource), as UTF-8 text,
   * through the confined reader; undefined when it cannot be read.
   */
  readText(path: string): string | undefined {
    const entry = this.load(path);
    return entry.read.ok ? Buffer.from(entry.read.data).toString('utf8') : undefined;
  }

  /** A PKCS#12 or JKS archive, opened with the alias's password (none: empty). */
  readKeystoreFile(path: string, password?: string): { read: ReadResult; store?: KeystoreFile } {
    const entry = this.load(path);
    if (!entry.read.ok) return { read: entry.read };
    const cacheKey = password ?? '\u0000none';
    entry.stores ??= new Map();
    let store = entry.stores.get(cacheKey);
    if (store === undefined) entry.stores.set(cacheKey, (store = readKeystore(entry.read.data, password)));
    return { read: entry.read, store };
  }

  private load(path: string) {
    let entry = this.loaded.get(path);
    if (entry === undefined) this.loaded.set(path, (entry = { read: this.reader.read(path), keys: new Map() }));
    return entry;
  }

  // ------------------------------------------------------------------------------------------------- uses

  /** Every use of a name in the files of a project (bundle XML, and TargetServers' sSLInfo). */
  *uses(project?: string): Generator<Use> {
    for (const facts of this.byPath.values()) {
      if (project !== undefined && this.projectOf(facts.path) !== project) continue;
      yield* facts.uses;
    }
  }

  /** Bundle files of a project whose `<Server name>` is `name` ("who uses TargetServer T"). */
  usersOfTargetServer(project: string, name: string): Use[] {
    return [...this.uses(project)].filter((u) => u.kind === 'server' && u.value === name);
  }

  // ------------------------------------------------------------------------------------------------ index

  private built(): Index {
    return (this.index ??= this.build());
  }

  private build(): Index {
    const poms = new Set<string>();
    for (const facts of this.byPath.values()) if (facts.role.kind === 'pom') poms.add(dirname(facts.path));
    const projects = new Map<string, Map<string, EnvIndex>>();
    const proxySets = new Map<string, Map<string, PropertySetDef>>();
    const scopes = new Map<FileFacts, ReturnType<Workspace['configScope']>>();
    const scopeOf = (facts: FileFacts) => {
      let scope = scopes.get(facts);
      if (scope === undefined) scopes.set(facts, (scope = this.configScope(facts, poms)));
      return scope;
    };
    // Maven configuration roots per project: with more than one, each root's environments stand apart.
    const mavenRoots = new Map<string, Set<string>>();
    for (const facts of this.byPath.values()) {
      const root = mavenRootOf(facts);
      if (root === undefined) continue;
      const { project } = scopeOf(facts);
      let roots = mavenRoots.get(project);
      if (roots === undefined) mavenRoots.set(project, (roots = new Set()));
      roots.add(root);
    }
    const envIndex = (facts: FileFacts, env: string): EnvIndex | undefined => {
      const scope = scopeOf(facts);
      const root = (mavenRoots.get(scope.project)?.size ?? 0) > 1 ? mavenRootOf(facts) : undefined;
      return envIndexIn(scope, env, root);
    };
    const envIndexIn = (
      { project, base, baseIsPom }: { project: string; base: string; baseIsPom: boolean },
      env: string,
      root?: string,
    ): EnvIndex | undefined => {
      // `env/@ENV_NAME@/`: a template of an environment, filled at build time; not an environment to judge.
      if (isSymbolic(env)) return undefined;
      const label = root === undefined ? env : `${env} (${relative(project, root).replace(/\\/g, '/') || '.'})`;
      let envs = projects.get(project);
      if (envs === undefined) projects.set(project, (envs = new Map()));
      let index = envs.get(label);
      if (index === undefined) envs.set(label, (index = { ...emptyEnv(project, env, base), label, configRoot: root, baseIsPom }));
      return index;
    };
    for (const facts of [...this.byPath.values()].sort((a, b) => (a.path < b.path ? -1 : 1))) {
      const set = facts.propertySet;
      if (set?.scope === 'proxy' && set.bundleRoot !== undefined) {
        let sets = proxySets.get(set.bundleRoot);
        if (sets === undefined) proxySets.set(set.bundleRoot, (sets = new Map()));
        sets.set(set.name, set);
      }
      for (const env of facts.envs) {
        const index = envIndex(facts, env);
        if (index === undefined) continue;
        if (set?.scope === 'env') index.propertySets.set(set.name, set);
        if (facts.deployments !== undefined) index.deployments = new Set([...(index.deployments ?? []), ...facts.deployments]);
      }
      for (const entity of facts.entities) {
        const index = envIndex(facts, entity.env);
        if (index !== undefined) add(index, entity);
      }
    }
    const terraformServers = new Map<string, TargetServerDef[]>();
    const terraformEntities = new Map<string, TerraformEntity[]>();
    const terraformElsewhere = new Map<string, TargetServerDef[]>();
    const northbound: NorthboundModule[] = [];
    for (const module of terraformModules(this.byPath.values(), (path) => this.readText(path))) {
      // A module serves the bundles of its workspace folder; its relative paths resolve against its own folder.
      const scope = { project: this.roots.find((root) => isInside(root, module.dir)) ?? module.dir, base: module.dir, baseIsPom: false };
      if (module.result.northbound.length > 0)
        northbound.push({ dir: module.dir, project: scope.project, objects: module.result.northbound });
      for (const env of module.result.envs) {
        const index = envIndexIn(scope, env.env);
        if (index !== undefined) index.apigeeX = true;
      }
      for (const entity of module.result.entities) {
        const index = envIndexIn(scope, entity.env);
        if (index !== undefined) {
          add(index, entity);
          push(terraformEntities, entity.file, { entity, env: index });
          const from = entity.nameOrigin?.file;
          if (from !== undefined && from !== entity.file) push(terraformEntities, from, { entity, env: index });
        }
        if (entity.kind === 'targetServer') push(terraformServers, entity.file, entity);
        if (entity.kind === 'targetServer')
          for (const file of new Set((entity.elsewhere ?? []).map((e) => e.file))) push(terraformElsewhere, file, entity);
      }
    }
    attachRuntimeProxies(this.byPath.values(), projects, this.roots);
    attachMessageProcessorProxies(this.byPath.values(), projects, this.roots);
    const sortedProjects = new Map(
      [...projects.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([p, envs]) => [p, new Map([...envs.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))]),
    );
    const projectDirs = [...projects.keys()].sort((a, b) => b.length - a.length);
    const dirs = projectDirs.join('\u0000');
    if (this.lastProjects?.dirs !== dirs) this.lastProjects = { dirs, projectOf: new Map() };
    return {
      projects: sortedProjects,
      projectDirs,
      proxySets,
      projectOf: this.lastProjects.projectOf,
      environmentsOf: new Map(),
      terraformVariants: new Map(),
      terraformServers,
      terraformEntities,
      terraformElsewhere,
      northbound,
    };
  }

  /**
   * The folder whose bundles a configuration file serves, and the folder its relative file paths resolve
   * against. The plugin resolves paths from where `mvn` runs: the nearest pom.xml above the file, else the
   * workspace folder. Without a pom, the bundles served are guessed from the layout (`<p>/resources/edge/env/…`
   * and `<p>/config/env/…` serve `<p>`; an edge.json its folder), so that one workspace holding several
   * repositories does not mix their environments.
   */
  private configScope(facts: FileFacts, poms: ReadonlySet<string>): { project: string; base: string; baseIsPom: boolean } {
    if (facts.role.kind === 'local-env' || facts.role.kind === 'local-properties')
      return { project: facts.role.projectRoot, base: facts.role.projectRoot, baseIsPom: poms.has(facts.role.projectRoot) };
    for (let dir = dirname(facts.path); ; dir = dirname(dir)) {
      if (poms.has(dir)) return { project: dir, base: dir, baseIsPom: true };
      if (this.roots.includes(dir) || dirname(dir) === dir) break;
    }
    const base = this.roots.find((root) => isInside(root, facts.path)) ?? dirname(facts.path);
    // apigeecli's import files sit in a folder beside the bundles (`config/targetservers.json`).
    if (facts.role.kind === 'import-file') {
      const project = dirname(dirname(facts.path));
      return { project: isInside(base, project) ? project : base, base, baseIsPom: false };
    }
    if (servesFromAbove(facts)) {
      // A virtual host file kept beside the bundles (`config/env/prod/secure.xml`, `virtualhosts/prod/secure.json`,
      // an apigeecli export `config/prod__virtualhosts.json`): the project is the folder above its environment folder.
      let project = /^(.*)[\\/](?:env|envs|environments)[\\/][^\\/]+[\\/][^\\/]+$/.exec(facts.path)?.[1] ?? dirname(dirname(facts.path));
      while (/^(?:config|resources|edge|virtual-?hosts?|vhosts?)$/i.test(basename(project)) && isInside(base, dirname(project)))
        project = dirname(project);
      return { project: isInside(base, project) ? project : base, base, baseIsPom: false };
    }
    if (facts.role.kind !== 'maven-env') return { project: dirname(facts.path), base, baseIsPom: false };
    // <configRoot>/env/<env>/<file>: the project is above the config root (and above `resources/`).
    let project = dirname(dirname(dirname(dirname(facts.path))));
    if (basename(project) === 'resources') project = dirname(project);
    return { project: isInside(base, project) ? project : base, base, baseIsPom: false };
  }
}

/** Configuration outside the Maven layout: the management API's virtual host XML or JSON, apigeecli's exports. */
const servesFromAbove = (facts: FileFacts): boolean =>
  facts.role.kind === 'virtual-host-xml' ||
  facts.role.kind === 'apigeecli-export' ||
  (facts.role.kind === 'json' && !facts.edgeJson && facts.entities.some((e) => e.kind === 'virtualHost'));

function emptyEnv(project: string, env: string, base: string): EnvIndex {
  return {
    project,
    env,
    label: env,
    configRoot: undefined,
    base,
    baseIsPom: false,
    targetServers: new Map(),
    references: new Map(),
    keystores: new Map(),
    aliases: new Map(),
    resourceFiles: new Map(),
    virtualHosts: new Map(),
    propertySets: new Map(),
    deployments: undefined,
    runtimeProxy: undefined,
  };
}

/**
 * A hybrid overrides file configures the runtime every bundle of its workspace folder is deployed to: each
 * `envs[].httpProxy` joins the environments of that name there (the last file, by path, wins).
 */
function attachRuntimeProxies(
  all: Iterable<FileFacts>,
  projects: ReadonlyMap<string, ReadonlyMap<string, EnvIndex>>,
  roots: readonly string[],
): void {
  for (const facts of [...all].filter((f) => f.runtimeProxies !== undefined).sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const root = roots.find((r) => isInside(r, facts.path)) ?? dirname(facts.path);
    for (const proxy of facts.runtimeProxies!)
      for (const [project, envs] of projects)
        if (isInside(root, project)) for (const env of envs.values()) if (env.env === proxy.env) env.runtimeProxy = proxy;
  }
}

/**
 * A message-processor.properties file configures the Edge installation every bundle of its workspace folder is
 * deployed to: its forward proxy joins every environment there that is not Apigee X (Terraform) or hybrid (named by an
 * overrides file); the last file, by path, wins.
 */
function attachMessageProcessorProxies(
  all: Iterable<FileFacts>,
  projects: ReadonlyMap<string, ReadonlyMap<string, EnvIndex>>,
  roots: readonly string[],
): void {
  const files = [...all];
  const rootOf = (path: string) => roots.find((r) => isInside(r, path)) ?? dirname(path);
  for (const facts of files.filter((f) => f.mpProxy !== undefined).sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const root = rootOf(facts.path);
    // Environments a hybrid overrides file of the same folder names run on hybrid, whose proxy is envs[].httpProxy.
    const hybrid = new Set(
      files.flatMap((f) => (f.hybrid !== undefined && rootOf(f.path) === root ? f.hybrid.envs.map((e) => e.value) : [])),
    );
    for (const [project, envs] of projects)
      if (isInside(root, project))
        for (const env of envs.values()) if (env.apigeeX !== true && !hybrid.has(env.env)) env.mpProxy = facts.mpProxy;
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function add(index: EnvIndex, entity: EnvEntity): void {
  switch (entity.kind) {
    case 'targetServer':
      return push(index.targetServers, entity.name, entity);
    case 'reference':
      return push(index.references, entity.name, entity);
    case 'keystore':
      return push(index.keystores, entity.name, entity);
    case 'resourcefile':
      return push(index.resourceFiles, entity.name, entity);
    case 'virtualHost':
      return push(index.virtualHosts, entity.name, entity);
    case 'alias': {
      const keystore = entity.keystore?.value ?? '';
      let aliases = index.aliases.get(keystore);
      if (aliases === undefined) index.aliases.set(keystore, (aliases = new Map()));
      return push(aliases, entity.name, entity);
    }
  }
}

/** A Maven multi-file configuration root: `<root>/env/<env>/<file>` → `<root>`. */
function mavenRootOf(facts: FileFacts): string | undefined {
  return facts.role.kind === 'maven-env' ? dirname(dirname(dirname(facts.path))) : undefined;
}

/** `apiproxies/<name>/apiproxy/…` → name (the folder above the bundle). */
function bundleNameOf(facts: FileFacts | undefined): string | undefined {
  if (facts === undefined || (facts.role.kind !== 'bundle-xml' && facts.role.kind !== 'bundle-properties')) return undefined;
  return basename(dirname(facts.role.bundleRoot));
}
