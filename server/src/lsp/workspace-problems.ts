// `apigeeTls.problems: workspace`: the per-file findings of every file the workspace model holds, not only of the
// open documents, judged as `lint <folder>` judges them (lintFile over the model). Computed again after each
// whole-model lint (indexing, files changed on disk or typed, settings), a small batch per turn of the event loop:
// the open document's own lint (a timer) and requests (hover…) run between two batches, never behind the
// workspace. A newer pass supersedes the running one. Only files whose findings changed are published; a folder
// switched back to `openFiles` (or a file opened, which its own lint then covers) has them cleared.
import type { Finding } from '../lint/model';
import { isInside } from '../workspace/paths';
import { lintFile, type WorkspaceLintOptions } from '../workspace/lint-workspace';
import type { Workspace } from '../workspace/workspace';
import { nextTurn, sameFindings } from './workspace-service';

export interface WorkspaceProblemsOptions {
  model: () => Workspace | undefined;
  roots: () => readonly string[];
  /** A folder's per-file lint options when its settings ask for the workspace's problems; undefined: open files only. */
  optionsFor: (root: string) => Promise<WorkspaceLintOptions | undefined>;
  /** Whether an editor has the file open (its own lint publishes it). */
  isOpen: (path: string) => boolean;
  /** The background findings of a file changed (read them with `of`). */
  changed: (path: string) => void;
  log: (message: string) => void;
}

/** How many files are judged between two turns of the event loop. */
export const PROBLEMS_BATCH = 20;

export interface BackgroundFindings {
  text: string;
  findings: readonly Finding[];
}

export class WorkspaceProblems {
  private readonly held = new Map<string, BackgroundFindings>();
  private pass = 0;
  private running: Promise<void> | undefined;

  constructor(private readonly options: WorkspaceProblemsOptions) {}

  /** The per-file findings published for a file that is not open (undefined: none). */
  of(path: string): BackgroundFindings | undefined {
    return this.held.get(path);
  }

  /** How many files hold background findings (tests, benchmarks). */
  get size(): number {
    return this.held.size;
  }

  /** Judges the model's files again (after a whole-model lint or a settings change), superseding a pass under way. */
  refresh(): void {
    const pass = ++this.pass;
    const run = this.judge(pass).catch((error: unknown) =>
      this.options.log(`workspace problems failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    );
    this.running = run.finally(() => {
      if (this.pass === pass) this.running = undefined;
    });
  }

  /** Resolves once no pass is under way (tests, benchmarks). */
  async settled(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  private async judge(pass: number): Promise<void> {
    const roots = this.options.roots();
    const options = await Promise.all(roots.map((root) => this.options.optionsFor(root)));
    if (pass !== this.pass) return;
    const model = this.options.model();
    const wanted = new Map<string, WorkspaceLintOptions>();
    for (const facts of model?.allFacts() ?? []) {
      const i = innermost(roots, facts.path);
      const o = i === undefined ? undefined : options[i];
      if (o !== undefined && !this.options.isOpen(facts.path)) wanted.set(facts.path, o);
    }
    // Cleared first, at once: a folder switched back, a file opened or gone.
    for (const path of [...this.held.keys()]) {
      if (wanted.has(path)) continue;
      this.held.delete(path);
      this.options.changed(path);
    }
    let done = 0;
    for (const [path, o] of wanted) {
      if (done++ % PROBLEMS_BATCH === 0) {
        await nextTurn();
        if (pass !== this.pass) return;
      }
      // Opened, changed or dropped since the pass began: the next pass (the model lints again) judges it.
      const facts = model?.facts(path);
      if (model === undefined || facts === undefined || this.options.isOpen(path)) continue;
      const findings = lintFile(model, path, facts.text, o);
      const before = this.held.get(path);
      if (findings.length === 0) {
        if (before === undefined) continue;
        this.held.delete(path);
      } else {
        if (before?.text === facts.text && sameFindings(before.findings, findings)) continue;
        this.held.set(path, { text: facts.text, findings });
      }
      this.options.changed(path);
    }
  }
}

function innermost(roots: readonly string[], path: string): number | undefined {
  let best: number | undefined;
  roots.forEach((root, i) => {
    if (isInside(root, path) && (best === undefined || root.length > roots[best]!.length)) best = i;
  });
  return best;
}
