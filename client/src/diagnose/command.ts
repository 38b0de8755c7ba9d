// The command "Diagnose target TLS": picks the connection, asks consent in an untrusted workspace, probes
// with progress and cancellation, and shows the diagnosis at the `<URL>` (VS Code glue; the logic is pure).
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { diagnose } from '../../../server/src/probe/diagnose';
import { formatDiagnosisText } from '../../../server/src/diagnosis/report-text';
import { resolveKey } from '../../../server/src/tls/host-names';
import { loadProbeFiles, ProbeSetupError, readProbeSettings } from '../../../server/src/settings/probe';
import type { Diagnosis } from '../../../server/src/probe/types';
import { findingsOf, hostPort, summaryOf, type ProbeFinding } from './present';
import { probeRequest } from './settings';
import { chooseTarget, describeOwner, probeTargets, targetAt, type ProbeTarget } from './targets';

export const DIAGNOSE_COMMAND = 'apigeeTls.diagnoseTarget';
export const CLEAR_COMMAND = 'apigeeTls.clearDiagnosis';

/** What the CodeLens passes (and tests may): the document and an offset inside the `<URL>` to probe. */
export interface DiagnoseArgs {
  uri: string | vscode.Uri;
  urlOffset: number;
}

/** What the command resolves with (for callers such as tests; users see messages and diagnostics). */
export type DiagnoseOutcome =
  | { outcome: 'probed'; ok: boolean; codes: string[]; applied: boolean }
  | { outcome: 'no-document' | 'no-target' | 'not-probeable' | 'settings' | 'declined' | 'cancelled' | 'failed' };

/** Asked before probing from an untrusted workspace: true to go ahead. Nothing is remembered. */
export type Consent = (target: { host: string; port: number; url: string; address?: string | undefined }) => Promise<boolean>;

export interface DiagnoseContext {
  output: vscode.LogOutputChannel;
  collection: vscode.DiagnosticCollection;
  /** docs/probe.md inside the extension. */
  docsUri: vscode.Uri;
  consent: () => Consent;
}

const SEVERITY: Record<ProbeFinding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

/** The modal shown in an untrusted workspace. */
export const askConsent: Consent = async (target) => {
  const probe = 'Probe';
  const dialled = target.address === undefined ? '' : ` at ${target.address}`;
  const answer = await vscode.window.showWarningMessage(
    `Probe ${hostPort(target)}${dialled}? This workspace is not trusted.`,
    {
      modal: true,
      detail: `Diagnose target TLS connects to ${hostPort(target)}${dialled} (from ${target.url}) and sends TLS handshakes, nothing else. The host comes from a file of this untrusted workspace; the workspace's CA, client certificate and address settings are not used, and no client certificate is presented.`,
    },
    probe,
  );
  return answer === probe;
};

/** The document and the offset the user means: the CodeLens's URL, else the cursor of the editor showing it. */
async function documentAndOffset(
  args: DiagnoseArgs | vscode.Uri | undefined,
): Promise<{ document: vscode.TextDocument; offset: number | undefined; fixed: boolean } | undefined> {
  const editor = vscode.window.activeTextEditor;
  const cursor = (document: vscode.TextDocument): number | undefined =>
    editor?.document === document ? document.offsetAt(editor.selection.active) : undefined;
  // The editor's context and title menus pass the file's Uri.
  if (args instanceof vscode.Uri) {
    const document = await vscode.workspace.openTextDocument(args);
    return { document, offset: cursor(document), fixed: false };
  }
  if (args?.uri !== undefined) {
    const uri = typeof args.uri === 'string' ? vscode.Uri.parse(args.uri) : args.uri;
    return { document: await vscode.workspace.openTextDocument(uri), offset: args.urlOffset, fixed: true };
  }
  if (editor === undefined) return undefined;
  return { document: editor.document, offset: cursor(editor.document), fixed: false };
}

async function pickTarget(document: vscode.TextDocument, targets: ProbeTarget[]): Promise<ProbeTarget | undefined> {
  const items = targets.map((target) => ({
    target,
    label: target.url ?? '(no URL)',
    description: `${describeOwner(target)}, line ${document.positionAt(target.connectionSpan.start).line + 1}`,
    detail: target.plan.probeable ? undefined : `Not probeable: ${target.plan.reason}`,
  }));
  return (await vscode.window.showQuickPick(items, { title: 'Diagnose target TLS', placeHolder: 'Which connection?' }))?.target;
}

function diagnosticsOf(d: Diagnosis, range: vscode.Range, docsUri: vscode.Uri): vscode.Diagnostic[] {
  return findingsOf(d).map((f) => {
    const diagnostic = new vscode.Diagnostic(range, f.message, SEVERITY[f.severity]);
    diagnostic.source = 'apigee-tls-probe';
    // docs/probe.md has one "Cause codes" section (the tables), no heading per code.
    if (f.code !== undefined) diagnostic.code = { value: f.code, target: docsUri.with({ fragment: f.code }) };
    return diagnostic;
  });
}

function showSummary(d: Diagnosis, output: vscode.LogOutputChannel, note: string): void {
  const { level, text } = summaryOf(d);
  const show = {
    information: vscode.window.showInformationMessage,
    warning: vscode.window.showWarningMessage,
    error: vscode.window.showErrorMessage,
  }[level];
  const report = 'Show report';
  // Not awaited: the command is done; the notification stays until the user dismisses it.
  void show(text + note, report).then((answer) => {
    if (answer === report) output.show(true);
  });
}

/** Runs the probe with a cancellable progress notification; undefined when cancelled. */
function probeWithProgress(target: ProbeTarget, run: (signal: AbortSignal) => Promise<Diagnosis>): Thenable<Diagnosis | undefined> {
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Diagnosing the TLS handshake with ${target.url ?? describeOwner(target)}`,
      cancellable: true,
    },
    async (_progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      try {
        return await run(controller.signal);
      } catch (error) {
        if (controller.signal.aborted) return undefined;
        throw error;
      } finally {
        subscription.dispose();
      }
    },
  );
}

export async function diagnoseTarget(ctx: DiagnoseContext, args?: DiagnoseArgs | vscode.Uri): Promise<DiagnoseOutcome> {
  const opened = await documentAndOffset(args);
  if (opened === undefined) {
    void vscode.window.showInformationMessage('Diagnose target TLS: open a TargetEndpoint or ServiceCallout XML file first.');
    return { outcome: 'no-document' };
  }
  const { document, offset, fixed } = opened;
  const config = vscode.workspace.getConfiguration(undefined, document.uri);
  const { settings, problems } = readProbeSettings((key) => config.get(key));
  if (problems.length > 0) {
    void vscode.window.showErrorMessage(`Diagnose target TLS: ${problems.join('; ')}.`);
    return { outcome: 'settings' };
  }
  const version = document.version;
  const targets = probeTargets(document.getText(), { profile: settings.profile, sniOff: settings.sni === 'off' });
  // The CodeLens names its URL: take exactly that connection.
  const choice = fixed ? { kind: 'fixed' as const, target: targetAt(targets, offset ?? -1) } : chooseTarget(targets, offset);
  let target: ProbeTarget | undefined;
  if (choice.kind === 'ask') {
    target = await pickTarget(document, choice.targets);
    if (target === undefined) return { outcome: 'cancelled' };
  } else if (choice.kind !== 'none') {
    target = choice.target;
  }
  if (target === undefined) {
    void vscode.window.showInformationMessage(
      'Diagnose target TLS: no HTTPTargetConnection of a TargetEndpoint or ServiceCallout here: nothing to probe.',
    );
    return { outcome: 'no-target' };
  }
  const plan = target.plan;
  if (!plan.probeable) {
    void vscode.window.showWarningMessage(`Diagnose target TLS: cannot probe ${describeOwner(target)}: ${plan.reason}.`);
    return { outcome: 'not-probeable' };
  }
  const where = hostPort(plan.request);
  if (
    !vscode.workspace.isTrusted &&
    !(await ctx.consent()({
      host: plan.request.host,
      port: plan.request.port,
      url: target.url ?? where,
      address: settings.resolve.get(resolveKey(plan.request.host, plan.request.port)),
    }))
  ) {
    ctx.output.info(`Diagnose target TLS: ${where} not probed (untrusted workspace, no consent)`);
    return { outcome: 'declined' };
  }

  let diagnosis: Diagnosis | undefined;
  try {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    // A host named by an untrusted workspace never gets the user's client certificate: its key is not even read.
    const wanted = vscode.workspace.isTrusted ? settings : { ...settings, clientCertificate: '', clientKey: '' };
    const files = await loadProbeFiles(wanted, folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined, (path) =>
      readFile(path, 'utf8'),
    );
    diagnosis = await probeWithProgress(target, (signal) => diagnose(probeRequest(plan.request, settings, files, signal)));
  } catch (error) {
    const message = error instanceof ProbeSetupError ? error.message : `the probe failed: ${(error as Error).message}`;
    ctx.output.error(`Diagnose target TLS: ${where}: ${message}`);
    void vscode.window.showErrorMessage(`Diagnose target TLS: ${message}`);
    return { outcome: error instanceof ProbeSetupError ? 'settings' : 'failed' };
  }
  if (diagnosis === undefined) {
    ctx.output.info(`Diagnose target TLS: ${where} cancelled`);
    return { outcome: 'cancelled' };
  }

  ctx.output.info(
    `Diagnose target TLS: ${describeOwner(target)}, ${target.url} (${vscode.workspace.asRelativePath(document.uri)})\n` +
      formatDiagnosisText(diagnosis, { color: false }),
  );
  // A file edited (or closed) while the probe ran: its URL may be elsewhere or different now.
  const applied = !document.isClosed && document.version === version && target.urlSpan !== undefined;
  if (applied) {
    const range = new vscode.Range(document.positionAt(target.urlSpan!.start), document.positionAt(target.urlSpan!.end));
    const others = (ctx.collection.get(document.uri) ?? []).filter((d) => !d.range.isEqual(range));
    ctx.collection.set(document.uri, [...others, ...diagnosticsOf(diagnosis, range, ctx.docsUri)]);
  }
  showSummary(diagnosis, ctx.output, applied ? '' : ' (The file changed meanwhile: see the report.)');
  return { outcome: 'probed', ok: diagnosis.ok, codes: diagnosis.causes.map((c) => c.code), applied };
}
