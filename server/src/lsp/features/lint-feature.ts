// Linting open documents: each is judged as it is typed (debounced), under its own settings and runtime decision,
// with its quick fixes, hover and completion. Hover and completion also name the workspace model's entities when
// the model holds the file.
import { CodeActionKind } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { inferenceRoot } from '../../workspace/profile';
import { codeActions } from '../code-actions';
import { looksLikeJson } from '../../documents/sniff';
import { suppressActions } from '../suppress-action';
import { complete } from '../completion';
import type { ServerContext } from '../context';
import { FIX_ALL_KIND } from '../convert';
import { filePath } from '../file-uri';
import { hover, joinHovers } from '../hover';
import { LintService } from '../lint-service';
import { isTerraformFile, modelFindings } from '../model-lint';
import { ParsedDocuments } from '../parsed-documents';
import type { PublishedDiagnostics } from '../published-diagnostics';
import { completeNames, workspaceHover } from '../workspace-navigation';

export const LINT_CAPABILITIES = {
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
  hoverProvider: true,
  completionProvider: { triggerCharacters: ['<', '"', '>'] },
};

export class LintFeature {
  private service: LintService | undefined;
  private readonly trees = new ParsedDocuments();

  constructor(
    private readonly ctx: ServerContext,
    private readonly published: PublishedDiagnostics,
  ) {
    const { connection, documents } = ctx;
    connection.onCodeAction(async (params) => {
      const doc = documents.get(params.textDocument.uri);
      if (doc === undefined || this.service === undefined) return [];
      const actions = codeActions(doc, await this.service.findings(doc), params, ctx.client.snippetEdits);
      // A finding in a JSON file (per-file or cross-file) is silenced in the folder's .apigee-tls.json.
      const path = filePath(doc.uri);
      const target = path === undefined ? undefined : ctx.configFiles.suppressionTarget(path);
      const wantsQuickFix = params.context.only === undefined || params.context.only.includes(CodeActionKind.QuickFix);
      if (target !== undefined && wantsQuickFix && looksLikeJson(doc.getText()))
        actions.push(...suppressActions(doc, path!, params.context.diagnostics, target, ctx.client.createFiles));
      return actions;
    });
    connection.onHover(async (params) => {
      const doc = documents.get(params.textDocument.uri);
      const path = filePath(params.textDocument.uri);
      const ws = ctx.workspace?.workspace;
      const names = path === undefined || ws === undefined ? null : workspaceHover(ws, path, params.position);
      if (doc === undefined) return names;
      const service = this.service;
      const context = service === undefined ? undefined : { findings: await service.findings(doc), decision: await service.decision(doc) };
      return joinHovers(names, hover(doc, params.position, this.trees, context));
    });
    connection.onCompletion((params) => {
      const doc = documents.get(params.textDocument.uri);
      if (doc === undefined) return [];
      const path = filePath(doc.uri);
      const ws = ctx.workspace?.workspace;
      const names = path === undefined || ws === undefined ? [] : completeNames(ws, path, doc, params.position);
      return [...names, ...complete(doc, params.position)];
    });
  }

  /** At `initialize`: the service, with the client's debounce and the context's settings and decisions. */
  start(): void {
    const { ctx } = this;
    this.service = new LintService({
      debounceMs: ctx.debounceMs,
      settingsFor: (uri) => ctx.settingsFor(uri),
      publish: (doc, findings) => this.published.fileFindings(doc, filePath(doc.uri), findings),
      log: (message) => ctx.connection.console.error(message),
      lintModel: (doc, options) => modelFindings(ctx, doc, options),
      profileFor: (uri) => {
        const path = filePath(uri);
        return path === undefined ? undefined : ctx.decisionFor(path);
      },
      // The other open files of that folder were judged under the old decision.
      onDecisionChange: (decision) => {
        for (const doc of ctx.documents.all()) {
          const path = filePath(doc.uri);
          if (path !== undefined && inferenceRoot(path) === decision.root) this.schedule(doc);
        }
      },
    });
  }

  /** Lints a document again (at once, or after the debounce). */
  schedule(doc: TextDocument, immediate = false): void {
    this.service?.schedule(doc, immediate);
  }

  /** Every open document again (settings or decisions changed). */
  scheduleAll(immediate = false): void {
    for (const doc of this.ctx.documents.all()) this.schedule(doc, immediate);
  }

  /** The open documents judged through the model, again at once: the model changed (and with it their findings). */
  scheduleModelDocuments(): void {
    const model = this.ctx.workspace?.workspace;
    for (const doc of this.ctx.documents.all()) {
      const path = filePath(doc.uri);
      if (path !== undefined && (isTerraformFile(path) || model?.facts(path) !== undefined)) this.schedule(doc, true);
    }
  }

  closed(uri: string): void {
    this.service?.forget(uri);
    this.trees.forget(uri);
  }
}
