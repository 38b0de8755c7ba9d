// Wires "Diagnose target TLS": the command, the CodeLens, the probe diagnostics and when they go stale.
import * as vscode from 'vscode';
import { DiagnoseCodeLensProvider } from './code-lens';
import { askConsent, CLEAR_COMMAND, diagnoseTarget, DIAGNOSE_COMMAND, type Consent, type DiagnoseArgs } from './command';
import { PROBE_SOURCE } from './present';

/** Reachable only from the extension's own test run (ExtensionMode.Test): answers the consent modal. */
export interface DiagnoseTestHooks {
  setConsent(consent: Consent | undefined): void;
}

export function registerDiagnose(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): DiagnoseTestHooks {
  const collection = vscode.languages.createDiagnosticCollection(PROBE_SOURCE);
  let consentOverride: Consent | undefined;
  const ctx = {
    output,
    collection,
    docsUri: vscode.Uri.joinPath(context.extensionUri, 'docs', 'probe.md'),
    consent: () => consentOverride ?? askConsent,
  };
  const lenses = new DiagnoseCodeLensProvider();
  context.subscriptions.push(
    collection,
    lenses,
    vscode.commands.registerCommand(DIAGNOSE_COMMAND, (args?: DiagnoseArgs | vscode.Uri) => diagnoseTarget(ctx, args)),
    vscode.commands.registerCommand(CLEAR_COMMAND, () => collection.clear()),
    vscode.languages.registerCodeLensProvider(
      [
        { scheme: 'file', language: 'xml' },
        { scheme: 'untitled', language: 'xml' },
      ],
      lenses,
    ),
    // A diagnosis describes the file as it was probed: any edit or closing makes it stale.
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) collection.delete(e.document.uri);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => collection.delete(document.uri)),
    // So does a change of what the probe offers or trusts (profile, CA files, SNI, addresses …).
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('apigeeTls.probe') || e.affectsConfiguration('apigeeTls.profile')) collection.clear();
    }),
  );
  return { setConsent: (consent) => (consentOverride = consent) };
}
