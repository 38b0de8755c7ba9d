// The language server's workspace model: the workspace folders indexed from disk at start, kept current from
// open documents (the editor's text wins while a document is open) and from files changed on disk, and the
// cross-file findings of the whole model, re-published only for the files whose findings changed.
// Other features read the model through the server's context (context.ts).
import { isAbsolute } from 'node:path';
import type { Finding } from '../lint/model';
import { isInside } from '../workspace/paths';
import type { WorkspaceFiles } from '../workspace/files';
import { listModelFiles, readModelText } from '../workspace/model-files';
import { isModelFile } from '../workspace/layout';
import { lintWorkspace, type WorkspaceLintOptions } from '../workspace/lint-workspace';
import { Workspace } from '../workspace/workspace';

export interface WorkspaceServiceOptions {
  /** The server's one reader: the workspace folders, its trust (untrusted: certificate and key files are known by path only). */
  files: WorkspaceFiles;
  debounceMs: number;
  /** A workspace folder's options for the whole-workspace lint now; undefined when `apigeeTls.lint.workspace` is off there. */
  lintOptions: (root: string) => Promise<WorkspaceLintOptions | undefined>;
  /** Indexing was cancelled and something changed since: index again (with the host's progress). */
  reindex: () => void;
  /** Every file of the folders is read (by the index that completed; once per completed index). */
  indexed: () => void;
  /** The cross-file findings of a file changed (empty: it has none any more). */
  onFindings: (path: string, findings: readonly Finding[]) => void;
  /** A whole-model lint finished: per-file findings that depend on the model (Terraform files) may have changed. */
  linted?: () => void;
  log: (message: string) => void;
}

export interface Cancellation {
  readonly isCancellationRequested: boolean;
}

/** How many files are read between two turns of the event loop while indexing (requests are served meanwhile). */
const INDEX_BATCH = 50;

export interface IndexRequest {
  token?: Cancellation;
  progress?: (done: number, total: number) => void;
  /** Why this index runs: what the log says of an index it replaces. */
  reason?: string;
}

/** How an index ended: it read every file, the user cancelled it, or a newer index replaced it (which reads them all). */
export type IndexOutcome =
  { kind: 'indexed'; files: number; environments: number } | { kind: 'cancelled' } | { kind: 'superseded'; by: string };

/**
 * Where the model stands. `waiting` (before the host's first index) and `indexing`: a change is read into the model
 * and linted when the index completes. `cancelled`: the next change asks the host to index again (`asked`).
 */
type IndexState = 'waiting' | 'indexing' | 'cancelled' | 'asked' | 'indexed';

export type FileChange = 'created' | 'changed' | 'deleted';

export class WorkspaceService {
  readonly workspace: Workspace;
  private readonly open = new Set<string>();
  private findings = new Map<string, readonly Finding[]>();
  private state: IndexState = 'waiting';
  /** The number of the newest index: an older one sees it changed and stops. */
  private latest = 0;
  private latestReason = '';
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly options: WorkspaceServiceOptions) {
    // Property files named by `resourcefiles` are configuration and read either way; other files an alias
    // names (certificates, keys, archives) only in a trusted workspace.
    this.workspace = new Workspace({ files: options.files });
  }

  private get roots(): readonly string[] {
    return this.options.files.roots;
  }

  /** The workspace became trusted: the certificate and key files refused until now are read when next asked for. */
  trustGranted(): void {
    if (this.workspace.forgetFailedReads('untrusted')) this.schedule();
  }

  /** Whether the model holds this path (inside a workspace folder). */
  covers(path: string): boolean {
    return isAbsolute(path) && this.roots.some((root) => isInside(root, path));
  }

  /**
   * Reads every model file of the folders (open documents keep the editor's text), a batch per turn of the event
   * loop. One index at a time: a new one supersedes the one running, which stops at its next batch. The one that
   * completes announces it (`indexed`), then lints.
   */
  async index({ token, progress, reason = 'indexing asked again' }: IndexRequest = {}): Promise<IndexOutcome> {
    const pass = ++this.latest;
    this.latestReason = reason;
    this.state = 'indexing';
    try {
      const files = this.roots.flatMap((root) => listModelFiles(this.options.files, root));
      for (let i = 0; i < files.length; i++) {
        if (i % INDEX_BATCH === 0) {
          progress?.(i, files.length);
          await nextTurn();
          if (pass !== this.latest) return { kind: 'superseded', by: this.latestReason };
          if (token?.isCancellationRequested) {
            this.state = 'cancelled';
            return { kind: 'cancelled' };
          }
        }
        const path = files[i]!;
        if (this.open.has(path)) continue;
        const text = readModelText(this.options.files, path);
        if (text !== undefined) this.workspace.setFile(path, text);
      }
      progress?.(files.length, files.length);
      this.state = 'indexed';
      this.options.indexed();
      this.schedule(true);
      return { kind: 'indexed', files: files.length, environments: this.workspace.allEnvironments().length };
    } finally {
      // An index that threw: the next change asks for another.
      if (pass === this.latest && this.state === 'indexing') this.state = 'cancelled';
    }
  }

  /** An open document's text (on open and on every change). */
  setOpen(path: string, text: string): void {
    if (!this.covers(path)) return;
    this.open.add(path);
    if (this.workspace.facts(path)?.text === text) return;
    this.workspace.setFile(path, text);
    this.schedule();
  }

  /** A document closed: the disk's text is the truth again. */
  close(path: string): void {
    if (!this.open.delete(path)) return;
    this.reload(path);
    this.schedule();
  }

  /**
   * A file or folder changed on disk (workspace/didChangeWatchedFiles); an open document's text stays the editor's.
   * An editor may report a folder that came or went without the files in it: those are read or dropped here.
   */
  changedOnDisk(path: string, change: FileChange): void {
    if (!this.covers(path)) return;
    // Certificates, keys and property files are read on demand and cached: drop what was read.
    let changed = this.workspace.fileChanged(path);
    if (!this.open.has(path)) {
      if (change === 'deleted') changed = this.deleteUnder(path) || changed;
      else if (isModelFile(path)) changed = this.reload(path) || changed;
      else if (change === 'created') changed = this.readFolder(path) || changed;
    }
    if (changed) this.schedule();
  }

  /** The cross-file findings last published for a file. */
  crossFindings(path: string): readonly Finding[] {
    return this.findings.get(path) ?? [];
  }

  /** Every file with cross-file findings. */
  filesWithFindings(): string[] {
    return [...this.findings.keys()];
  }

  /** Settings changed: lint again at once (findings may appear or go). */
  settingsChanged(): void {
    this.schedule(true);
  }

  /** Re-lints the model after the debounce delay (0: on the next turn); changes meanwhile are folded in. */
  schedule(immediate = false): void {
    if (this.state !== 'indexed') {
      // Before and during an index the change is folded into it. After a cancel, cross-file findings come back
      // with the next change or settings event: it asks for a new index.
      if (this.state === 'cancelled') {
        this.state = 'asked';
        this.options.reindex();
      }
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), immediate ? 0 : this.options.debounceMs);
  }

  /** Resolves once no lint is pending or running (tests, benchmarks). */
  async settled(): Promise<void> {
    while (this.running !== undefined || this.timer !== undefined) {
      if (this.running !== undefined) await this.running;
      else await nextTurn();
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Reads a file again: whether the model held it or holds it now. */
  /**
   * The cross-file findings, each file's under its own folder's settings: one whole-model lint per distinct
   * settings (a single one when the folders agree), keeping the files of the folders with those settings.
   */
  private async lintFolders(): Promise<Map<string, Finding[]>> {
    const roots = this.roots;
    const options = await Promise.all(roots.map((root) => this.options.lintOptions(root)));
    const groups = new Map<string, { options: WorkspaceLintOptions; roots: Set<string> }>();
    roots.forEach((root, i) => {
      const o = options[i];
      if (o === undefined) return;
      const key = JSON.stringify([o.profile, o.profileOf === undefined, o.rules, o.expiryDays, o.only && [...o.only]]);
      const group = groups.get(key);
      if (group === undefined) groups.set(key, { options: o, roots: new Set([root]) });
      else group.roots.add(root);
    });
    const next = new Map<string, Finding[]>();
    for (const group of groups.values()) {
      const all = lintWorkspace(this.workspace, group.options);
      if (groups.size === 1 && group.roots.size === roots.length) return all;
      for (const [path, findings] of all) if (group.roots.has(folderOf(roots, path) ?? '')) next.set(path, findings);
    }
    return next;
  }

  private reload(path: string): boolean {
    const held = this.workspace.facts(path) !== undefined;
    const text = readModelText(this.options.files, path);
    if (text !== undefined && this.workspace.setFile(path, text)) return true;
    this.workspace.deleteFile(path);
    return held;
  }

  /** The model files of a folder that appeared (nothing for a file): whether there were any. */
  private readFolder(folder: string): boolean {
    let read = false;
    for (const path of listModelFiles(this.options.files, folder)) if (!this.open.has(path)) read = this.reload(path) || read;
    return read;
  }

  /** Drops a file, or every file under a folder, the model holds (open documents stay): whether there were any. */
  private deleteUnder(path: string): boolean {
    const gone = [...this.workspace.allFacts()].map((f) => f.path).filter((p) => isInside(path, p) && !this.open.has(p));
    for (const file of gone) this.workspace.deleteFile(file);
    return gone.length > 0;
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    if (this.running !== undefined) {
      // One lint at a time: the one running started before this change, so one more follows it.
      this.again = true;
      return;
    }
    this.running = this.lint().finally(() => (this.running = undefined));
    await this.running;
    if (this.again) {
      this.again = false;
      this.schedule(true);
    }
  }

  private async lint(): Promise<void> {
    try {
      const next = await this.lintFolders();
      const previous = this.findings;
      this.findings = next;
      for (const [path, findings] of next) if (!sameFindings(previous.get(path), findings)) this.options.onFindings(path, findings);
      for (const path of previous.keys()) if (!next.has(path)) this.options.onFindings(path, []);
      this.options.linted?.();
    } catch (error) {
      // Never let the model take the server down: log it and keep what was published.
      this.options.log(`workspace lint failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
}

/** The workspace folder a file belongs to: the innermost one holding it. */
function folderOf(roots: readonly string[], path: string): string | undefined {
  return roots.filter((root) => isInside(root, path)).sort((a, b) => b.length - a.length)[0];
}

export function sameFindings(a: readonly Finding[] | undefined, b: readonly Finding[]): boolean {
  if (a === undefined || a.length !== b.length) return false;
  return a.every((f, i) => {
    const g = b[i]!;
    return (
      f.ruleId === g.ruleId &&
      f.severity === g.severity &&
      f.message === g.message &&
      f.span.start === g.span.start &&
      f.span.end === g.span.end
    );
  });
}

/** The next turn of the event loop (after pending I/O and timers). */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
