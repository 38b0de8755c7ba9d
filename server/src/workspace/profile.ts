// Which Apigee runtime a bundle or environment folder deploys to: the files whose evidence counts (the bundle's XML,
// an environment folder's configuration, pom.xml and edge.json of the folders above, the project's bundles for a
// folder outside one), found and read through the host's confined reader, never above the workspace folder (the
// boundary). Only an override file may be read above it, through a reader the host gives when it trusts the
// workspace. The evidence itself is ./profile-evidence.ts (pure, text in).
import { blankComments } from '../documents/json/jsonc';
import { basename, dirname, join, relative, sep } from 'node:path';
import { parseJson, type JsonNode } from '../documents/json/json-document';
import { PROFILES, type Profile } from '../lint/model';
import { existsSync } from 'node:fs';
import { type WorkspaceFiles } from './files';
import { readNamedFile } from '../fs/regular-file';
import { isProjectFolder } from './project';
import {
  decide,
  jsonEvidence,
  layoutEvidence,
  OVERRIDE_FILE,
  pomEvidence,
  xmlEvidence,
  terraformEvidence,
  type Add,
  type Evidence,
  type ProfileDecision,
} from './profile-evidence';

/** How the engine sees the file system; every call may fail (undefined) without consequence. */
export interface FileReader {
  /** The entries of a directory, or undefined when it is none. */
  list(dir: string): ReadonlyArray<{ name: string; directory: boolean }> | undefined;
  /** A file's text, or undefined when it cannot be read. */
  read(path: string): string | undefined;
}

/** Override files above the workspace folder: read only when the host trusts the workspace (and says so). */
export interface OverrideAbove {
  /** The override file's text in this folder above the boundary, or undefined. */
  read(path: string): string | undefined;
  /** A folder holding `.git`: the walk stops there. */
  isRepositoryRoot(dir: string): boolean;
}

export interface InferenceOptions {
  /**
   * The highest folder read (the workspace folder; the CLI's folder). Without one (or for a root outside it), the
   * walk stops at the repository root (a folder holding `.git`): the reader is confined all the same.
   */
  boundary?: string;
  /** Override files in the folders above the boundary (trusted hosts only). */
  overrideAbove?: OverrideAbove;
  /** The workspace folders (now): without a `boundary`, a root's boundary is the innermost folder holding it. */
  roots?: readonly string[] | (() => readonly string[]);
  /**
   * How a folder outside bundles gets the decision of a bundle of its project (bounded by the project folder):
   * a host deciding often (the language server) caches them. Default: decided on the spot.
   */
  bundleDecision?: (bundle: string, boundary: string) => ProfileDecision;
}

const BUNDLE_DIRS = new Set(['apiproxy', 'sharedflowbundle']);
/** Bounds on what one decision reads: real bundles have tens of files. */
const MAX_FILES = 400;
/** Profile evidence reads at most this much of a file. */
export const PROFILE_FILE_BYTES = 1024 * 1024;
const MAX_ANCESTORS = 12;
/** Bundles consulted for a folder outside any bundle. */
const MAX_NEIGHBOURS = 20;
/** How far above an environment folder its project may start (`resources/edge/env/test` → the project). */
const NEIGHBOUR_LEVELS = 4;
/** An override file is one small JSON object. */
const MAX_OVERRIDE_BYTES = 64 * 1024;

/** The folder whose decision applies to `file`: its bundle, or the folder it is in. */
export function inferenceRoot(file: string): string {
  const parts = file.split(/[\\/]/);
  for (let i = parts.length - 2; i >= 0; i--) if (BUNDLE_DIRS.has(parts[i]!)) return parts.slice(0, i + 1).join(sep) || sep;
  return dirname(file);
}

export function inferProfile(root: string, reader: FileReader, options: InferenceOptions = {}): ProfileDecision {
  const roots = typeof options.roots === 'function' ? options.roots() : (options.roots ?? []);
  const ancestors = folders(root, options.boundary ?? innermost(roots, root), reader);
  for (const { folder, read } of overrideFolders(ancestors, options.overrideAbove, reader)) {
    const override = readOverride(join(folder, OVERRIDE_FILE), read);
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
    // From the folder itself: a project folder holding edge.json and the bundles is its own project.
    neighbourEvidence(root, ancestors.slice(0, 1 + NEIGHBOUR_LEVELS), reader, decide, add);
  }
  return decide(root, [...seen.values()]);
}

/** The folders whose override file counts, nearest first: those read, then (trusted) those above the boundary. */
function overrideFolders(
  ancestors: readonly string[],
  above: OverrideAbove | undefined,
  reader: FileReader,
): { folder: string; read: (path: string) => string | undefined }[] {
  const out = ancestors.map((folder) => ({ folder, read: (path: string) => reader.read(path) }));
  if (above === undefined || ancestors.length === 0 || reader.list(ancestors.at(-1)!)?.some((e) => e.name === '.git')) return out;
  let current = ancestors.at(-1)!;
  for (let i = out.length; i < MAX_ANCESTORS; i++) {
    const parent = dirname(current);
    if (parent === current) break;
    out.push({ folder: parent, read: (path) => above.read(path) });
    if (above.isRepositoryRoot(parent)) break;
    current = parent;
  }
  return out;
}

/**
 * An environment folder says little by itself: the bundles of the same project do. The nearest folder above
 * holding bundles (at most three levels down) is the project; when its decided bundles agree, that counts. The
 * search ends at the project folder (one holding pom.xml or edge.json): other projects' bundles never count.
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
    if (bundles.length === 0) {
      if (isProjectFolder(folder, (dir) => reader.list(dir))) return;
      continue;
    }
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

function innermost(roots: readonly string[], path: string): string | undefined {
  return roots.filter((r) => isInside(path, r)).sort((a, b) => b.length - a.length)[0];
}

function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !/^[\\/]/.test(rel) && !/^[A-Za-z]:/.test(rel));
}

function shown(root: string, file: string): string {
  const rel = relative(root, file);
  return rel === '' ? basename(file) : rel.split(sep).join('/');
}

function readOverride(path: string, read: (path: string) => string | undefined): Profile | undefined {
  const text = read(path);
  if (text === undefined) return undefined;
  // Comments are allowed (JSON with comments); a malformed file decides nothing here and config-file reports it.
  const blanked = blankComments(text);
  const value = 'text' in blanked ? stringProperty(parseJson(blanked.text), 'profile') : undefined;
  return PROFILES.includes(value as Profile) ? (value as Profile) : undefined;
}

function stringProperty(node: JsonNode | undefined, key: string): string | undefined {
  if (node?.kind !== 'object') return undefined;
  const value = node.properties.find((p) => p.key === key)?.value;
  return value?.kind === 'string' ? value.value : undefined;
}

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
    } else if (lower === 'pom.xml') {
      // A project folder's own build file (edge.json beside pom.xml): the plugin decides as it does for the bundles.
      const text = readBounded(reader, path);
      if (text !== undefined) pomEvidence(text, entry.name, add);
    } else if (lower.endsWith('.xml')) {
      const text = readBounded(reader, path);
      if (text !== undefined) xmlEvidence(text, entry.name, add);
    } else if (lower.endsWith('.tf')) {
      const text = readBounded(reader, path);
      if (text !== undefined) terraformEvidence(text, entry.name, add);
    }
  }
}

/** Terraform files read per folder above: a root module has a handful. */
const MAX_TF_FILES = 20;

/**
 * Build files and single-file config in the folders above: pom.xml, edge.json, and the Terraform files (a
 * repository whose Terraform creates the Apigee X/hybrid environments deploys its bundles there).
 */
function projectEvidence(root: string, folder: string, reader: FileReader, add: Add): void {
  const pom = readBounded(reader, join(folder, 'pom.xml'));
  if (pom !== undefined) pomEvidence(pom, shown(root, join(folder, 'pom.xml')), add);
  const edgeJson = readBounded(reader, join(folder, 'edge.json'));
  if (edgeJson !== undefined) jsonEvidence(edgeJson, shown(root, join(folder, 'edge.json')), add);
  const tf = (reader.list(folder) ?? []).filter((e) => !e.directory && e.name.toLowerCase().endsWith('.tf'));
  for (const entry of tf.slice(0, MAX_TF_FILES)) {
    const path = join(folder, entry.name);
    const text = readBounded(reader, path);
    if (text !== undefined) terraformEvidence(text, shown(root, path), add);
  }
}

function readBounded(reader: FileReader, path: string): string | undefined {
  const text = reader.read(path);
  return text === undefined || text.length > PROFILE_FILE_BYTES ? undefined : text;
}

/**
 * Override files above the workspace folder, for hosts that trust it (the CLI, a trusted editor workspace): only
 * a file named `.apigee-tls.json` is read there (a regular file, bounded), and the walk stops at a repository root.
 */
export function overrideFilesAbove(): OverrideAbove {
  return {
    read(path) {
      if (basename(path) !== OVERRIDE_FILE) return undefined;
      const result = readNamedFile(path, MAX_OVERRIDE_BYTES);
      return result.ok ? Buffer.from(result.data).toString('utf8') : undefined;
    },
    isRepositoryRoot: (dir) => existsSync(join(dir, '.git')),
  };
}

/**
 * The same override files, each read (and each folder's `.git` looked for) once: for a one-shot run (the CLI), whose
 * every decision walks the same folders above its workspace folder.
 */
export function readOnce(above: OverrideAbove): OverrideAbove {
  const texts = new Map<string, string | undefined>();
  const roots = new Map<string, boolean>();
  return {
    read(path) {
      if (!texts.has(path)) texts.set(path, above.read(path));
      return texts.get(path);
    },
    isRepositoryRoot(dir) {
      if (!roots.has(dir)) roots.set(dir, above.isRepositoryRoot(dir));
      return roots.get(dir)!;
    },
  };
}

/** Inference's view of the host's one confined reader: text bounded at 1 MiB. */
export function profileReader(files: WorkspaceFiles): FileReader {
  return { list: (dir) => files.list(dir), read: (path) => files.readText(path, PROFILE_FILE_BYTES) };
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
   * a build, override or Terraform file for every folder below it, and those folders; any other file only for its folder
   * (a folder's decision reads its own files; a bundle's reads no file outside it but build and override files).
   * A name without an extension may be a folder that held bundles: it counts as a bundle file. Returns whether a
   * decision was dropped.
   */
  changed(file: string): boolean {
    const name = basename(file);
    // Decisions read XML, JSON and Terraform files, and folders (`resources/node`).
    if (name.includes('.') && !/\.(xml|json|tf)$/i.test(name)) return false;
    const root = inferenceRoot(file);
    // A Terraform file counts for the bundles below it (the environments it creates are theirs).
    const projectWide = name === 'pom.xml' || name === 'edge.json' || name === OVERRIDE_FILE || /\.tf$/i.test(name);
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
