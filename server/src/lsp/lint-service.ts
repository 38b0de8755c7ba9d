// Lints open documents: debounced on change, stale work dropped, results cached per version for code actions.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { lintText } from '../lint/lint';
import type { Finding, LintOptions } from '../lint/model';
import { FALLBACK_PROFILE, type ProfileDecision } from '../workspace/profile-evidence';
import { isBundlePath } from '../lint/model';
import { lintOptions, type Settings } from '../settings/lint';

export interface LintServiceOptions {
  debounceMs: number;
  settingsFor: (uri: string) => Promise<Settings>;
  publish: (doc: TextDocument, findings: readonly Finding[]) => void;
  log: (message: string) => void;
  /** The inferred runtime for a document (`apigeeTls.profile` is `auto`); undefined when none can be made (an untitled file). */
  profileFor?: (uri: string) => ProfileDecision | undefined;
  /** A document was linted under another decision than the last time: the other files of its folder may need a re-lint. */
  onDecisionChange?: (decision: ProfileDecision) => void;
  /**
   * The per-file findings of a document only the workspace model can judge (a Terraform file, whose values come from
   * the other files of its module); undefined: the document is judged alone.
   */
  lintModel?: (doc: TextDocument, options: LintOptions) => Finding[] | undefined;
}

interface Result {
  version: number;
  findings: readonly Finding[];
  decision: ProfileDecision;
}

export class LintService {
  private readonly results = new Map<string, Result>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The latest request to lint each document; work started for an older ticket is dropped. */
  private readonly tickets = new Map<string, number>();
  /** Never reset (not even when a document closes), so a ticket is never reused. */
  private lastTicket = 0;
  /** The version an immediate lint is pending for, per document. */
  private readonly immediate = new Map<string, number>();

  constructor(private readonly options: LintServiceOptions) {}

  /** Lints after the debounce delay (0: on the next turn), cancelling work still pending for that document. */
  schedule(doc: TextDocument, immediate = false): void {
    // An immediate lint already pending for this very version stays: a debounced one would only delay it.
    if (!immediate && this.immediate.get(doc.uri) === doc.version && this.timers.has(doc.uri)) return;
    const ticket = ++this.lastTicket;
    this.tickets.set(doc.uri, ticket);
    clearTimeout(this.timers.get(doc.uri));
    if (immediate) this.immediate.set(doc.uri, doc.version);
    else this.immediate.delete(doc.uri);
    const delay = immediate ? 0 : this.options.debounceMs;
    this.timers.set(
      doc.uri,
      setTimeout(() => void this.run(doc, ticket), delay),
    );
  }

  forget(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.tickets.delete(uri);
    this.immediate.delete(uri);
    this.results.delete(uri);
  }

  /** Findings for exactly this version of the document (linted now if the cache is stale). */
  async findings(doc: TextDocument): Promise<readonly Finding[]> {
    return (await this.result(doc)).findings;
  }

  /** The profile the findings of this version were judged under, and why. */
  async decision(doc: TextDocument): Promise<ProfileDecision> {
    return (await this.result(doc)).decision;
  }

  private async result(doc: TextDocument): Promise<Result> {
    const cached = this.results.get(doc.uri);
    if (cached?.version === doc.version) return cached;
    const result = this.lint(doc, await this.options.settingsFor(doc.uri));
    this.results.set(doc.uri, result);
    return result;
  }

  private async run(doc: TextDocument, ticket: number): Promise<void> {
    this.timers.delete(doc.uri);
    try {
      const settings = await this.options.settingsFor(doc.uri);
      if (this.tickets.get(doc.uri) !== ticket) return;
      const previous = this.results.get(doc.uri)?.decision;
      const result = this.lint(doc, settings);
      this.results.set(doc.uri, result);
      this.options.publish(doc, result.findings);
      if (previous !== undefined && !sameDecision(previous, result.decision)) this.options.onDecisionChange?.(result.decision);
    } catch (error) {
      // Never let one document take the server down: log it and publish nothing new.
      this.options.log(`lint failed for ${doc.uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }

  private lint(doc: TextDocument, settings: Settings): Result {
    const decision: ProfileDecision =
      settings.profile === 'auto'
        ? (this.options.profileFor?.(doc.uri) ?? { profile: FALLBACK_PROFILE, decided: false, evidence: [], root: '' })
        : { profile: settings.profile, decided: true, evidence: [], root: '', override: 'apigeeTls.profile' };
    // `apigeeTls.enable: false`: nothing to publish for this file.
    if (!settings.enabled) return { version: doc.version, findings: [], decision };
    // The URI's path is enough to tell whether the file sits in a bundle folder.
    const options = lintOptions(settings, isBundlePath(safeDecode(doc.uri)), decision.profile);
    const findings = this.options.lintModel?.(doc, options) ?? lintText(doc.getText(), options);
    return { version: doc.version, findings, decision };
  }
}

function sameDecision(a: ProfileDecision, b: ProfileDecision): boolean {
  return a.profile === b.profile && a.decided === b.decided && a.override === b.override;
}

function safeDecode(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}
