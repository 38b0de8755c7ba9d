// "Diagnose target TLS" in the extension host: openssl s_server backends, the
// extension's test hooks and the probe's diagnostics (source `apigee-tls-probe`).
import * as vscode from 'vscode';
import { startOpenssl, type RunningServer } from '../../../probe/support/servers';
import { ruleId } from './diagnostics';
import { waitForEvent } from './eventually';
import { EXTENSION_ID } from './workspace';

export const PROBE_SOURCE = 'apigee-tls-probe';

/** openssl s_server on 127.0.0.1 with that certificate; `extra` narrows what it accepts. */
export function startBackend(dir: string, extra: string[] = []): Promise<RunningServer> {
  return startOpenssl(['-cert', `${dir}/cert.pem`, '-key', `${dir}/key.pem`, ...extra]);
}

/** The extension's test hooks (exported only in ExtensionMode.Test). */
export interface TestHooks {
  setConsent(consent: ((target: { host: string; port: number; url: string }) => Promise<boolean>) | undefined): void;
}

export async function testHooks(): Promise<TestHooks> {
  const extension = vscode.extensions.getExtension<{ diagnose: TestHooks } | undefined>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  const api = await extension.activate();
  if (!api) throw new Error('the extension exports no test hooks: is it running in ExtensionMode.Test?');
  return api.diagnose;
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
