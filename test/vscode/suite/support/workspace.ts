// The test workspace (a fresh copy of test/vscode/fixtures/workspace): fixtures and documents.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'apigee-tls-lint.apigee-tls-lint';

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/**
 * Copies a target fixture to apiproxy/targets/<name>.xml, optionally changed, so that tests never share an
 * edited document.
 */
export async function copyTarget(fixture: string, name: string, transform: (text: string) => string = (t) => t): Promise<vscode.Uri> {
  const text = transform(await readText(workspaceUri('apiproxy', 'targets', fixture)));
  const uri = workspaceUri('apiproxy', 'targets', `${name}.xml`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

export async function openInEditor(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document);
}

/** The range of the first occurrence of `needle` (after `after`, if given). */
export function rangeOf(document: vscode.TextDocument, needle: string, after?: string): vscode.Range {
  const text = document.getText();
  const from = after === undefined ? 0 : text.indexOf(after);
  const offset = text.indexOf(needle, Math.max(0, from));
  if (from < 0 || offset < 0) throw new Error(`"${needle}" not found in ${document.uri.path}`);
  return new vscode.Range(document.positionAt(offset), document.positionAt(offset + needle.length));
}
