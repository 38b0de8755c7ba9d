// "Suppress <rule> for this value in .apigee-tls.json": the quick fix for a finding in a JSON file (JSON has no
// comments to disable a line with). It adds a suppression naming the file, the JSON Pointer of the value and the
// rule to the folder's configuration file, or creates that file when the client can create files.
import { dirname, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeAction,
  CodeActionKind,
  CreateFile,
  TextDocumentEdit,
  TextEdit,
  type Diagnostic,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { addSuppressionEdit, findingPointer } from '../workspace/suppressions';
import { CONFIG_FILE } from '../workspace/config-file';
import { SOURCE } from './convert';

export interface SuppressTarget {
  /** The configuration file the entry goes to, and its text (undefined: it does not exist yet). */
  path: string;
  text: string | undefined;
}

export function suppressActions(
  doc: TextDocument,
  docPath: string,
  diagnostics: readonly Diagnostic[],
  target: SuppressTarget,
  canCreateFiles: boolean,
): CodeAction[] {
  if (target.text === undefined && !canCreateFiles) return [];
  const file = relative(dirname(target.path), docPath).split(sep).join('/');
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== SOURCE || typeof diagnostic.code !== 'string') continue;
    const pointer = findingPointer(doc.getText(), { start: doc.offsetAt(diagnostic.range.start), end: doc.offsetAt(diagnostic.range.end) });
    if (pointer === undefined) continue;
    const edit = addSuppressionEdit(target.text, { file, pointer, rule: diagnostic.code });
    if (edit === undefined) continue;
    const action = CodeAction.create(
      `Suppress ${diagnostic.code} for this value in ${CONFIG_FILE}`,
      workspaceEdit(target, edit),
      CodeActionKind.QuickFix,
    );
    action.diagnostics = [diagnostic];
    actions.push(action);
  }
  return actions;
}

function workspaceEdit(target: SuppressTarget, edit: { start: number; end: number; newText: string }): WorkspaceEdit {
  const uri = pathToFileURL(target.path).href;
  if (target.text === undefined)
    return {
      documentChanges: [
        CreateFile.create(uri, { ignoreIfExists: true }),
        TextDocumentEdit.create({ uri, version: null }, [TextEdit.insert({ line: 0, character: 0 }, edit.newText)]),
      ],
    };
  const config = TextDocument.create(uri, 'json', 0, target.text);
  return {
    changes: { [uri]: [TextEdit.replace({ start: config.positionAt(edit.start), end: config.positionAt(edit.end) }, edit.newText)] },
  };
}
