// The command "Open a diagnosis report…": a JSON report made elsewhere (`apigee-tls-lint probe … --format json`,
// run from the runtime's network: a VM, Cloud Shell, the container image) shown in the lenses, the Problems panel
// and the Apigee TLS view as if probed here. The server reads the file and matches it to the workspace's
// connections (apigeeTls/openReport); this picks the file and says what was shown. VS Code glue only.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { OPEN_REPORT_REQUEST, type OpenReportResult } from '../../../server/src/shared/protocol';
import { reportOf } from './present';

export const OPEN_REPORT_COMMAND = 'apigeeTls.openReport';

/** What the command resolves with (for tests); the user sees the lenses, problems and a notification. */
export type OpenReportOutcome = { outcome: 'shown'; result: OpenReportResult } | { outcome: 'no-file' | 'failed'; reason?: string };

/** `file`: a Uri (tests, other extensions); none: the user picks one. */
export async function openReport(
  client: LanguageClient | undefined,
  output: vscode.LogOutputChannel,
  file?: unknown,
): Promise<OpenReportOutcome> {
  if (client === undefined) return { outcome: 'failed', reason: 'the language server is not running' };
  const uri =
    file instanceof vscode.Uri
      ? file
      : (
          await vscode.window.showOpenDialog({
            title: 'Open a diagnosis report (apigee-tls-lint probe … --format json)',
            canSelectMany: false,
            filters: { 'Diagnosis report': ['json'], 'All files': ['*'] },
          })
        )?.[0];
  if (uri === undefined) return { outcome: 'no-file' };
  let result: OpenReportResult;
  try {
    result = await client.sendRequest<OpenReportResult>(OPEN_REPORT_REQUEST, { path: uri.fsPath });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(reason);
    return { outcome: 'failed', reason };
  }
  const name = uri.path.split('/').pop() ?? uri.fsPath;
  output.info(`Diagnosis report ${uri.fsPath}:`);
  for (const item of result.items) output.info(reportOf(item));
  for (const entry of result.unmatched) output.warn(`  no connection here matches ${entry}`);
  const unmatched = result.unmatched.length === 0 ? '' : `; ${result.unmatched.length} match no connection here (see the output)`;
  const failing = result.items.filter((i) => i.ok === false).length;
  const text = `Apigee TLS Lint: ${name}: ${result.items.length} connection${result.items.length === 1 ? '' : 's'} shown, ${failing} failing${unmatched}.`;
  void (result.items.length === 0 ? vscode.window.showWarningMessage(text) : vscode.window.showInformationMessage(text));
  return { outcome: 'shown', result };
}
