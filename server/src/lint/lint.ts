// The lint engine: text in, findings out. Pure: no file system, no LSP, no VS Code.
import { findConnections, isTlsRoot, type Connection } from './connection';
import { parseJson, type JsonNode } from './json/json-document';
import { jsonSafeFixes } from './json/json-edits';
import { findTargetServerConnections, jsonWording } from './json/target-servers';
import type { Finding, Fix, LintOptions, Profile, Severity } from './model';
import { RULES } from './registry';
import type { RuleContext } from './rule';
import { sslInfos } from './sslinfo';
import { applySuppressions } from './suppression';
import { checkWellFormed, MAX_DOCUMENT_LENGTH, parseXml, type XmlDocument } from './xml/document';

export function lintText(text: string, options: LintOptions = {}): Finding[] {
  if (looksLikeJson(text)) return lintTargetServers(text, options);
  const rootName = sniffRootName(text);
  const relevant = rootName !== undefined && isTlsRoot(rootName);
  // Only TargetEndpoints and ServiceCallouts are read in full; other files of a bundle are checked for
  // well-formedness, and XML outside a bundle that is neither is none of our business.
  if (!relevant && options.inBundle !== true) return [];
  const doc: XmlDocument = relevant ? parseXml(text) : { text, root: undefined, syntaxErrors: checkWellFormed(text) };
  if (doc.syntaxErrors.length === 0 && !relevant) return [];
  return runRules(text, doc, findConnections(doc), options, (fixes) => fixes);
}

/** An XML document already parsed (by the workspace model): the per-file rules on its connections. */
export function lintParsedXml(text: string, doc: XmlDocument, connections: Connection[], options: LintOptions): Finding[] {
  return runRules(text, doc, connections, options, (fixes) => fixes);
}

/**
 * TargetServer JSON: the sSLInfo objects, judged by the same rules; malformed JSON gives nothing. The
 * workspace model passes the tree it read leniently.
 */
export function lintTargetServers(text: string, options: LintOptions, parsed?: JsonNode): Finding[] {
  if (text.length > MAX_DOCUMENT_LENGTH) return [];
  const json = parsed ?? parseJson(text);
  if (json === undefined) return [];
  const connections = findTargetServerConnections(json);
  if (connections.length === 0) return [];
  const findings = runRules(text, { text, root: undefined, syntaxErrors: [] }, connections, options, jsonSafeFixes(json));
  return findings.map((f) => ({ ...f, message: jsonWording(f.message) }));
}

function runRules(
  text: string,
  doc: XmlDocument,
  connections: Connection[],
  options: LintOptions,
  adaptFixes: (fixes: Fix[]) => Fix[],
): Finding[] {
  const profile: Profile = options.profile ?? 'apigeex';
  const findings: Finding[] = [];
  const views = sslInfos(connections);
  for (const rule of RULES) {
    const setting = options.rules?.[rule.id] ?? rule.severity[profile];
    if (setting === 'off') continue;
    const severity: Severity = setting;
    const ctx: RuleContext = {
      text,
      doc,
      profile,
      connections,
      sslInfos: views,
      report: (span, message, fixes = []) => findings.push({ ruleId: rule.id, severity, message, span, fixes: adaptFixes(fixes) }),
    };
    rule.check(ctx);
  }
  findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return applySuppressions(text, findings);
}

/** XML never starts with `{` or `[`: such a file is JSON (a TargetServer file). */
export function looksLikeJson(text: string): boolean {
  const first = /^\uFEFF?\s*(\S)/.exec(text.slice(0, 4096))?.[1];
  return first === '{' || first === '[';
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
    else if (text.startsWith('<!', i))
      i = skipPast(text, '>', i + 2); // a malformed declaration or comment
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
