// One publishDiagnostics per file from two sources: the per-file findings of an open document (LintService) and
// the cross-file findings of the workspace model, which also land in files no editor shows (aliases.json…), and,
// with `apigeeTls.problems: workspace`, the per-file findings of the files no editor shows.
import type { Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToFileURL } from 'node:url';
import type { Finding } from '../lint/model';

export interface PublishedDiagnosticsOptions {
  send: (uri: string, version: number | undefined, diagnostics: Diagnostic[]) => void;
  toDiagnostic: (doc: TextDocument, finding: Finding) => Diagnostic;
  /** The cross-file findings of a file, with the text their spans are offsets into. */
  cross: (path: string) => { text: string; findings: readonly Finding[] } | undefined;
  /** The per-file findings of a file no editor has open (`apigeeTls.problems: workspace`), with their text. */
  background?: (path: string) => { text: string; findings: readonly Finding[] } | undefined;
  /** Diagnostics of other sources for a URI (the probe's), published with the findings. */
  extra?: (uri: string) => Diagnostic[];
  /** Whether a finding of a file is published (`.apigee-tls.json`'s ignorePatterns and suppressions). */
  keep?: (path: string, text: string, finding: Finding) => boolean;
}

export class PublishedDiagnostics {
  /** By file path (the URI for untitled documents): the client's URI for a file may encode it otherwise. */
  private readonly perFile = new Map<string, { doc: TextDocument; findings: readonly Finding[] }>();

  constructor(private readonly options: PublishedDiagnosticsOptions) {}

  /** An open document was linted. `path` is its file path (undefined for untitled documents). */
  fileFindings(doc: TextDocument, path: string | undefined, findings: readonly Finding[]): void {
    this.perFile.set(path ?? doc.uri, { doc, findings });
    this.flush(path ?? doc.uri, path);
  }

  /** The cross-file findings of a file changed, or its background per-file findings. */
  crossChanged(path: string): void {
    this.flush(path, path);
  }

  /** Another source's diagnostics of a file changed (a probe result came, or went). */
  refresh(uri: string, path: string | undefined): void {
    this.flush(path ?? uri, path, uri);
  }

  /** A document closed: its per-file findings go, its cross-file ones stay. */
  closed(uri: string, path: string | undefined): void {
    this.perFile.delete(path ?? uri);
    if (path === undefined) this.options.send(uri, undefined, []);
    else this.flush(path, path, uri);
  }

  private flush(key: string, path: string | undefined, closedUri?: string): void {
    const open = this.perFile.get(key);
    const uri = open?.doc.uri ?? closedUri ?? pathToFileURL(key).href;
    // A file no editor shows: its per-file findings judged in the background, when the workspace's are asked for.
    const background = open === undefined && path !== undefined ? this.options.background?.(path) : undefined;
    const own = open ?? (background && { doc: TextDocument.create(uri, 'plaintext', 0, background.text), findings: background.findings });
    const cross = path === undefined ? undefined : this.options.cross(path);
    const keep = this.options.keep;
    const kept = (text: string, findings: readonly Finding[]): readonly Finding[] =>
      keep === undefined || path === undefined ? findings : findings.filter((f) => keep(path, text, f));
    const diagnostics = own === undefined ? [] : kept(own.doc.getText(), own.findings).map((f) => this.options.toDiagnostic(own.doc, f));
    if (cross !== undefined && cross.findings.length > 0) {
      // The model's text is the open document's own when they agree; else spans are offsets into the model's.
      const doc = own?.doc.getText() === cross.text ? own.doc : TextDocument.create(uri, 'plaintext', 0, cross.text);
      diagnostics.push(...kept(cross.text, cross.findings).map((f) => this.options.toDiagnostic(doc, f)));
    }
    diagnostics.push(...(this.options.extra?.(uri) ?? []));
    this.options.send(uri, open?.doc.version, diagnostics);
  }
}
