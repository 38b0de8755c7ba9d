// Generates the rules table (id, what, why, fix, default severity, apigeelint equivalent) from the rule
// registry and writes it between `<!-- rules-table:start -->` and `<!-- rules-table:end -->` in
// docs/rules/README.md (required) and in README.md (when it has the markers).
//
//   npx tsx scripts/gen-rules-table.ts          update the files
//   npx tsx scripts/gen-rules-table.ts --check  exit 1 if a file is out of date (nothing written)
//   npx tsx scripts/gen-rules-table.ts --print  print the table for README.md to stdout
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RuleMeta } from '../server/src/lint/rule';
import { ALL_RULES } from '../server/src/workspace/registry';
import { PROFILES } from '../server/src/lint/model';

export const START_MARKER = '<!-- rules-table:start -->';
export const END_MARKER = '<!-- rules-table:end -->';

export interface TableTarget {
  /** Relative to the repository root. */
  path: string;
  /** Prefix of the links to the rule pages, as seen from `path`. */
  linkPrefix: string;
  /** Missing file or markers is an error (otherwise the file is skipped). */
  required: boolean;
}

export const TARGETS: readonly TableTarget[] = [
  { path: 'docs/rules/README.md', linkPrefix: '', required: true },
  { path: 'README.md', linkPrefix: 'docs/rules/', required: false },
];

/** Registry prose as one Markdown table cell: XML fragments become code spans, pipes and stray `<` are escaped. */
export function cell(text: string): string {
  const flat = text.replace(/\s*\r?\n\s*/g, ' ').trim();
  const xml = /<([A-Za-z][\w.-]*)>[^<>]*<\/\1>|<\/?[A-Za-z][\w.-]*\/?>/g;
  let out = '';
  let last = 0;
  for (const m of flat.matchAll(xml)) {
    out += plain(flat.slice(last, m.index)) + '`' + m[0].replace(/\|/g, '\\|') + '`';
    last = m.index + m[0].length;
  }
  return out + plain(flat.slice(last));
}

function plain(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;');
}

export function severityCell(rule: RuleMeta): string {
  return PROFILES.map((p) => rule.severity[p]).join(' / ');
}

/** The table, one row per rule in registry order. */
export function rulesTable(linkPrefix: string, rules: readonly RuleMeta[] = ALL_RULES): string {
  const rows = [
    `| Rule | What it flags | Why it matters | Fix | Severity (${PROFILES.join(' / ')}) | apigeelint |`,
    '|---|---|---|---|---|---|',
    ...rules
      .map((r) =>
        [
          `[\`${r.id}\`](${linkPrefix}${r.id}.md)`,
          cell(r.description),
          cell(r.why),
          cell(r.fix),
          severityCell(r),
          r.apigeelint.length === 0 ? '–' : r.apigeelint.join(', '),
        ].join(' | '),
      )
      .map((row) => `| ${row} |`),
  ];
  return rows.join('\n');
}

/** `text` with the markers' content replaced by `table`; undefined when the markers are missing or out of order. */
export function replaceBetweenMarkers(text: string, table: string): string | undefined {
  const start = text.indexOf(START_MARKER);
  const end = text.indexOf(END_MARKER);
  if (start < 0 || end < start) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const body = table.replace(/\n/g, eol);
  return `${text.slice(0, start + START_MARKER.length)}${eol}${body}${eol}${text.slice(end)}`;
}

export interface TargetState {
  path: string;
  current: string;
  expected: string;
}

/** What each existing target holds and what it should hold. Throws when a required target cannot be updated. */
export function targetStates(root: string, targets: readonly TableTarget[] = TARGETS): TargetState[] {
  const states: TargetState[] = [];
  for (const target of targets) {
    const file = join(root, target.path);
    if (!existsSync(file)) {
      if (target.required) throw new Error(`${target.path} does not exist`);
      continue;
    }
    const current = readFileSync(file, 'utf8');
    const expected = replaceBetweenMarkers(current, rulesTable(target.linkPrefix));
    if (expected === undefined) {
      if (target.required) throw new Error(`${target.path} lacks the markers ${START_MARKER} … ${END_MARKER}`);
      continue;
    }
    states.push({ path: target.path, current, expected });
  }
  return states;
}

function main(argv: readonly string[]): number {
  const root = resolve(__dirname, '..');
  if (argv.includes('--print')) {
    process.stdout.write(`${START_MARKER}\n${rulesTable('docs/rules/')}\n${END_MARKER}\n`);
    return 0;
  }
  const check = argv.includes('--check');
  let stale = 0;
  for (const state of targetStates(root)) {
    if (state.current === state.expected) continue;
    stale++;
    if (check) process.stderr.write(`${state.path}: rules table is out of date (run npx tsx scripts/gen-rules-table.ts)\n`);
    else {
      writeFileSync(join(root, state.path), state.expected);
      process.stdout.write(`updated ${state.path}\n`);
    }
  }
  return check && stale > 0 ? 1 : 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`gen-rules-table: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}
