// "Apigee TLS: Fix all auto-fixable problems" (as ESLint's extension has): the server's fix-all code action for the
// active editor, applied as one edit. The same action runs on save with `editor.codeActionsOnSave`.
import * as vscode from 'vscode';
import { FIX_ALL_KIND } from '../../server/src/shared/protocol';

export const FIX_ALL_COMMAND = 'apigeeTls.fixAll';

export function registerFixAll(output: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(FIX_ALL_COMMAND, async () => {
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined) return void vscode.window.showInformationMessage('Apigee TLS: open a file to fix.');
    const document = editor.document;
    const kind = vscode.CodeActionKind.Empty.append(FIX_ALL_KIND);
    const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
    const actions =
      (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, whole, kind.value)) ??
      [];
    const fix = actions.find((a) => a.kind !== undefined && kind.contains(a.kind) && a.edit !== undefined);
    if (fix === undefined) return void vscode.window.setStatusBarMessage('Apigee TLS: nothing to fix automatically', 3000);
    const applied = await vscode.workspace.applyEdit(fix.edit!);
    output.info(`Fix all in ${document.uri.fsPath}: ${applied ? 'applied' : 'not applied'}`);
  });
}
