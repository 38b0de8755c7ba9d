// A rule: a descriptor (id, severity per profile, docs summary, apigeelint equivalent) and a pure check.
import type { Connection } from '../documents/connection';
import type { JsonSyntaxProblem } from '../documents/json/json-document';
import type { SslInfoView } from '../documents/sslinfo';
import type { Fix, Profile, Severity, SeveritySetting } from './model';
import type { XmlDocument } from '../documents/xml/document';
import type { Span } from '../documents/xml/types';

export interface RuleContext {
  readonly text: string;
  readonly doc: XmlDocument;
  readonly profile: Profile;
  readonly connections: readonly Connection[];
  /** Every SSLInfo of every connection (computed once per document). */
  readonly sslInfos: readonly SslInfoView[];
  /** A JSON file that does not parse: where and why (its TargetServers are then unknown). */
  readonly jsonError?: JsonSyntaxProblem;
  report(span: Span, message: string, fixes?: Fix[], options?: ReportOptions): void;
  /** The severity another rule runs at here (the user's setting, else its default for the profile): two rules that would report one problem agree which one speaks. */
  severityOf(ruleId: string): SeveritySetting;
}

export interface ReportOptions {
  /**
   * Another default for this finding than the rule's (milder: a case the runtime mostly copes with; stronger: a
   * finding that speaks for a second rule too). A severity the user set for the rule still wins.
   */
  severity?: Severity;
}

export interface Rule {
  /** Public contract: settings, suppressions, docs and CI output use it. */
  id: string;
  /** What it flags, one line. */
  description: string;
  /** Why it matters at run time, one line (README table). */
  why: string;
  /** What the fix does, one line (README table); '–' when there is no fix. */
  fix: string;
  /** apigeelint's rule ids for the same check; its suppression comments silence this rule too. */
  apigeelint: readonly string[];
  severity: Readonly<Record<Profile, SeveritySetting>>;
  /** The rule offers at least one quick fix. */
  fixable: boolean;
  check(ctx: RuleContext): void;
}

/** A rule's descriptor without its check: what settings, docs and reports need (per-file and cross-file rules). */
export type RuleMeta = Omit<Rule, 'check'>;

export const everywhere = (severity: SeveritySetting): Record<Profile, SeveritySetting> => ({ apigeex: severity, edge: severity });
