// The language server's side of "Diagnose target TLS": the CodeLens above each probeable site, the
// `apigeeTls.diagnose` command (probes in a bounded pool, cancellable), and the probe diagnostics (failures only),
// cleared when a file they sit in is edited; and every connection of the indexed workspace (a view of them all).
// The workspace model comes from one function (workspaceFor).
import { setMaxListeners } from 'node:events';
import { basename, dirname, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, LSPErrorCodes, ResponseError, type CodeLens, type Diagnostic } from 'vscode-languageserver/node';
import { isInside } from '../workspace/paths';
import type { Diagnosis } from '../probe/types';
import { planFile, type PlannedProbe, type ProbeSite } from '../probe/plan-workspace';
import { backendOf, PROBE_POOL_SIZE, ProbePool } from '../probe/pool';
import type { ConfiguredRuntimeProxy } from '../probe/runtime-route';
import type { ProxyConfig } from '../probe/proxy';
import { probeProxyFor } from '../probe/runtime-route';
import { plannedRerun } from '../probe/rerun';
import { describeEntry, matchEntry, parseReport } from '../probe/report-import';
import { runPlanned, type PlannedResult } from '../probe/run-planned';
import type { GivenMaterial } from '../probe/workspace-material';
import { ProbeSetupError } from '../settings/probe';
import { innermostFolder } from '../workspace/paths';
import { resolveKey } from '../tls/host-names';
import { consentWords, parseConsentWords, type DialledWay } from '../probe/consent-words';
import { proxyFor } from '../probe/proxy';
import type { ProfileDecision, ProfileSetting } from '../workspace/profile-evidence';
import { PROFILE_KEY, profileChooser } from '../settings/profile';
import type { Workspace } from '../workspace/workspace';
import { filePath } from './file-uri';
import { OutsideModels } from './outside-models';
import {
  DIAGNOSE_COMMAND,
  PROBE_SOURCE,
  type ConnectionsResult,
  type DiagnoseArguments,
  type DiagnoseItem,
  type DiagnoseResult,
  type OpenReportResult,
  type PlannedConnection,
  type Range,
} from '../shared/protocol';

export interface ProbeRunSettings {
  /** apigeeTls.profile: `auto` judges each connection as lint judges its file (profileOf). */
  profile: ProfileSetting;
  sniOff: boolean;
  timeoutMs: number;
  resolve: ReadonlyMap<string, string>;
  /** The HTTP proxy and NO_PROXY list (settings/probe.ts chooseProxy); undefined: direct. */
  proxy?: ProxyConfig | undefined;
  /** apigeeTls.probe.runtimeProxy: the runtime's forward proxy for every environment (hybrid's overrides win). */
  runtimeProxy?: ConfiguredRuntimeProxy | undefined;
  /**
   * The CA files and client certificate the settings name, read when a diagnosis is about to dial (never for a
   * lens); rejects with a ProbeSetupError naming the file that cannot be used.
   */
  given: () => Promise<GivenMaterial>;
  /** apigeeTls.probe.codeLens (default true): false, no lens. */
  codeLens?: boolean;
}

export interface ProbeServiceOptions {
  /** The text of a file (the open document, else the disk). */
  documentFor: (path: string) => TextDocument | undefined;
  /** Workspace folders (absolute paths); empty: the project folder above the file. */
  roots: () => readonly string[];
  trusted: () => boolean;
  settingsFor: (uri: string) => Promise<ProbeRunSettings>;
  /** The runtime lint decides for a file's bundle or folder (the host's ProfileResolver): `auto` follows it. */
  profileOf: (path: string) => ProfileDecision;
  /** Probe diagnostics of a file changed: publish them with its lint diagnostics. */
  changed: (uri: string) => void;
  /** The language server's indexed workspace model, when it has one. */
  workspace?: () => Workspace | undefined;
  /** The documentation of a cause code (a diagnostic's codeDescription), when the client has it. */
  docsFor?: (code: string) => string | undefined;
  /** A result came, went or went stale (the client's view of all connections asks again). */
  resultsChanged?: () => void;
}

interface Planned {
  ws: Workspace;
  /** Their ids made unique in the workspace: `<file uri>#<id in the file's plan>`. */
  probes: PlannedProbe[];
  settings: ProbeRunSettings;
}

/** A file's text by path, each file read at most once per request (a thousand TargetServers share one file). */
function once(read: (path: string) => TextDocument | undefined): (path: string) => TextDocument | undefined {
  const docs = new Map<string, TextDocument | undefined>();
  return (path) => {
    if (!docs.has(path)) docs.set(path, read(path));
    return docs.get(path);
  };
}

/** The proxy or shared flow holding a bundle file: its bundle folder's parent's name. */
function bundleOf(ws: Workspace, file: string | undefined): string | null {
  const role = file === undefined ? undefined : ws.facts(file)?.role;
  return role?.kind === 'bundle-xml' ? basename(dirname(role.bundleRoot)) : null;
}

const envOrder = (p: PlannedProbe): string => (p.env === undefined ? '\uffff' : p.env);

const uriOf = (path: string): string => pathToFileURL(path).href;

/** How a probe would dial its backend, as consent names it: the address override and the proxy it would go through. */
function wayOf(probe: PlannedProbe, settings: Pick<ProbeRunSettings, 'resolve' | 'proxy'>): DialledWay | undefined {
  if (!probe.plan.probeable) return undefined;
  const { host, port } = probe.plan.request;
  const proxy = proxyFor(host, probeProxyFor(probe.runtimeRoute, settings.proxy));
  return { host, port, address: settings.resolve.get(resolveKey(host, port)), proxy: proxy?.url };
}

export const CONSENT_REQUIRED =
  'the workspace is not trusted: apigeeTls.diagnose dials only the backends the user agreed to, and this request names none (arguments.consented)';

/**
 * A probe whose backend the user did not agree to have dialled, at the address and by the way it would dial (its
 * file, the address override or the proxy changed since they were asked): not dialled.
 */
function unconsented(probe: PlannedProbe, consented: ReadonlySet<string>, settings: ProbeRunSettings): PlannedResult | undefined {
  const way = wayOf(probe, settings);
  if (way === undefined) return undefined;
  const dialled = consentWords(way);
  if (consented.has(dialled)) return undefined;
  const agreed = [...consented].join(', ') || 'none';
  const reason = `not dialled: ${dialled} is not among the backends the user agreed to have probed (${agreed})`;
  return { probe: { ...probe, plan: { probeable: false, reason } }, diagnosis: undefined, material: undefined };
}

/** One line for a CodeLens title or a Problems row: the cause leads, the fix stays in the report. */
export function summaryOf(d: Diagnosis): string {
  // Through a proxy the title says so (its URL carries no credentials).
  const via =
    d.runtimeWay?.runtime === 'proxy' && d.runtimeWay.sameWay
      ? ` · via the runtime's proxy ${d.proxy}`
      : d.runtimeWay?.runtime === 'direct' && d.runtimeWay.sameWay
        ? ' · direct, as the runtime (use.proxy false)'
        : d.proxy === undefined
          ? ''
          : ` · via proxy ${d.proxy}`;
  if (d.ok) return `TLS OK · ${d.negotiated?.protocol ?? '?'} · ${d.elapsedMs} ms${via}`;
  const first = d.causes.find((c) => c.severity === 'error') ?? d.causes[0];
  return `TLS failing · ${first?.code ?? 'error'}${via}`;
}

export class ProbeService {
  /** Results by probe id, until a file they sit in is edited. */
  private readonly results = new Map<string, { item: DiagnoseItem; files: Set<string> }>();
  /** Server-wide: one diagnosis at a time per backend, PROBE_POOL_SIZE at once, across every request. */
  private readonly pool = new ProbePool(PROBE_POOL_SIZE);

  /** Models of the files the indexed workspace does not hold. */
  readonly outside: OutsideModels;

  constructor(private readonly options: ProbeServiceOptions) {
    this.outside = new OutsideModels(options);
  }

  /**
   * The server's indexed model for a file in the workspace folders (a file in no project with environment
   * configuration is planned there with none); else (no folder, a file from elsewhere) a model of its project,
   * kept between requests.
   */
  workspaceFor(path: string): Workspace {
    const indexed = this.options.workspace?.();
    if (indexed !== undefined && this.options.roots().some((root) => isInside(root, path))) return indexed;
    return this.outside.modelFor(path);
  }

  /** The plan of one file, or (no uri) of every file of the indexed workspace, sorted by environment. */
  private async plan(uri: string | undefined, envs: readonly string[] | undefined): Promise<Planned | undefined> {
    const path = uri === undefined ? undefined : filePath(uri);
    if (uri !== undefined && path === undefined) return undefined;
    const ws = path === undefined ? this.options.workspace?.() : this.workspaceFor(path);
    const scope = uri ?? this.options.roots().map(uriOf)[0];
    if (ws === undefined || scope === undefined) return undefined;
    const settings = await this.options.settingsFor(scope);
    const options = {
      profileOf: profileChooser(settings.profile, this.options.profileOf, PROFILE_KEY),
      sniOff: settings.sniOff,
      trusted: this.options.trusted(),
      envs: envs === undefined || envs.length === 0 ? undefined : new Set(envs),
      resolve: settings.resolve,
      runtimeProxy: settings.runtimeProxy,
    };
    const files = path !== undefined ? [path] : [...ws.allFacts()].map((f) => f.path).sort();
    const probes = files.flatMap((file) => planFile(ws, file, options).map((p) => ({ ...p, id: `${uriOf(file)}#${p.id}` })));
    if (path === undefined) probes.sort((a, b) => envOrder(a).localeCompare(envOrder(b)));
    return { ws, probes, settings };
  }

  /** A lens per site in this document: the last results when there are some, else "Diagnose", or why not. */
  async codeLenses(doc: TextDocument): Promise<CodeLens[]> {
    const planned = await this.plan(doc.uri, undefined);
    if (planned === undefined || planned.settings.codeLens === false) return [];
    const path = filePath(doc.uri)!;
    const bySite = new Map<string, { site: ProbeSite; probes: PlannedProbe[] }>();
    for (const probe of planned.probes) {
      const site = probe.sites.find((s) => s.file === path);
      if (site === undefined) continue;
      const key = `${site.span.start}:${site.span.end}`;
      const entry = bySite.get(key) ?? { site, probes: [] };
      entry.probes.push(probe);
      bySite.set(key, entry);
    }
    return [...bySite.values()].map(({ site, probes }) => {
      const range = rangeOf(doc, site);
      const known = probes.map((p) => this.results.get(p.id)?.item).filter((i) => i !== undefined);
      const reasons = [...new Set(probes.flatMap((p) => (p.plan.probeable ? [] : [p.plan.reason])))];
      let title: string;
      if (known.length > 0) title = known.map((i) => (i.env === null ? i.summary : `${i.env}: ${i.summary}`)).join(' | ');
      else if (reasons.length === probes.length || probes.every((p) => !p.plan.probeable)) title = `Cannot diagnose TLS: ${reasons[0]}`;
      else
        title =
          probes.length > 1 ? `Diagnose target TLS (${probes.filter((p) => p.plan.probeable).length} connections)` : 'Diagnose target TLS';
      const args: DiagnoseArguments = { uri: doc.uri, ids: probes.map((p) => p.id) };
      return { range, command: { title, command: DIAGNOSE_COMMAND, arguments: [args] } };
    });
  }

  /**
   * Runs the probes the arguments select in the server's pool. Untrusted, only backends the request says the user
   * consented to are dialled. Fails (an LSP error the client shows) without dialling when the workspace is untrusted
   * and the request names no consent, or when a file the settings name cannot be used.
   */
  async diagnose(args: DiagnoseArguments, signal: AbortSignal, progress?: (done: number, total: number) => void): Promise<DiagnoseResult> {
    const consented = this.consentOf(args);
    const planned = await this.plan(args.uri, args.envs);
    if (planned === undefined) return { items: [], cancelled: false };
    const selected = this.select(planned.probes, args);
    const givenFor = await this.givenMaterial(planned, selected, args.uri === undefined);
    const doc = once(this.options.documentFor);
    // Each connection of a probe listens for the abort: up to nine per diagnosis, PROBE_POOL_SIZE diagnoses at once.
    setMaxListeners(0, signal);
    let done = 0;
    const run = async (probe: PlannedProbe): Promise<PlannedResult | undefined> => {
      if (signal.aborted) return undefined;
      try {
        return await runPlanned(
          probe,
          givenFor(probe),
          { ...planned.settings, signal, rerun: (p) => this.rerunOf(planned.ws, p) },
          planned.ws,
        );
      } catch (error) {
        if (signal.aborted) return undefined;
        throw error;
      } finally {
        progress?.(++done, selected.length);
      }
    };
    const refused = new Set<PlannedResult>();
    const results = await Promise.all(
      selected.map((probe) => {
        const refusal = consented === undefined ? undefined : unconsented(probe, consented, planned.settings);
        if (refusal === undefined) return this.pool.run(backendOf(probe), () => run(probe));
        refused.add(refusal);
        progress?.(++done, selected.length);
        return refusal;
      }),
    );
    const items: DiagnoseItem[] = [];
    const kept: DiagnoseItem[] = [];
    for (const result of results) {
      if (result === undefined) continue;
      const item = this.itemOf(result, doc);
      items.push(item);
      // A refusal answers this request; it is not the connection's result, and titles no lens.
      if (!refused.has(result)) kept.push(item);
    }
    this.remember(kept);
    return { items, cancelled: signal.aborted };
  }

  /** Results to show until a file they sit in is edited: their files' diagnostics and lenses, and the view, change. */
  private remember(items: readonly DiagnoseItem[]): void {
    const touched = new Set<string>();
    for (const item of items) {
      this.results.set(item.id, { item, files: new Set(item.sites.map((s) => s.uri)) });
      item.sites.forEach((s) => touched.add(s.uri));
    }
    touched.forEach((uri) => this.options.changed(uri));
    if (touched.size > 0) this.options.resultsChanged?.();
  }

  /**
   * A report made elsewhere (its text), shown as if its connections had been probed here: each diagnosis on the
   * connections of the indexed workspace it names (a --bundle entry: same file, kind, name, environment and
   * TargetServer, dialled at the same host and port; a single target: every connection to its host and port).
   * Throws a ReportProblem when the text is not such a report.
   */
  async openReport(text: string): Promise<OpenReportResult> {
    const report = parseReport(text);
    const planned = await this.plan(undefined, undefined);
    const doc = once(this.options.documentFor);
    const items: DiagnoseItem[] = [];
    const unmatched: string[] = [];
    for (const entry of report.entries) {
      const probes = planned === undefined ? [] : matchEntry(entry, planned.probes);
      if (probes.length === 0) unmatched.push(describeEntry(entry));
      for (const probe of probes) {
        const { diagnosis, judgedAs } = entry.read;
        const sources = { trust: entry.trust, clientCertificate: entry.clientCertificate };
        items.push(this.itemFrom({ ...probe, runtime: judgedAs }, diagnosis, sources, doc));
      }
    }
    this.remember(items);
    return { items, unmatched, notProbed: report.notProbed };
  }

  /** The CLI command that runs this probe from another machine: its bundle folder relative to its workspace folder. */
  private rerunOf(ws: Workspace, probe: PlannedProbe): string {
    const file = probe.sites[0]?.file;
    const role = file === undefined ? undefined : ws.facts(file)?.role;
    if (role?.kind !== 'bundle-xml') return plannedRerun(probe, undefined);
    const folder = dirname(role.bundleRoot);
    const root = innermostFolder(this.options.roots(), folder) ?? ws.projectOf(file!) ?? dirname(folder);
    return plannedRerun(probe, relative(root, folder).split(sep).join('/'));
  }

  /** The backends consented to (`resolveKey` form); undefined when trusted and none are named. Untrusted, none named: refused. */
  private consentOf(args: DiagnoseArguments): ReadonlySet<string> | undefined {
    const list = Array.isArray(args.consented) ? (args.consented as unknown[]) : undefined;
    if (list === undefined && this.options.trusted()) return undefined;
    if (list === undefined) throw new ResponseError(LSPErrorCodes.RequestFailed, `Apigee TLS Lint: ${CONSENT_REQUIRED}`);
    return new Set(list.flatMap((entry) => parseConsentWords(entry) ?? []));
  }

  /**
   * The CA files and client certificate each probe gets, all read before anything is dialled: the request's
   * document's folder settings, or (the whole workspace) those of the folder holding each probe's file. A file
   * that cannot be used fails the request, naming it: never a silent fall back to the system roots.
   */
  private async givenMaterial(
    planned: Planned,
    selected: readonly PlannedProbe[],
    perFolder: boolean,
  ): Promise<(probe: PlannedProbe) => GivenMaterial> {
    const folderOf = (probe: PlannedProbe): string | undefined =>
      perFolder && probe.sites[0] !== undefined ? innermostFolder(this.options.roots(), probe.sites[0].file) : undefined;
    const folders = [...new Set(selected.filter((p) => p.plan.probeable).map(folderOf))];
    const loaded = new Map<string | undefined, GivenMaterial>();
    try {
      for (const folder of folders) {
        const settings = folder === undefined ? planned.settings : await this.options.settingsFor(uriOf(folder));
        loaded.set(folder, await settings.given());
      }
    } catch (error) {
      if (!(error instanceof ProbeSetupError)) throw error;
      throw new ResponseError(LSPErrorCodes.RequestFailed, `Apigee TLS Lint: the probe's settings cannot be used: ${error.message}`);
    }
    return (probe) => loaded.get(folderOf(probe)) ?? { trust: undefined, clientCertificate: undefined, explicit: false };
  }

  /** What `diagnose` with these arguments would dial, without dialling (request apigeeTls/connections). */
  async connections(args: DiagnoseArguments): Promise<ConnectionsResult> {
    const planned = await this.plan(args.uri, args.envs);
    if (planned === undefined) return { connections: [] };
    const doc = once(this.options.documentFor);
    return {
      connections: this.select(planned.probes, args).map((p): PlannedConnection => {
        const request = p.plan.probeable ? p.plan.request : undefined;
        const way = wayOf(p, planned.settings);
        return {
          ...this.identityOf(p, doc),
          bundle: p.kind === 'TargetServer' ? null : bundleOf(planned.ws, p.sites[0]?.file),
          host: request?.host ?? null,
          port: request?.port ?? null,
          address: way?.address ?? null,
          proxy: way?.proxy ?? null,
          notProbeable: p.plan.probeable ? null : p.plan.reason,
          last: this.results.get(p.id)?.item ?? null,
        };
      }),
    };
  }

  /** Forgets every result (command apigeeTls.clearDiagnosis, a settings change): their diagnostics and titles go. */
  clear(): void {
    const touched = new Set([...this.results.values()].flatMap((r) => [...r.files]));
    this.results.clear();
    touched.forEach((uri) => this.options.changed(uri));
    if (touched.size > 0) this.options.resultsChanged?.();
  }

  /** The probes the arguments select: by id, and by the site holding the position. */
  private select(probes: readonly PlannedProbe[], args: DiagnoseArguments): PlannedProbe[] {
    const path = args.uri === undefined ? undefined : filePath(args.uri);
    const doc = path === undefined ? undefined : this.options.documentFor(path);
    const ids = args.ids === undefined ? undefined : new Set(args.ids);
    return probes.filter(
      (p) =>
        (ids === undefined || ids.has(p.id)) &&
        (args.position === undefined || doc === undefined || p.sites.some((s) => s.file === path && holds(doc, s, args.position!))),
    );
  }

  /** What a planned connection and a result both say of the probe: which connection it is, and where it shows. */
  private identityOf(
    p: PlannedProbe,
    doc: (path: string) => TextDocument | undefined,
  ): Pick<PlannedConnection, 'id' | 'env' | 'server' | 'kind' | 'owner' | 'sites'> {
    return {
      id: p.id,
      env: p.env ?? null,
      server: p.server ?? null,
      kind: p.kind,
      owner: p.owner,
      sites: p.sites.map((s) => ({ uri: uriOf(s.file), range: rangeOf(doc(s.file), s) })),
    };
  }

  private itemOf(r: PlannedResult, doc: (path: string) => TextDocument | undefined): DiagnoseItem {
    const sources = { trust: r.material?.trustSource ?? null, clientCertificate: r.material?.clientCertificateSource ?? null };
    return this.itemFrom(r.probe, r.diagnosis, sources, doc);
  }

  private itemFrom(
    p: PlannedProbe,
    d: Diagnosis | undefined,
    sources: { trust: string | null; clientCertificate: string | null },
    doc: (path: string) => TextDocument | undefined,
  ): DiagnoseItem {
    return {
      ...this.identityOf(p, doc),
      ok: d?.ok ?? null,
      summary: d === undefined ? `Cannot diagnose TLS: ${p.plan.probeable ? '' : p.plan.reason}` : summaryOf(d),
      notProbeable: p.plan.probeable ? null : p.plan.reason,
      judgedAs: p.runtime,
      causes: d?.causes.map(({ code, severity, message, fix }) => ({ code, severity, message, fix })) ?? [],
      ...sources,
      expires: d?.chain[0]?.notAfter ?? null,
    };
  }

  /** The probe diagnostics of a file: failures only, the cause first, at each site in the file. */
  diagnosticsFor(uri: string): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const { item } of this.results.values()) {
      if (item.ok !== false) continue;
      const cause = item.causes.find((c) => c.severity === 'error') ?? item.causes[0];
      const where = [item.env === null ? '' : `[${item.env}] `, item.server === null ? '' : `TargetServer '${item.server}': `].join('');
      const href = cause === undefined ? undefined : this.options.docsFor?.(cause.code);
      for (const site of item.sites.filter((s) => s.uri === uri)) {
        out.push({
          ...(href === undefined ? {} : { codeDescription: { href } }),
          range: site.range,
          severity: DiagnosticSeverity.Error,
          source: PROBE_SOURCE,
          code: cause?.code ?? 'error',
          message: `${where}${cause?.message ?? item.summary}`,
        });
      }
    }
    return out;
  }

  /** A file was edited: its results are stale (and so are the lenses and diagnostics they gave elsewhere). */
  edited(uri: string): void {
    const path = filePath(uri);
    if (path !== undefined) this.outside.edited(path);
    const touched = new Set<string>();
    for (const [id, entry] of this.results) {
      if (!entry.files.has(uri)) continue;
      this.results.delete(id);
      entry.files.forEach((f) => touched.add(f));
    }
    if (touched.size > 0) this.options.resultsChanged?.();
    touched.delete(uri);
    touched.forEach((f) => this.options.changed(f));
  }
}

/** The LSP range of a site; a file that is not open has its offsets turned into positions from its text on disk. */
function rangeOf(doc: TextDocument | undefined, site: ProbeSite): Range {
  if (doc === undefined) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { start: doc.positionAt(site.span.start), end: doc.positionAt(site.span.end) };
}

function holds(doc: TextDocument, site: ProbeSite, position: { line: number; character: number }): boolean {
  const offset = doc.offsetAt(position);
  return offset >= site.span.start && offset <= site.span.end;
}
