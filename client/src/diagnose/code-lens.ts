// "Diagnose target TLS" above each probeable <URL> (setting apigeeTls.probe.codeLens).
import * as vscode from 'vscode';
import { PROBE_SETTINGS, readProbeSettings } from '../../../server/src/settings/probe';
import { DIAGNOSE_COMMAND, type DiagnoseArgs } from './command';
import { probeTargets } from './targets';

export class DiagnoseCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('apigeeTls')) this.changed.fire();
  });

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const config = vscode.workspace.getConfiguration(undefined, document.uri);
    if (config.get<boolean>(PROBE_SETTINGS.codeLens) === false) return [];
    const { settings } = readProbeSettings((key) => config.get(key));
    return probeTargets(document.getText(), { profile: settings.profile, sniOff: settings.sni === 'off' })
      .filter((t) => t.plan.probeable && t.urlSpan !== undefined)
      .map((t) => {
        const start = document.positionAt(t.urlSpan!.start);
        const args: DiagnoseArgs = { uri: document.uri.toString(), urlOffset: t.urlSpan!.start };
        return new vscode.CodeLens(new vscode.Range(start, start), {
          title: 'Diagnose target TLS',
          tooltip: `Probe the TLS handshake Apigee would make with ${t.url}`,
          command: DIAGNOSE_COMMAND,
          arguments: [args],
        });
      });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
