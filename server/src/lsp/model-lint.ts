// The per-file findings of an open document that only the workspace model can judge: a Terraform file, whose values
// come from the other files of its module (a variable's default in variables.tf, a tfvars file per environment).
// Inside a workspace folder the server's model judges it, as `lint <folder>` does; a file opened outside every
// folder is judged with its own module folder read for it, as `lint <its folder>` does.
import { dirname } from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, LintOptions } from '../lint/model';
import { classify } from '../workspace/layout';
import { withOpenDocuments, workspaceFiles } from '../workspace/files';
import { lintFile, lintWorkspace, type WorkspaceLintOptions } from '../workspace/lint-workspace';
import { loadWorkspaceFrom } from '../workspace/load';
import type { ServerContext } from './context';
import { filePath } from './file-uri';

/** Whether a path is a Terraform module file (judged through its module). */
export function isTerraformFile(path: string): boolean {
  return classify(path)?.kind === 'terraform';
}

/** The findings of a Terraform document through the model; undefined for any other document (judged alone). */
export function modelFindings(ctx: ServerContext, doc: TextDocument, options: LintOptions): Finding[] | undefined {
  const path = filePath(doc.uri);
  if (path === undefined || !isTerraformFile(path)) return undefined;
  const text = doc.getText();
  const lintOptions: WorkspaceLintOptions = { profile: options.profile, rules: options.rules };
  const model = ctx.workspace?.workspace;
  // The model reads the open document's text as it is typed (document-events); until it holds this version (before
  // the model starts), the file is judged with its module read afresh, and again once the model has linted.
  if (model?.facts(path)?.text === text) return lintFile(model, path, text, lintOptions);
  // Inside the folders the model publishes the cross-file findings itself.
  return moduleFindings(ctx, path, text, lintOptions, !ctx.files.contains(path));
}

/** A Terraform file judged with its module folder read for it (and, outside the folders, the cross-file findings in it). */
function moduleFindings(ctx: ServerContext, path: string, text: string, options: WorkspaceLintOptions, cross: boolean): Finding[] {
  const files = withOpenDocuments(workspaceFiles({ roots: [dirname(path)], trusted: () => ctx.trusted }), (p) =>
    ctx.openByPath.get(p)?.getText(),
  );
  const ws = loadWorkspaceFrom(files, new Map([[path, text]]));
  const findings = [...lintFile(ws, path, text, options), ...(cross ? (lintWorkspace(ws, options).get(path) ?? []) : [])];
  return findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}
