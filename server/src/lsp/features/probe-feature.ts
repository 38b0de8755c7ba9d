// "Diagnose target TLS" in the language server: the lenses above each probeable site, the apigeeTls.diagnose and
// apigeeTls.clearDiagnosis commands (cancellable, with progress), every connection of the workspace for a view, and
// the probe's settings per document (its files read only when a trusted diagnosis dials).
import { counted } from '../../shared/plural';
import { readNamedText } from '../../fs/regular-file';
import { readLintSettings } from '../../settings/lint';
import { chooseProxy } from '../../probe/proxy';
import { configuredRuntimeProxy } from '../../probe/runtime-route';
import { loadProbeFiles, PROBE_SETTINGS, ProbeSetupError, readProbeSettings } from '../../settings/probe';
import {
  CLEAR_DIAGNOSIS_COMMAND,
  CONNECTIONS_CHANGED_NOTIFICATION,
  CONNECTIONS_REQUEST,
  DIAGNOSE_CLIENTS_AT_COMMAND,
  DIAGNOSE_COMMAND,
  OPEN_REPORT_REQUEST,
  type DiagnoseClientsParams,
  type ConnectionsParams,
  type DiagnoseArguments,
  type OpenReportParams,
  type OpenReportResult,
} from '../../shared/protocol';
import { ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { ReportProblem } from '../../diagnosis/report-read';
import { innermostFolder } from '../../workspace/paths';
import type { ServerContext } from '../context';
import { filePath } from '../file-uri';
import { ProbeService, type ProbeRunSettings } from '../probe-service';
import type { PublishedDiagnostics } from '../published-diagnostics';
import type { ClientLenses } from '../clients-lens';
import type { ClientsRunner } from './clients-feature';

export function probeCapabilities(ctx: ServerContext): object {
  return {
    ...(ctx.init.probeCodeLens === false ? {} : { codeLensProvider: { resolveProvider: false } }),
    executeCommandProvider: { commands: [DIAGNOSE_COMMAND, CLEAR_DIAGNOSIS_COMMAND, DIAGNOSE_CLIENTS_AT_COMMAND] },
  };
}

/** The probe's settings for a document: the scope's section, relative files from the folder holding it. */
async function probeSettings(ctx: ServerContext, uri: string): Promise<ProbeRunSettings> {
  // Clients without workspace/configuration (Neovim 0.7, …) push the section instead.
  const get = await ctx.getter(uri);
  const { settings } = readProbeSettings(get);
  // apigeeTls.probe.proxy, else VS Code's http.proxy (from the client), else the server's environment.
  const proxy = chooseProxy({ ...settings, name: PROBE_SETTINGS.proxy }, ctx.init.editorProxy, process.env);
  const runtimeProxy = configuredRuntimeProxy(settings.runtimeProxy, PROBE_SETTINGS.runtimeProxy);
  // Relative paths start at the workspace folder holding the document (the innermost one).
  const path = filePath(uri);
  const folder = path === undefined ? undefined : innermostFolder(ctx.roots, path);
  const lint = readLintSettings(get);
  return {
    profile: lint.profile,
    sniOff: settings.sni === 'off',
    timeoutMs: settings.timeoutMs,
    resolve: settings.resolve,
    proxy: proxy !== undefined && 'problem' in proxy ? undefined : proxy,
    runtimeProxy: runtimeProxy !== undefined && 'problem' in runtimeProxy ? undefined : runtimeProxy,
    // Settings name files: read them only in a trusted workspace (VS Code hides them otherwise anyway), when a
    // diagnosis dials; a ProbeSetupError reaches the user (probe-service.ts).
    given: async () => ({
      ...(proxy !== undefined && 'problem' in proxy ? throwSetup(proxy.problem) : {}),
      ...(runtimeProxy !== undefined && 'problem' in runtimeProxy ? throwSetup(runtimeProxy.problem) : {}),
      ...(ctx.trusted
        ? await loadProbeFiles(settings, folder, (file) => readNamedText(file))
        : { trust: undefined, clientCertificate: undefined }),
      explicit: false,
    }),
    // `apigeeTls.enable: false`: no lens either.
    codeLens: settings.codeLens && lint.enabled,
  };
}

/** A proxy URL that cannot be used fails the diagnosis that would dial through it, in the request's answer. */
function throwSetup(problem: string): never {
  throw new ProbeSetupError(problem);
}

/** A report from elsewhere: the file the user picked, read as a named file (bounded), then shown. */
async function openReport(probes: ProbeService, params: OpenReportParams | null): Promise<OpenReportResult> {
  const path = params?.path;
  if (typeof path !== 'string' || path === '') throw new ResponseError(ErrorCodes.InvalidParams, 'apigeeTls/openReport takes { path }');
  try {
    return await probes.openReport(readNamedText(path, MAX_REPORT_BYTES));
  } catch (error) {
    if (error instanceof ReportProblem)
      throw new ResponseError(LSPErrorCodes.RequestFailed, `Apigee TLS Lint: ${path} is not a diagnosis report: ${error.message}`);
    if (error instanceof ResponseError) throw error;
    throw new ResponseError(
      LSPErrorCodes.RequestFailed,
      `Apigee TLS Lint: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** A report of a whole workspace's connections, each a few kilobytes. */
const MAX_REPORT_BYTES = 16 * 1024 * 1024;

/** Registers the probe's requests; returns its service (its diagnostics join each file's published ones). */
export function registerProbe(
  ctx: ServerContext,
  published: () => PublishedDiagnostics,
  clients?: { lenses: ClientLenses; run: ClientsRunner },
): ProbeService {
  const { connection, documents } = ctx;
  const probes = new ProbeService({
    documentFor: (path) => ctx.textOf(path),
    roots: () => ctx.roots,
    trusted: () => ctx.trusted,
    settingsFor: (uri) => probeSettings(ctx, uri),
    // The probe judges each connection as lint judges its file.
    profileOf: (path) => ctx.decisionFor(path),
    workspace: () => ctx.workspace?.workspace,
    // docs/probe.md has one "Cause codes" section with an anchor per code, beside docs/rules/.
    docsFor: (code) => new URL(`../probe.md#${code}`, ctx.docsBase).href,
    resultsChanged: () => void connection.sendNotification(CONNECTIONS_CHANGED_NOTIFICATION),
    changed: (uri) => {
      published().refresh(uri, filePath(uri));
      ctx.refreshLenses();
    },
  });
  connection.onCodeLens(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (doc === undefined) return [];
    const southbound = await probes.codeLenses(doc);
    // The northbound lenses (front doors) follow the same switch, apigeeTls.probe.codeLens.
    const path = filePath(doc.uri);
    if (clients === undefined || path === undefined || (await probeSettings(ctx, doc.uri)).codeLens === false) return southbound;
    return [...southbound, ...clients.lenses.codeLenses(doc, probes.workspaceFor(path))];
  });
  connection.onExecuteCommand(async (params, token, workDone) => {
    if (params.command === CLEAR_DIAGNOSIS_COMMAND) {
      probes.clear();
      return null;
    }
    if (params.command === DIAGNOSE_CLIENTS_AT_COMMAND && clients !== undefined)
      return clients.run((params.arguments?.[0] ?? {}) as DiagnoseClientsParams, token);
    if (params.command !== DIAGNOSE_COMMAND) return null;
    const args = (params.arguments?.[0] ?? {}) as DiagnoseArguments;
    // No uri: the whole workspace, but only the connections named (ids) or the environments chosen.
    if (args.uri === undefined ? args.ids === undefined && args.envs === undefined : typeof args.uri !== 'string') return null;
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    workDone.begin('Apigee TLS Lint: diagnosing target TLS', 0, undefined, true);
    try {
      return await probes.diagnose(args, abort.signal, (done, total) =>
        workDone.report(Math.round((100 * done) / Math.max(total, 1)), `${done} of ${counted(total, 'connection')}`),
      );
    } finally {
      workDone.done();
    }
  });
  connection.onRequest(OPEN_REPORT_REQUEST, (params: OpenReportParams | null) => openReport(probes, params));
  connection.onRequest(CONNECTIONS_REQUEST, async (params: ConnectionsParams | null) =>
    params?.uri === undefined || typeof params.uri === 'string' ? probes.connections(params ?? {}) : { connections: [] },
  );
  return probes;
}
