// Wires the capture view: the custom editor for .pcap/.pcapng files and "Diagnose TLS capture…" (a file picker).
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
    vscode.commands.registerCommand(DIAGNOSE_CAPTURE_COMMAND, async (uri?: vscode.Uri) => {
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
      if (file !== undefined) await vscode.commands.executeCommand('vscode.openWith', file, CAPTURE_VIEW_TYPE);
    }),
  );
  return provider.hooks();
}
