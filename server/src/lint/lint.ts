// The lint engine: text in, findings out. Pure: no file system, no LSP, no VS Code.
import { findConnections, type Connection } from '../documents/connection';
import { parseJsonDocument, type JsonNode, type JsonSyntaxProblem } from '../documents/json/json-document';
import { jsonSafeFixes } from './json/json-edits';
import { findTargetServerConnections, jsonWording } from '../documents/json/target-servers';
import type { Finding, Fix, LintOptions, Profile, Severity, SeveritySetting } from './model';
import { RULES } from './registry';
import type { RuleContext } from './rule';
import { sniffTlsRoot, looksLikeJson } from '../documents/sniff';
import { sslInfos } from '../documents/sslinfo';
import { applySuppressions } from './suppression';
import { checkWellFormed, MAX_DOCUMENT_LENGTH, parseXml, type XmlDocument } from '../documents/xml/document';

export function lintText(text: string, options: LintOptions = {}): Finding[] {
  if (looksLikeJson(text)) return lintTargetServers(text, options);
  const relevant = sniffTlsRoot(text) !== undefined;
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
 * TargetServer JSON: the sSLInfo objects, judged by the same rules; malformed JSON is reported where it fails. The
 * workspace model passes the tree it read leniently.
 */
export function lintTargetServers(text: string, options: LintOptions, parsed?: JsonNode): Finding[] {
  if (text.length > MAX_DOCUMENT_LENGTH) return [];
  const doc: XmlDocument = { text, root: undefined, syntaxErrors: [] };
  let root = parsed;
  if (root === undefined) {
    const result = parseJsonDocument(text);
    if (result.error !== undefined) return runRules(text, doc, [], options, () => [], result.error);
    root = result.root;
  }
  const connections = findTargetServerConnections(root);
  if (connections.length === 0) return [];
  const findings = runRules(text, doc, connections, options, jsonSafeFixes(root));
  return findings.map((f) => ({ ...f, message: jsonWording(f.message) }));
}

/**
 * Connections built from another format (a Terraform TargetServer's TLS block): the per-file rules, the messages
 * reworded for that format, and only the fixes `adaptFixes` keeps.
 */
export function lintConnections(
  text: string,
  connections: Connection[],
  options: LintOptions,
  wording: (message: string) => string,
  adaptFixes: (fixes: Fix[]) => Fix[],
): Finding[] {
  if (connections.length === 0) return [];
  const doc: XmlDocument = { text, root: undefined, syntaxErrors: [] };
  return runRules(text, doc, connections, options, adaptFixes).map((f) => ({ ...f, message: wording(f.message) }));
}

function runRules(
  text: string,
  doc: XmlDocument,
  connections: Connection[],
  options: LintOptions,
  adaptFixes: (fixes: Fix[]) => Fix[],
  jsonError?: JsonSyntaxProblem,
): Finding[] {
  const profile: Profile = options.profile ?? 'apigeex';
  const findings: Finding[] = [];
  const views = sslInfos(connections);
  const severityOf = (id: string): SeveritySetting => options.rules?.[id] ?? RULES.find((r) => r.id === id)?.severity[profile] ?? 'off';
  for (const rule of RULES) {
    const override = options.rules?.[rule.id];
    const setting = override ?? rule.severity[profile];
    if (setting === 'off') continue;
    const severity: Severity = setting;
    const ctx: RuleContext = {
      text,
      doc,
      profile,
      connections,
      sslInfos: views,
      ...(jsonError === undefined ? {} : { jsonError }),
      severityOf,
      report: (span, message, fixes = [], reportOptions = {}) =>
        findings.push({
          ruleId: rule.id,
          severity: override === undefined ? (reportOptions.severity ?? severity) : severity,
          message,
          span,
          fixes: adaptFixes(fixes),
        }),
    };
    rule.check(ctx);
  }
  findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return applySuppressions(text, findings);
}
