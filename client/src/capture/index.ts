// Wires the capture view: the custom editor for .pcap/.pcapng files and "Diagnose TLS capture…" (a file picker;
// with a second argument `{ keyLogFile }` it reads the capture with that key log, without asking).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CAPTURE_VIEW_TYPE, CaptureEditorProvider, type CaptureEditorHooks } from './editor';

export const DIAGNOSE_CAPTURE_COMMAND = 'apigeeTls.diagnoseCapture';

export function registerCaptureEditor(
  context: vscode.ExtensionContext,
  client: () => LanguageClient | undefined,
  output: vscode.LogOutputChannel,
): CaptureEditorHooks {
  const provider = new CaptureEditorProvider(context.extensionUri, client, output);
  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(CAPTURE_VIEW_TYPE, provider, {
      // Hidden and shown again, the view keeps its report instead of reading a 1 GB file once more.
      webviewOptions: { retainContextWhenHidden: true },
      supportsMultipleEditorsPerDocument: true,
    }),
    vscode.commands.registerCommand(DIAGNOSE_CAPTURE_COMMAND, async (uri?: vscode.Uri, options?: { keyLogFile?: unknown }) => {
      const file =
        uri ??
        (
          await vscode.window.showOpenDialog({
            title: 'Diagnose TLS capture',
            openLabel: 'Diagnose',
            canSelectMany: false,
            filters: { 'Packet captures': ['pcap', 'pcapng', 'cap'], 'All files': ['*'] },
          })
        )?.[0];
      if (file === undefined) return;
      const keyLogFile = options?.keyLogFile;
      if (typeof keyLogFile === 'string' && keyLogFile !== '') provider.useKeyLog(file, absoluteFor(file, keyLogFile));
      await vscode.commands.executeCommand('vscode.openWith', file, CAPTURE_VIEW_TYPE);
    }),
  );
  return provider.hooks();
}

/** A relative key log path is taken from the capture's workspace folder, else from the capture's own folder. */
function absoluteFor(capture: vscode.Uri, file: string): string {
  if (path.isAbsolute(file)) return file;
  const folder = vscode.workspace.getWorkspaceFolder(capture);
  return path.resolve(folder?.uri.scheme === 'file' ? folder.uri.fsPath : path.dirname(capture.fsPath), file);
}
