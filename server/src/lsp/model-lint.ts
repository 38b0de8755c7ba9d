// The per-file findings of an open document, judged as `lint <folder>` judges it whenever the workspace model holds
// the editor's text of it: what only the model knows changes them (a configuration file the build never deploys is
// judged at most as info; JSON the Maven plugin reads leniently, such as a raw line break in a string, is still
// judged; a LoadBalancer's wording follows its TargetServers). A Terraform file needs the model even outside the
// folders (its values come from the other files of its module): it is judged with its module folder read for it.
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

/** The findings of a document through the model; undefined when the model does not hold it (judged alone). */
export function modelFindings(ctx: ServerContext, doc: TextDocument, options: LintOptions): Finding[] | undefined {
  const path = filePath(doc.uri);
  if (path === undefined) return undefined;
  const text = doc.getText();
  const lintOptions: WorkspaceLintOptions = { profile: options.profile, rules: options.rules };
  const model = ctx.workspace?.workspace;
  // The model reads the open document's text as it is typed (document-events); until it holds this version (before
  // the model starts), the file is judged alone (or, Terraform, with its module read afresh), and again once the
  // model has linted.
  if (model?.facts(path)?.text === text) return lintFile(model, path, text, lintOptions);
  if (!isTerraformFile(path)) return undefined;
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
