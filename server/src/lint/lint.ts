// The lint engine: text in, findings out. Pure: no file system, no LSP, no VS Code.
import { findConnections, isTlsRoot } from './connection';
import type { Finding, LintOptions, Profile, Severity } from './model';
import { RULES } from './registry';
import type { RuleContext } from './rule';
import { applySuppressions } from './suppression';
import { parseXml } from './xml/document';

export function lintText(text: string, options: LintOptions = {}): Finding[] {
  const profile: Profile = options.profile ?? 'apigeex';
  const doc = parseXml(text);
  const rootName = doc.root?.name ?? sniffRootName(text);
  const relevant = rootName !== undefined && isTlsRoot(rootName);
  if (!relevant && !(options.inBundle === true && doc.syntaxErrors.length > 0)) return [];
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

/** The root element's name read from raw text (for files too broken to parse). */
export function sniffRootName(text: string): string | undefined {
  const body = text.slice(0, 64 * 1024).replace(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>/g, '');
  return /<([A-Za-z_][\w.-]*)/.exec(body)?.[1];
}
