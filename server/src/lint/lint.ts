// The lint engine: text in, findings out. Pure: no file system, no LSP, no VS Code.
import { findConnections, isTlsRoot } from './connection';
import type { Finding, LintOptions, Profile, Severity } from './model';
import { RULES } from './registry';
import type { RuleContext } from './rule';
import { applySuppressions } from './suppression';
import { checkWellFormed, parseXml, type XmlDocument } from './xml/document';

export function lintText(text: string, options: LintOptions = {}): Finding[] {
  const profile: Profile = options.profile ?? 'apigeex';
  const rootName = sniffRootName(text);
  const relevant = rootName !== undefined && isTlsRoot(rootName);
  // Only TargetEndpoints and ServiceCallouts are read in full; other files of a bundle are checked for
  // well-formedness, and XML outside a bundle that is neither is none of our business.
  if (!relevant && options.inBundle !== true) return [];
  const doc: XmlDocument = relevant ? parseXml(text) : { text, root: undefined, syntaxErrors: checkWellFormed(text) };
  if (doc.syntaxErrors.length === 0 && !relevant) return [];
  const connections = findConnections(doc);
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const setting = options.rules?.[rule.id] ?? rule.severity[profile];
    if (setting === 'off') continue;
    const severity: Severity = setting;
    const ctx: RuleContext = {
      text,
      doc,
      profile,
      connections,
      report: (span, message, fixes = []) => findings.push({ ruleId: rule.id, severity, message, span, fixes }),
    };
    rule.check(ctx);
  }
  findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return applySuppressions(text, findings);
}

/** The root element's name read from raw text in one linear pass (for any file, even one too broken to parse). */
export function sniffRootName(text: string): string | undefined {
  let i = 0;
  for (;;) {
    i = text.indexOf('<', i);
    if (i < 0) return undefined;
    if (text.startsWith('<!--', i)) i = skipPast(text, '-->', i + 4);
    else if (text.startsWith('<?', i)) i = skipPast(text, '?>', i + 2);
    else if (text.startsWith('<!DOCTYPE', i)) i = skipDoctype(text, i);
    else return /^<([A-Za-z_][\w.-]*)/.exec(text.slice(i, i + 256))?.[1];
    if (i < 0) return undefined;
  }
}

function skipPast(text: string, end: string, from: number): number {
  const at = text.indexOf(end, from);
  return at < 0 ? -1 : at + end.length;
}

/** After `<!DOCTYPE …>`, including an internal subset in brackets. */
function skipDoctype(text: string, from: number): number {
  const bracket = text.indexOf('[', from);
  const gt = text.indexOf('>', from);
  if (gt < 0) return -1;
  if (bracket < 0 || bracket > gt) return gt + 1;
  const close = text.indexOf(']', bracket);
  return close < 0 ? -1 : skipPast(text, '>', close);
}
