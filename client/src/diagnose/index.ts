// Wires "Diagnose target TLS": the client's command behind the server's CodeLens, and the "Apigee TLS" view of all
// connections. The probe diagnostics, their staleness and "Clear TLS Diagnosis" (apigeeTls.clearDiagnosis) are the
// language server's.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DIAGNOSE_TARGET_COMMAND } from './code-lens';
import { diagnoseTarget } from './command';
import { askModal, type ConsentAsker } from './consent';
import { quickPick, type EnvironmentPicker } from './environments';
import { OPEN_REPORT_COMMAND, openReport } from './open-report';
import { registerConnectionsTree, type TreeTestHooks } from './tree';

/** Reachable only from the extension's own test run (ExtensionMode.Test): answer the modal and the quick pick. */
export interface DiagnoseTestHooks extends TreeTestHooks {
  setConsent(answer: ConsentAsker | undefined): void;
  setEnvironmentPick(answer: EnvironmentPicker | undefined): void;
}

export function registerDiagnose(
  context: vscode.ExtensionContext,
  client: () => LanguageClient | undefined,
  output: vscode.LogOutputChannel,
): DiagnoseTestHooks {
  let consent: ConsentAsker | undefined;
  let environments: EnvironmentPicker | undefined;
  const ctx = {
    client,
    output,
    state: context.workspaceState,
    consent: () => consent ?? askModal,
    environments: () => environments ?? quickPick,
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(DIAGNOSE_TARGET_COMMAND, (args?: unknown) => diagnoseTarget(ctx, args)),
    vscode.commands.registerCommand(OPEN_REPORT_COMMAND, (file?: unknown) => openReport(client(), output, file)),
  );
  const view = registerConnectionsTree(context, client, ctx);
  return { ...view, setConsent: (answer) => (consent = answer), setEnvironmentPick: (answer) => (environments = answer) };
}
