// Code actions the way the editor's lightbulb gets them, and applying one.
import * as vscode from 'vscode';
import { eventually } from './eventually';

export function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Thenable<(vscode.CodeAction | vscode.Command)[]> {
  // The last argument resolves lazily computed edits, as the editor does before applying an action.
  return vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, kind, 100);
}

function isCodeAction(item: vscode.CodeAction | vscode.Command): item is vscode.CodeAction {
  return typeof (item as vscode.Command).command !== 'string';
}

/** Waits until the providers offer an action that `pick` accepts. */
export function waitForAction(
  what: string,
  uri: vscode.Uri,
  range: vscode.Range,
  pick: (action: vscode.CodeAction) => boolean,
  kind?: string,
): Promise<vscode.CodeAction> {
  return eventually(what, async () => (await codeActions(uri, range, kind)).filter(isCodeAction).find(pick));
}

export async function applyAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit) {
    const applied = await vscode.workspace.applyEdit(action.edit);
    if (!applied) throw new Error(`the edit of "${action.title}" was not applied`);
  }
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}
