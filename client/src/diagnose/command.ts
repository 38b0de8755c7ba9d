// The command "Diagnose target TLS" (the CodeLens, the palette, the editor menus): asks the language server what
// it would dial, lets the user pick environments, asks consent in an untrusted workspace, then runs the server's
// `apigeeTls.diagnose` under one cancellable progress notification. The server publishes failures as problems and
// success in the lens title; this logs the report. VS Code glue only: no engine code.
import { counted } from '../../../server/src/shared/plural';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import {
  CONNECTIONS_REQUEST,
  DIAGNOSE_COMMAND,
  type ConnectionsResult,
  type DiagnoseArguments,
  type DiagnoseItem,
  type DiagnoseResult,
  type PlannedConnection,
} from '../../../server/src/shared/protocol';
import { consentQuestion, PROBE, type ConsentAsker } from './consent';
import { chooseEnvironments, type EnvironmentPicker } from './environments';
import { describeConnection, dialled, reportOf, summaryOf } from './present';

/** What the command resolves with (for callers such as tests; users see notifications, problems and lens titles). */
export type DiagnoseOutcome =
  | { outcome: 'probed'; items: DiagnoseItem[]; cancelled: boolean }
  | { outcome: 'no-document' | 'no-target' | 'not-probeable' | 'declined' | 'cancelled' | 'failed'; reason?: string };

export interface DiagnoseContext {
  client: () => LanguageClient | undefined;
  output: vscode.LogOutputChannel;
  /** Per workspace: the last environment chosen. */
  state: vscode.Memento;
  consent: () => ConsentAsker;
  environments: () => EnvironmentPicker;
}

const isArguments = (args: unknown): args is DiagnoseArguments =>
  typeof args === 'object' && args !== null && typeof (args as DiagnoseArguments).uri === 'string';

/** The lens passes the server's arguments; the editor menus pass the file's Uri; the palette nothing (the cursor). */
function argumentsOf(args: unknown): DiagnoseArguments | undefined {
  if (isArguments(args)) return args;
  const editor = vscode.window.activeTextEditor;
  const uri = args instanceof vscode.Uri ? args : editor?.document.uri;
  if (uri === undefined) return undefined;
  const cursor = editor?.document.uri.toString() === uri.toString() ? editor.selection.active : undefined;
  return { uri: uri.toString(), ...(cursor === undefined ? {} : { position: { line: cursor.line, character: cursor.character } }) };
}

/** Several sites in the file and none at the cursor: which one. */
async function pickSite(uri: string, all: PlannedConnection[]): Promise<PlannedConnection[]> {
  const bySite = new Map<string, PlannedConnection[]>();
  for (const c of all) {
    const site = c.sites.find((s) => s.uri === uri) ?? c.sites[0];
    const key = site === undefined ? '' : `${site.range.start.line}:${site.range.start.character}`;
    bySite.set(key, [...(bySite.get(key) ?? []), c]);
  }
  if (bySite.size <= 1) return all;
  const items = [...bySite.entries()].map(([key, group]) => ({
    group,
    label: describeConnection({ ...group[0]!, env: null }),
    description: key === '' ? undefined : `line ${Number(key.split(':')[0]) + 1}`,
    detail: [...new Set(group.map((c) => dialled(c) ?? `not probeable: ${c.notProbeable}`))].join(', '),
  }));
  return (await vscode.window.showQuickPick(items, { title: 'Diagnose target TLS', placeHolder: 'Which connection?' }))?.group ?? [];
}

let progressTokens = 0;

/** Runs the server's command under one notification; Cancel is forwarded ($/cancelRequest). */
function runWithProgress(client: LanguageClient, args: DiagnoseArguments, what: string): Thenable<DiagnoseResult | null> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Apigee TLS Lint: diagnosing ${what}`, cancellable: true },
    async (progress, token) => {
      const workDoneToken = `apigeeTls.diagnose/${++progressTokens}`;
      const reports = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === 'report' && value.message !== undefined) progress.report({ message: value.message });
      });
      try {
        return await client.sendRequest(ExecuteCommandRequest.type, { command: DIAGNOSE_COMMAND, arguments: [args], workDoneToken }, token);
      } finally {
        reports.dispose();
      }
    },
  );
}

export async function diagnoseTarget(ctx: DiagnoseContext, raw?: unknown): Promise<DiagnoseOutcome> {
  const client = ctx.client();
  const args = argumentsOf(raw);
  const uri = args?.uri;
  if (args === undefined || uri === undefined || client === undefined) {
    void vscode.window.showInformationMessage('Apigee TLS Lint: open a TargetEndpoint, ServiceCallout or TargetServer file first.');
    return { outcome: 'no-document' };
  }
  try {
    const ask = (a: DiagnoseArguments): Promise<PlannedConnection[]> =>
      client.sendRequest<ConnectionsResult>(CONNECTIONS_REQUEST, a).then((r) => r.connections);
    let selected = await ask(args);
    // The palette with the cursor outside every connection: the file's, picked by the user when there are several.
    if (selected.length === 0 && args.position !== undefined && args.ids === undefined) selected = await pickSite(uri, await ask({ uri }));
    if (selected.length === 0) {
      void vscode.window.showInformationMessage(
        'Apigee TLS Lint: no TLS connection here (TargetEndpoint, ServiceCallout, TargetServer): nothing to diagnose.',
      );
      return { outcome: 'no-target' };
    }
    const probeable = selected.filter((c) => c.notProbeable === null);
    if (probeable.length === 0) return notProbeable(selected[0]!);
    const envs = [...new Set(probeable.flatMap((c) => (c.env === null ? [] : [c.env])))];
    const chosen = await chooseEnvironments(envs, ctx.state, ctx.environments());
    if (chosen === undefined) return { outcome: 'cancelled' };
    return await probeConnections(
      ctx,
      client,
      probeable.filter((c) => c.env === null || chosen.includes(c.env)),
      uri,
    );
  } catch (error) {
    return failed(ctx, error);
  }
}

/**
 * "Diagnose" and "Diagnose all" in the Apigee TLS view: these connections (ids from `apigeeTls/connections`),
 * anywhere in the workspace, through the same consent and progress as the lens. No environment pick: the node is one.
 */
export async function diagnoseConnections(ctx: DiagnoseContext, ids: readonly string[]): Promise<DiagnoseOutcome> {
  const client = ctx.client();
  if (client === undefined) return { outcome: 'no-target' };
  try {
    const selected =
      ids.length === 0 ? [] : (await client.sendRequest<ConnectionsResult>(CONNECTIONS_REQUEST, { ids: [...ids] })).connections;
    if (selected.length === 0) return { outcome: 'no-target' };
    const probeable = selected.filter((c) => c.notProbeable === null);
    if (probeable.length === 0) return notProbeable(selected[0]!);
    return await probeConnections(ctx, client, probeable, undefined);
  } catch (error) {
    return failed(ctx, error);
  }
}

function notProbeable(first: PlannedConnection): DiagnoseOutcome {
  const reason = first.notProbeable!;
  void vscode.window.showWarningMessage(`Apigee TLS Lint: cannot diagnose ${describeConnection(first)}: ${reason}.`);
  return { outcome: 'not-probeable', reason };
}

function failed(ctx: DiagnoseContext, error: unknown): DiagnoseOutcome {
  const message = error instanceof Error ? error.message : String(error);
  ctx.output.error(`Diagnose target TLS: ${message}`);
  void vscode.window.showErrorMessage(`Apigee TLS Lint: the diagnosis failed: ${message}`);
  return { outcome: 'failed', reason: message };
}

/** Consent in an untrusted workspace, the server's diagnosis under progress, the report: the lens's and the view's. */
async function probeConnections(
  ctx: DiagnoseContext,
  client: LanguageClient,
  toProbe: readonly PlannedConnection[],
  uri: string | undefined,
): Promise<DiagnoseOutcome> {
  const hosts = [...new Set(toProbe.map((c) => dialled(c)!))];
  const trusted = vscode.workspace.isTrusted;
  if (!trusted && (await ctx.consent()(consentQuestion(hosts))) !== PROBE) {
    ctx.output.info(`Diagnose target TLS: ${hosts.join(', ')} not probed (untrusted workspace, no consent)`);
    return { outcome: 'declined' };
  }
  // Untrusted, the server dials only the backends the user just agreed to, at the addresses named (a file or an
  // address override changed meanwhile is not dialled): the question's own words.
  const consented = trusted ? {} : { consented: hosts };
  const what = hosts.length > 3 ? `${hosts.length} hosts` : hosts.join(', ');
  const result = await runWithProgress(
    client,
    { ...(uri === undefined ? {} : { uri }), ids: toProbe.map((c) => c.id), ...consented },
    what,
  );
  if (result === null || result === undefined) return { outcome: 'cancelled' };
  for (const item of result.items) ctx.output.info(`Diagnose target TLS: ${reportOf(item)}`);
  if (result.cancelled) {
    ctx.output.info(`Diagnose target TLS: cancelled after ${result.items.length} of ${counted(toProbe.length, 'connection')}`);
    return { outcome: 'probed', ...result };
  }
  const { level, text } = summaryOf(result.items);
  // Success shows in the lens title; a short-lived status message is enough. Failures are in Problems too.
  if (level === 'information') vscode.window.setStatusBarMessage(text, 5000);
  else
    void vscode.window.showErrorMessage(text, 'Show report').then((answer) => {
      if (answer !== undefined) ctx.output.show(true);
    });
  return { outcome: 'probed', ...result };
}
