// The per-file rules on a Terraform file: each TargetServer's TLS block judged as a bundle's <SSLInfo>, worded with
// the attribute names, with the fixes that change one value in place (inside a string, or one boolean for another).
import type { HclExpr, HclFile } from '../../documents/hcl/hcl-document';
import type { Span } from '../../documents/xml/types';
import { lintConnections } from '../../lint/lint';
import type { Finding, Fix, LintOptions, TextEdit } from '../../lint/model';
import type { Workspace } from '../workspace';
import type { Connection } from '../../documents/connection';
import { FLAT_TLS, hclWording } from './connection';

export function lintTerraformFile(ws: Workspace, hcl: HclFile, path: string, options: LintOptions): Finding[] {
  const variants = ws.terraformConnections(path);
  const block = hcl.text.includes('ssl_info') && !hcl.text.includes('s_sl_info') ? 'ssl_info' : 's_sl_info';
  const adapt = inPlaceFixes(hcl);
  // scastria/apigee's TargetServers (TLS from a top-level ssl_enabled) are worded with their own attribute names.
  const isFlat = (c: Connection): boolean =>
    c.sslInfo !== undefined && hcl.text.slice(c.sslInfo.nameSpan.start, c.sslInfo.nameSpan.end) === 'ssl_enabled';
  const lint = (c: Connection): Finding[] => {
    const style = isFlat(c) ? FLAT_TLS : block;
    return lintConnections(
      hcl.text,
      [c],
      options,
      (m) => hclWording(m, style),
      (fixes) => adapt(fixes).map((f) => ({ ...f, title: hclWording(f.title, style) })),
    );
  };
  // The environments of each resource: a finding only some of them share (a tfvars file per environment gave the
  // value) says which, and where the value came from.
  const envsOf = new Map<number, Set<string>>();
  for (const v of variants) {
    const all = envsOf.get(v.connection.root.span.start) ?? new Set<string>();
    v.envs.forEach((e) => all.add(e));
    envsOf.set(v.connection.root.span.start, all);
  }
  const merged = new Map<string, { finding: Finding; envs: Set<string>; provenance: Set<string>; resource: number }>();
  for (const v of variants) {
    for (const finding of lint(v.connection)) {
      const key = `${finding.ruleId}\u0000${finding.span.start}\u0000${finding.span.end}\u0000${finding.message}`;
      const m = merged.get(key) ?? { finding, envs: new Set(), provenance: new Set(), resource: v.connection.root.span.start };
      merged.set(key, m);
      v.envs.forEach((e) => m.envs.add(e));
      v.provenance.forEach((p) => m.provenance.add(p));
    }
  }
  return [...merged.values()].map(({ finding, envs, provenance, resource }) =>
    envs.size === (envsOf.get(resource)?.size ?? 0)
      ? finding
      : { ...finding, message: `${finding.message} (${[inEnvironments([...envs]), ...provenance].join('; ')})` },
  );
}

const inEnvironments = (envs: string[]): string => `environment${envs.length === 1 ? '' : 's'} ${envs.sort().join(', ')}`;

/** Fixes whose every edit replaces text inside one literal string of the file, or one boolean literal by another. */
function inPlaceFixes(hcl: HclFile): (fixes: Fix[]) => Fix[] {
  const strings: Span[] = [];
  const booleans = new Map<number, number>();
  const visit = (e: HclExpr, depth: number): void => {
    if (depth > 64) return;
    if (e.kind === 'string' && e.parts.every((p) => p.kind === 'literal') && hcl.text[e.span.start] === '"') strings.push(e.contentSpan);
    else if (e.kind === 'bool') booleans.set(e.span.start, e.span.end);
    else if (e.kind === 'tuple') e.items.forEach((i) => visit(i, depth + 1));
    else if (e.kind === 'object') e.items.forEach((i) => visit(i.value, depth + 1));
  };
  const walk = (body: HclFile['body'], depth: number): void => {
    if (depth > 64) return;
    body.attributes.forEach((a) => visit(a.value, 0));
    body.blocks.forEach((b) => walk(b.body, depth + 1));
  };
  walk(hcl.body, 0);
  const safe = (e: TextEdit): boolean =>
    (strings.some((s) => s.start <= e.start && e.end <= s.end) && !/["\\\n\r<$%]/.test(e.newText)) ||
    (booleans.get(e.start) === e.end && (e.newText === 'true' || e.newText === 'false'));
  return (fixes) =>
    fixes
      .filter((f) => f.edits.every(safe))
      .map((f) => ({ ...f, edits: f.edits.map(({ start, end, newText }) => ({ start, end, newText })) }));
}
