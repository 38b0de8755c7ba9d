// Lint a whole workspace: the per-file rules on every file (reusing the model's parsed documents), the
// cross-file rules on the model, and the per-file rules once more on connections whose templated URL resolves
// in an environment (a `{propertyset.S.K}` URL that resolves to http:// with SSLInfo enabled is tls-on-http).
import type { Connection } from '../documents/connection';
import { lintParsedXml, lintTargetServers, lintText } from '../lint/lint';
import type { Finding, Profile, Severity, SeveritySetting } from '../lint/model';
import { isBundlePath } from '../lint/model';
import { applySuppressions } from '../lint/suppression';
import { parseJsonLenient } from '../documents/json/json-document';
import { notDeployed } from './deployed';
import { wordLoadBalancerFindings } from './loadbalancer-wording';
import { lintTerraformFile } from './terraform/lint-file';
import { WORKSPACE_RULES } from './registry';
import type { WorkspaceRuleContext } from './rule';
import { substitute } from './templates';
import type { EnvIndex, Workspace } from './workspace';

export interface WorkspaceLintOptions {
  /** The profile of cross-file rules, and of files `profileOf` does not decide. */
  profile?: Profile;
  /** The profile a file is judged under (inferred per bundle or environment folder); default: `profile`. */
  profileOf?: ((path: string) => Profile) | undefined;
  rules?: Readonly<Record<string, SeveritySetting>>;
  /** Environments to judge (`--env`); undefined: all. */
  only?: ReadonlySet<string>;
  /** Default 30. */
  expiryDays?: number;
  now?: Date;
}

export const DEFAULT_EXPIRY_DAYS = 30;

/** The per-file rules on one file the model holds (or any text, when the model does not read it). */
export function lintFile(ws: Workspace, path: string, text: string, options: WorkspaceLintOptions): Finding[] {
  const findings = lintFileAsDeployed(ws, path, text, options);
  const facts = ws.facts(path);
  return facts !== undefined && notDeployed(ws, facts) !== undefined ? findings.map(asInfo) : findings;
}

/** A file the build never deploys: what is wrong in it harms nothing (ignored-config-file says so, once). */
const asInfo = (f: Finding): Finding => (f.severity === 'info' ? f : { ...f, severity: 'info' });

function lintFileAsDeployed(ws: Workspace, path: string, text: string, options: WorkspaceLintOptions): Finding[] {
  const lintOptions = { profile: options.profileOf?.(path) ?? options.profile, rules: options.rules, inBundle: isBundlePath(path) };
  const facts = ws.facts(path);
  if (facts !== undefined && facts.text === text) {
    if (facts.doc !== undefined) {
      const findings = lintParsedXml(text, facts.doc, facts.connections, lintOptions);
      return wordLoadBalancerFindings(ws, path, facts.connections, findings, options.only);
    }
    if (facts.hcl !== undefined) return lintTerraformFile(ws, facts.hcl, path, lintOptions);
    // Configuration JSON the plugin accepts leniently is still judged by the SSLInfo rules.
    if (facts.recoveries.length > 0) return lintTargetServers(text, lintOptions, parseJsonLenient(text)?.root);
  }
  return lintText(text, lintOptions);
}

/** The cross-file findings (and the resolved-connection ones), by file. */
export function lintWorkspace(ws: Workspace, options: WorkspaceLintOptions = {}): Map<string, Finding[]> {
  const profile = options.profile ?? 'apigeex';
  const out = new Map<string, Finding[]>();
  const add = (file: string, finding: Finding): void => {
    const list = out.get(file);
    if (list === undefined) out.set(file, [finding]);
    else list.push(finding);
  };
  const environments = (): EnvIndex[] => ws.allEnvironments().filter((e) => options.only === undefined || options.only.has(e.env));
  for (const rule of WORKSPACE_RULES) {
    const setting = options.rules?.[rule.id] ?? rule.severity[profile];
    if (setting === 'off') continue;
    const ctx: WorkspaceRuleContext = {
      workspace: ws,
      profile,
      profileOf: (path) => options.profileOf?.(path) ?? profile,
      only: options.only,
      expiryDays: options.expiryDays ?? DEFAULT_EXPIRY_DAYS,
      now: options.now ?? new Date(),
      environments,
      report: (file, span, message, { fixes = [], partial = false, undecided = false } = {}) => {
        const severity: Severity = undecided ? 'info' : partial && setting === 'error' ? 'warning' : setting;
        add(file, { ruleId: rule.id, severity, message, span, fixes });
      },
    };
    rule.check(ctx);
  }
  resolvedConnectionFindings(ws, options, add);
  for (const [file, all] of out) {
    const facts = ws.facts(file);
    const findings =
      facts !== undefined && notDeployed(ws, facts) !== undefined
        ? all.map((f) => (f.ruleId === 'ignored-config-file' ? f : asInfo(f)))
        : all;
    findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.message.localeCompare(b.message));
    out.set(file, applySuppressions(facts?.text ?? '', dedupe(findings)));
  }
  return out;
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}\u0000${f.span.start}\u0000${f.span.end}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function resolvedConnectionFindings(ws: Workspace, options: WorkspaceLintOptions, add: (file: string, f: Finding) => void): void {
  for (const facts of ws.allFacts()) {
    if (facts.doc === undefined) continue;
    const lintOptions = { profile: options.profileOf?.(facts.path) ?? options.profile, rules: options.rules, inBundle: true };
    for (const connection of facts.connections) {
      const url = connection.url;
      if (url === undefined || url.opaque || !url.text.includes('{propertyset.')) continue;
      const base = new Set(lintParsedXml(facts.text, facts.doc, [connection], lintOptions).map(key));
      const groups = new Map<string, { finding: Finding; url: string; envs: string[] }>();
      for (const env of ws.environmentsOf(facts.path, options.only)) {
        const resolved = substitute(ws, facts.path, env, url.text);
        if (resolved === undefined) continue;
        const clone: Connection = { ...connection, url: { ...url, text: resolved } };
        for (const finding of lintParsedXml(facts.text, facts.doc, [clone], lintOptions)) {
          if (base.has(key(finding))) continue;
          const group = `${key(finding)}\u0000${finding.message}\u0000${resolved}`;
          const entry = groups.get(group);
          if (entry === undefined) groups.set(group, { finding, url: resolved, envs: [env.env] });
          else entry.envs.push(env.env);
        }
      }
      for (const { finding, url: resolved, envs } of groups.values()) {
        const named = envs.length > 8 ? `${envs.slice(0, 8).join(', ')} and ${envs.length - 8} more` : envs.join(', ');
        const where = `environment${envs.length === 1 ? '' : 's'} ${named}`;
        add(facts.path, { ...finding, message: `${finding.message} (In ${where} the URL resolves to ${resolved}.)`, fixes: [] });
      }
    }
  }
}

const key = (f: Finding): string => `${f.ruleId}\u0000${f.span.start}\u0000${f.span.end}`;
