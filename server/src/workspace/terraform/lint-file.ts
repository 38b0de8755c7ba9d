// The per-file rules on a Terraform file: each TargetServer's TLS block judged as a bundle's <SSLInfo>, worded with
// the attribute names, with the fixes that change one value in place (inside a string, or one boolean for another).
// A value written in another file (a caller's module argument, a tfvars entry) is judged in that file, where it is
// written, its message saying how it flows into the TargetServer.
import type { HclExpr, HclFile } from '../../documents/hcl/hcl-document';
import type { Span } from '../../documents/xml/types';
import { lintConnections } from '../../lint/lint';
import type { Finding, Fix, LintOptions, TextEdit } from '../../lint/model';
import type { TerraformVariant, Workspace } from '../workspace';
import type { Connection } from '../../documents/connection';
import { FLAT_TLS, hclWording } from './connection';
import type { ElsewhereSpan } from './landing';

export function lintTerraformFile(ws: Workspace, hcl: HclFile, path: string, options: LintOptions): Finding[] {
  const blockOf = (text: string): string => (text.includes('ssl_info') && !text.includes('s_sl_info') ? 'ssl_info' : 's_sl_info');
  const adapt = inPlaceFixes(hcl);
  // scastria/apigee's TargetServers (TLS from a top-level ssl_enabled) are worded with their own attribute names.
  const isFlat = (c: Connection, text: string): boolean =>
    c.sslInfo !== undefined && text.slice(c.sslInfo.nameSpan.start, c.sslInfo.nameSpan.end) === 'ssl_enabled';
  const variants = ws.terraformConnections(path);
  const resourceOf = (v: TerraformVariant): string => `${v.server.file}\u0000${v.connection.root.span.start}`;
  // The environments of each resource: a finding only some of them share (a tfvars file per environment gave the
  // value) says which, and where the value came from.
  // Counted over every variant of the resource, also those whose values land in no other file than its own.
  const envsOf = new Map<string, Set<string>>();
  for (const file of new Set([path, ...variants.map((v) => v.server.file)]))
    for (const v of file === path ? variants : ws.terraformConnections(file)) {
      const all = envsOf.get(resourceOf(v)) ?? new Set<string>();
      v.envs.forEach((e) => all.add(e));
      envsOf.set(resourceOf(v), all);
    }
  const merged = new Map<string, { finding: Finding; envs: Set<string>; provenance: Set<string>; resource: string }>();
  for (const v of variants) {
    const { server, connection } = v;
    // Each server alone: a range is in the server's file unless it is one of its values written elsewhere.
    const elsewhere = server.elsewhere ?? [];
    const landingOf = (span: Span): ElsewhereSpan | undefined =>
      elsewhere.find((e) => e.span.start <= span.start && span.end <= e.span.end);
    const inThisFile = (span: Span): boolean => (landingOf(span)?.file ?? server.file) === path;
    const own = server.file === path ? hcl.text : (ws.facts(server.file)?.text ?? '');
    const style = isFlat(connection, own) ? FLAT_TLS : blockOf(own);
    const lint = lintConnections(
      hcl.text,
      [connection],
      options,
      (m) => hclWording(m, style),
      (fixes) => adapt(fixes.filter((f) => f.edits.every(inThisFile))).map((f) => ({ ...f, title: hclWording(f.title, style) })),
    );
    for (const f of oneFixForTheList(hcl.text, lint)) {
      if (!inThisFile(f.span)) continue;
      const flow = landingOf(f.span)?.flow;
      const finding = flow === undefined ? f : { ...f, message: `${f.message} (${flow})` };
      const key = `${finding.ruleId}\u0000${finding.span.start}\u0000${finding.span.end}\u0000${finding.message}`;
      const m = merged.get(key) ?? { finding, envs: new Set<string>(), provenance: new Set<string>(), resource: resourceOf(v) };
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

/**
 * A protocols list with several obsolete entries gets one quick fix that cleans the whole list (the first replaced,
 * the others removed), offered on each of them: the editor fixes the list in one action, as `lint --fix` does.
 */
function oneFixForTheList(text: string, findings: Finding[]): Finding[] {
  const obsolete = findings.filter((f) => f.ruleId === 'obsolete-protocol' && f.fixes.some((x) => x.preferred));
  if (obsolete.length < 2) return findings;
  const preferred = obsolete.map((f) => f.fixes.find((x) => x.preferred)!);
  const edits = joinedRemovals(
    text,
    preferred.flatMap((x) => x.edits),
  );
  if (edits === undefined) return findings;
  const names = preferred.map((x) => x.title.replace(/^Remove /, ''));
  const title = preferred[0]!.title.startsWith('Remove ')
    ? `Remove ${names.join(', ')}`
    : `${preferred[0]!.title}, remove ${names.slice(1).join(', ')}`;
  const whole: Fix = { title, edits, preferred: true };
  return findings.map((f) => (obsolete.includes(f) ? { ...f, fixes: [whole, ...f.fixes.map((x) => ({ ...x, preferred: false }))] } : f));
}

/**
 * The edits as one change: removals of neighbouring items (each with its comma) joined into one, a run that ends
 * the list taking the comma before it (`["TLSv1.2", "TLSv1", "TLSv1.1"]` → `["TLSv1.2"]`); undefined when other
 * edits overlap.
 */
function joinedRemovals(text: string, edits: readonly TextEdit[]): TextEdit[] | undefined {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: TextEdit[] = [];
  for (const e of sorted) {
    const last = out.at(-1);
    if (last === undefined || e.start >= last.end || (last.start === last.end && e.start === last.start && e.end > e.start)) {
      out.push({ ...e });
      continue;
    }
    if (last.newText !== '' || e.newText !== '') return undefined;
    last.end = Math.max(last.end, e.end);
    const comma = /,\s*$/.exec(text.slice(Math.max(0, last.start - 256), last.start));
    if (comma !== null && /^\s*\]/.test(text.slice(last.end, last.end + 256))) last.start -= comma[0].length;
  }
  return out;
}

const inEnvironments = (envs: string[]): string => `environment${envs.length === 1 ? '' : 's'} ${envs.sort().join(', ')}`;

/**
 * Fixes whose every edit replaces text inside one literal string of the file, or one boolean literal by another; a
 * list item the rules add after an item (`<Protocol>TLSv1.3</Protocol>`) becomes `, "TLSv1.3"` after that string.
 */
function inPlaceFixes(hcl: HclFile): (fixes: Fix[]) => Fix[] {
  const strings: Span[] = [];
  /** Where a literal string item of a list ends (its content's end → the closing quote's end). */
  const itemEnds = new Set<number>();
  const booleans = new Map<number, number>();
  /** A list item's removal (`<Protocol>` removed) → the item with one separating comma (content span → edit). */
  const removals = new Map<string, TextEdit>();
  const removalEdits = new Set<string>();
  const visit = (e: HclExpr, depth: number, inList: boolean): void => {
    if (depth > 64) return;
    if (e.kind === 'string' && e.parts.every((p) => p.kind === 'literal') && hcl.text[e.span.start] === '"') {
      strings.push(e.contentSpan);
      if (inList && hcl.text[e.contentSpan.end] === '"') itemEnds.add(e.contentSpan.end);
    } else if (e.kind === 'bool') booleans.set(e.span.start, e.span.end);
    else if (e.kind === 'tuple') {
      e.items.forEach((i) => visit(i, depth + 1, true));
      e.items.forEach((item, i) => {
        if (item.kind !== 'string') return;
        const removal = itemRemoval(hcl.text, e.items, i);
        if (removal !== undefined) removals.set(`${item.contentSpan.start}:${item.contentSpan.end}`, removal);
      });
    } else if (e.kind === 'object') e.items.forEach((i) => visit(i.value, depth + 1, false));
  };
  const walk = (body: HclFile['body'], depth: number): void => {
    if (depth > 64) return;
    body.attributes.forEach((a) => visit(a.value, 0, false));
    body.blocks.forEach((b) => walk(b.body, depth + 1));
  };
  walk(hcl.body, 0);
  strings.sort((a, b) => a.start - b.start);
  const inString = (e: TextEdit): boolean => {
    // The last string starting at or before the edit (strings do not nest).
    let lo = 0;
    let hi = strings.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (strings[mid]!.start <= e.start) lo = mid + 1;
      else hi = mid;
    }
    const s = strings[lo - 1];
    return s !== undefined && e.end <= s.end;
  };
  const asItem = (e: TextEdit): TextEdit => {
    const removal = e.newText === '' ? removals.get(`${e.start}:${e.end}`) : undefined;
    if (removal !== undefined) {
      removalEdits.add(`${removal.start}:${removal.end}`);
      return removal;
    }
    const item = /^\s*<(Protocol|Cipher)>([\w.-]+)<\/\1>$/.exec(e.newText);
    return item !== null && e.start === e.end && itemEnds.has(e.start)
      ? { start: e.start + 1, end: e.start + 1, newText: `, "${item[2]!}"` }
      : e;
  };
  const safe = (e: TextEdit): boolean =>
    (inString(e) && !/["\\\n\r<$%]/.test(e.newText)) ||
    (booleans.get(e.start) === e.end && (e.newText === 'true' || e.newText === 'false')) ||
    (itemEnds.has(e.start - 1) && e.start === e.end && /^, "[\w.-]+"$/.test(e.newText)) ||
    (e.newText === '' && removalEdits.has(`${e.start}:${e.end}`));
  return (fixes) =>
    fixes
      .map((f) => ({ ...f, edits: f.edits.map(({ start, end, newText }) => asItem({ start, end, newText })) }))
      .filter((f) => f.edits.every(safe));
}

/**
 * Removing item `i` of a list: with the comma after it (`"TLSv1.1", `), else (the last item) with the comma before it,
 * else alone when it is the only item; undefined when a comment stands in the way (comments are kept). The comma
 * after first, so that removing several neighbours (two weak ciphers in a row) gives edits that do not overlap.
 */
function itemRemoval(text: string, items: readonly HclExpr[], i: number): TextEdit | undefined {
  const item = items[i]!;
  const separator = /^\s*,\s*$/;
  const after = items[i + 1];
  if (after !== undefined && separator.test(text.slice(item.span.end, after.span.start)))
    return { start: item.span.start, end: after.span.start, newText: '' };
  const before = items[i - 1];
  if (before !== undefined && separator.test(text.slice(before.span.end, item.span.start)))
    return { start: before.span.end, end: item.span.end, newText: '' };
  return items.length === 1 ? { start: item.span.start, end: item.span.end, newText: '' } : undefined;
}
