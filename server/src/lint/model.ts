// The lint engine's vocabulary: findings with offset spans and text edits. Nothing here knows LSP or VS Code.
import type { Profile } from '../tls/profile';
import type { Span } from '../documents/xml/types';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';
export { PROFILES, type Profile } from '../tls/profile';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
  /** The same text as an LSP/VS Code snippet with tab stops for placeholders (`${1:my-truststore}`). */
  snippet?: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** One fix is clearly right: offered first, and applied by fix-all and `--fix`. */
  preferred: boolean;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  span: Span;
  fixes: Fix[];
}

export interface LintOptions {
  profile?: Profile;
  /** Per-rule severity overrides. */
  rules?: Readonly<Record<string, SeveritySetting>>;
  /**
   * The file is known to belong to an Apigee bundle (by its path). Syntax errors are reported only for such
   * files, or for files whose root element is an Apigee TLS root: a random XML file is none of our business.
   */
  inBundle?: boolean;
}

/** A path inside an Apigee bundle (proxy or shared flow): what `inBundle` says of a file. */
export function isBundlePath(path: string): boolean {
  return /(^|[\\/])(apiproxy|sharedflowbundle)[\\/]/.test(path);
}
