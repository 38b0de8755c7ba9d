// Output formats of `lint`: stylish (people), json (ESLint's shape, for CI tooling), sarif (code scanning).
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, Profile, Severity, SeveritySetting } from '../lint/model';
import type { ProfileDecision } from '../workspace/profile-evidence';
import { ruleDocsUrl } from '../lint/registry';
import { docsLink, ruleDocsBase } from '../fs/docs';
import { ALL_RULES } from '../workspace/registry';
import { computeLineStarts, lineOf } from '../documents/lines';

export interface FileResult {
  path: string;
  text: string;
  findings: readonly Finding[];
  /** The profile the file was judged under, and why. */
  decision?: ProfileDecision;
}

interface Location {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** 1-based line/column of a finding (columns count UTF-16 units, as ESLint's do). */
export function locate(text: string, finding: Finding, lineStarts = computeLineStarts(text)): Location {
  // A BOM is no column: editors (and ESLint) count from the character after it.
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const at = (offset: number): [number, number] => {
    const line = lineOf(lineStarts, offset);
    return [line + 1, offset - lineStarts[line]! + 1 - (line === 0 ? bom : 0)];
  };
  const [line, column] = at(finding.span.start);
  const [endLine, endColumn] = at(finding.span.end);
  return { line, column, endLine, endColumn };
}

const eslintSeverity = (s: Severity): 1 | 2 => (s === 'error' ? 2 : 1);

/**
 * ESLint has no info level, so an info finding is a severity 1 message, like a warning (consumers keep working).
 * Each message also says which it is: a `level` field (`error`, `warning`, `info`; ESLint's formatters and
 * reporters read the fields they know and pass others through) and, for info only, the message starts with
 * `(info) `, which every formatter shows as it is.
 */
export const INFO_PREFIX = '(info) ';

export function formatJson(results: readonly FileResult[]): string {
  return JSON.stringify(
    results.map((r) => {
      const starts = computeLineStarts(r.text);
      const messages = r.findings.map((f) => ({
        ruleId: f.ruleId,
        severity: eslintSeverity(f.severity),
        level: f.severity,
        message: f.severity === 'info' ? `${INFO_PREFIX}${f.message}` : f.message,
        ...locate(r.text, f, starts),
      }));
      // ESLint has no info level: info findings are severity 1 messages, but warningCount counts warnings
      // only, as --max-warnings does; infoCount counts the rest.
      const count = (s: Severity): number => r.findings.filter((f) => f.severity === s).length;
      return {
        filePath: r.path,
        messages,
        errorCount: count('error'),
        warningCount: count('warning'),
        infoCount: count('info'),
      };
    }),
  );
}

export function formatStylish(results: readonly FileResult[], cwd: string, colour: boolean): string {
  const c = (code: string, s: string): string => (colour ? `\u001b[${code}m${s}\u001b[0m` : s);
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const r of results) {
    if (r.findings.length === 0) continue;
    lines.push(c('4', relative(cwd, r.path) || r.path));
    const starts = computeLineStarts(r.text);
    for (const f of r.findings) {
      const { line, column } = locate(r.text, f, starts);
      const label = f.severity === 'error' ? c('31', 'error') : f.severity === 'warning' ? c('33', 'warning') : c('36', 'info');
      lines.push(`  ${`${line}:${column}`.padEnd(8)} ${label.padEnd(colour ? 16 : 7)}  ${f.message}  ${c('2', f.ruleId)}`);
      if (f.severity === 'error') errors++;
      else if (f.severity === 'warning') warnings++;
      else infos++;
    }
    lines.push('');
  }
  const total = errors + warnings + infos;
  if (total === 0) return '';
  lines.push(
    c(
      errors > 0 ? '31;1' : '33;1',
      `✖ ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${infos} info)`,
    ),
  );
  return lines.join('\n') + '\n';
}

/** The severities in force for this run: the profile's defaults with the `--rule` overrides. */
export interface RunSeverities {
  profile: Profile;
  rules: Readonly<Record<string, SeveritySetting>>;
}

export function formatSarif(results: readonly FileResult[], cwd: string, version: string, run: RunSeverities): string {
  const level = (s: Severity): string => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd.endsWith(sep) ? cwd : cwd + sep).href } },
        tool: {
          driver: {
            name: 'apigee-tls-lint',
            version,
            informationUri: docsLink('README.md'),
            rules: ALL_RULES.map((r) => ({
              id: r.id,
              shortDescription: { text: r.description },
              fullDescription: { text: r.why },
              helpUri: ruleDocsUrl(r.id, ruleDocsBase()),
              defaultConfiguration: configuration(run.rules[r.id] ?? r.severity[run.profile]),
            })),
          },
        },
        properties: { profiles: profileProperties(results, cwd) },
        results: results.flatMap((r) => {
          const starts = computeLineStarts(r.text);
          return r.findings.map((f) => {
            const { line, column, endLine, endColumn } = locate(r.text, f, starts);
            return {
              ruleId: f.ruleId,
              ruleIndex: ALL_RULES.findIndex((rule) => rule.id === f.ruleId),
              level: level(f.severity),
              message: { text: f.message },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: artifactLocation(cwd, r.path),
                    region: { startLine: line, startColumn: column, endLine, endColumn },
                  },
                },
              ],
            };
          });
        }),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}

/** One entry per bundle or folder: the profile its files were judged under, and the evidence. */
function profileProperties(results: readonly FileResult[], cwd: string): unknown[] {
  const byRoot = new Map<string, ProfileDecision>();
  for (const r of results) if (r.decision !== undefined && !byRoot.has(r.decision.root)) byRoot.set(r.decision.root, r.decision);
  return [...byRoot.values()].map((d) => ({
    ...(d.root === '' ? {} : { folder: artifactLocation(cwd, d.root) }),
    profile: d.profile,
    decided: d.decided,
    ...(d.override === undefined ? {} : { setBy: d.override }),
    evidence: d.evidence.map(({ runtime, strength, what, file }) => ({ runtime, strength, what, file })),
  }));
}

function configuration(setting: SeveritySetting): { level: string; enabled?: false } {
  if (setting === 'off') return { level: 'none', enabled: false };
  return { level: setting === 'error' ? 'error' : setting === 'warning' ? 'warning' : 'note' };
}

/** Relative to the working directory (SARIF's %SRCROOT%) when inside it, else an absolute file URI. */
function artifactLocation(cwd: string, path: string): { uri: string; uriBaseId?: string } {
  const rel = relative(cwd, path);
  if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) {
    return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  }
  return { uri: pathToFileURL(path).href };
}
