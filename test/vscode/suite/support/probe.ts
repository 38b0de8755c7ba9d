// "Diagnose target TLS" in the extension host: openssl s_server backends, the
// extension's test hooks and the probe's diagnostics (source `apigee-tls-lint probe`).
import * as vscode from 'vscode';
import { startOpenssl, type RunningServer } from '../../../probe/support/servers';
import { ruleId } from './diagnostics';
import { waitForEvent } from './eventually';
import { EXTENSION_ID } from './workspace';

export const PROBE_SOURCE = 'apigee-tls-lint probe';

/** openssl s_server on 127.0.0.1 with that certificate; `extra` narrows what it accepts. */
export function startBackend(dir: string, extra: string[] = []): Promise<RunningServer> {
  return startOpenssl(['-cert', `${dir}/cert.pem`, '-key', `${dir}/key.pem`, ...extra]);
}

/** The consent modal as the extension would show it: its buttons in order (VS Code focuses the first). */
export interface ConsentQuestion {
  message: string;
  detail: string;
  buttons: readonly string[];
}

/** The environment quick pick: its items in order, and the one it starts on (the remembered choice). */
export interface EnvironmentPick {
  items: readonly string[];
  active: string | undefined;
}

/** The extension's test hooks (exported only in ExtensionMode.Test): they answer in the user's place. */
export interface TestHooks {
  setConsent(answer: ((question: ConsentQuestion) => Promise<string | undefined>) | undefined): void;
  setEnvironmentPick(answer: ((pick: EnvironmentPick) => Promise<string | undefined>) | undefined): void;
}

export async function testHooks(): Promise<TestHooks> {
  const extension = vscode.extensions.getExtension<{ diagnose: TestHooks } | undefined>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  const api = await extension.activate();
  if (!api) throw new Error('the extension exports no test hooks: is it running in ExtensionMode.Test?');
  return api.diagnose;
}

/** The extension's "Diagnose target TLS" lenses on a file (the server's, run by the client's command). */
export async function diagnoseLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
  return all.filter((l) => l.command?.command === 'apigeeTls.diagnoseTarget');
}

export function probeDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === PROBE_SOURCE);
}

/** Resolves with the probe's diagnostics on the file once `accept` takes them. */
export function waitForProbe(
  uri: vscode.Uri,
  accept: (found: vscode.Diagnostic[]) => boolean = (found) => found.length > 0,
): Promise<vscode.Diagnostic[]> {
  return waitForEvent(
    `probe diagnostics on ${uri.path}`,
    vscode.languages.onDidChangeDiagnostics,
    () => {
      const found = probeDiagnostics(uri);
      return accept(found) ? found : undefined;
    },
    undefined,
    () => `; now: [${probeDiagnostics(uri).map((d) => `${ruleId(d)} ${d.message}`)}]`,
  );
}
