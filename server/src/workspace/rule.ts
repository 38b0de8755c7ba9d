// A cross-file rule: the same descriptor as a per-file rule, and a check that reads the workspace model.
import type { Fix, Profile } from '../lint/model';
import type { RuleMeta } from '../lint/rule';
import type { Span } from '../documents/xml/types';
import type { EnvIndex, Workspace } from './workspace';

export interface ReportOptions {
  fixes?: Fix[];
  /** The problem holds in only some environments: at most a warning, whatever the rule's severity. */
  partial?: boolean;
  /** The repository cannot decide whether it applies (say both cases): at most info. */
  undecided?: boolean;
}

export interface WorkspaceRuleContext {
  readonly workspace: Workspace;
  readonly profile: Profile;
  /** The profile a file is judged under (inferred per bundle or folder when the setting is auto); default `profile`. */
  profileOf(path: string): Profile;
  /** The environments to judge (`--env`); undefined: all. */
  readonly only: ReadonlySet<string> | undefined;
  /** Certificates expiring within this many days are reported. */
  readonly expiryDays: number;
  readonly now: Date;
  /** Every environment in scope, across projects. */
  environments(): EnvIndex[];
  report(file: string, span: Span, message: string, options?: ReportOptions): void;
}

export interface WorkspaceRule extends RuleMeta {
  check(ctx: WorkspaceRuleContext): void;
}

const MAX_NAMED = 8;

/** `test`, `test and prod`, `dev, test and prod`; long lists end with `and 9,992 more`. */
export function envNames(envs: readonly EnvIndex[]): string {
  const names = [...new Set(envs.map((e) => e.label))];
  if (names.length > MAX_NAMED)
    return `${names.slice(0, MAX_NAMED).join(', ')} and ${(names.length - MAX_NAMED).toLocaleString('en')} more`;
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
}

/** `environment test` / `environments test and prod`. */
export function inEnvs(envs: readonly EnvIndex[]): string {
  return `environment${new Set(envs.map((e) => e.label)).size === 1 ? '' : 's'} ${envNames(envs)}`;
}
