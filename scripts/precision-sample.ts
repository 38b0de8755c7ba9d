// Reproduces the precision sample of docs/precision.md: lints the corpus (test/corpus/data, one run over the whole
// folder) and each real repository of a second folder that is not already in the corpus (one run per repository),
// as `apigee-tls-lint lint <dir> --format json` does, then draws per rule every finding when it has at most
// --per-rule of them, otherwise a seeded random --per-rule of them. The draw of a rule depends only on the seed,
// the rule id and that rule's sorted findings, so a change in one rule leaves the other rules' samples alone.
//
//   npx tsx scripts/precision-sample.ts                      the sample, one finding a line
//   npx tsx scripts/precision-sample.ts --format json        the same as JSON (key, rule, file, line, message)
//   npx tsx scripts/precision-sample.ts --judged docs/precision-judgements.json
//                                                            the per-rule table of docs/precision.md from the verdicts
//                                                            recorded there, checked against today's findings
// Options: --seed N (default 16), --per-rule N (default 10), --corpus DIR (default test/corpus/data),
//          --repos DIR (default /work/shared/realrepos; skipped when absent).
import { prng } from '../test/support/prng';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCli } from '../server/src/cli/main';

export interface SampledFinding {
  /** `corpus:<path> line:column rule` or `repos:<repository>/<path> line:column rule`: stable across machines. */
  key: string;
  rule: string;
  file: string;
  line: number;
  column: number;
  level: string;
  message: string;
}

type Verdict = 'right' | 'debatable' | 'wrong';
interface Judgement {
  verdict: Verdict;
  why: string;
  /** The verdict after the fixes of the same change when the finding stays but changed (wording, severity). */
  after?: Verdict;
  /**
   * The key the same finding has today when it moved (a value's finding now lands where the value is written: the
   * variable's default, the tfvars entry, the caller's argument): still reported, judged again at its new place.
   */
  now?: string;
}

interface Options {
  seed: number;
  perRule: number;
  corpus: string;
  repos: string;
  format: 'text' | 'json';
  judged?: string;
}

interface EslintFile {
  filePath: string;
  messages: { ruleId: string; line: number; column: number; level: string; message: string }[];
}

async function lintFolder(folder: string, prefix: string): Promise<SampledFinding[]> {
  let stdout = '';
  await runCli(['lint', '--format', 'json', folder], { stdout: (t) => (stdout += t), stderr: () => undefined, cwd: folder, isTTY: false });
  if (stdout.trim() === '') return []; // nothing to check (exit 2): no finding
  return (JSON.parse(stdout) as EslintFile[]).flatMap((f) =>
    f.messages.map((m) => {
      const file = `${prefix}${f.filePath.slice(folder.length + 1)}`;
      return {
        key: `${file} ${m.line}:${m.column} ${m.ruleId}`,
        rule: m.ruleId,
        file,
        line: m.line,
        column: m.column,
        level: m.level,
        message: m.message,
      };
    }),
  );
}

/** Every finding of the corpus and of the repositories not copied into it, sorted by key. */
export async function allFindings(corpus: string, repos: string): Promise<SampledFinding[]> {
  const found = await lintFolder(corpus, 'corpus:');
  if (existsSync(repos)) {
    const inCorpus = new Set(readdirSync(corpus));
    const names = readdirSync(repos, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !inCorpus.has(d.name))
      .map((d) => d.name)
      .sort();
    for (const name of names) found.push(...(await lintFolder(join(repos, name), `repos:${name}/`)));
  }
  return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Per rule: all its findings when there are at most `perRule`, else `perRule` drawn by a seeded Fisher–Yates shuffle. */
export function drawSample(
  findings: readonly SampledFinding[],
  seed: number,
  perRule: number,
): Map<string, { total: number; sample: SampledFinding[] }> {
  const byRule = new Map<string, SampledFinding[]>();
  for (const f of findings) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
  const out = new Map<string, { total: number; sample: SampledFinding[] }>();
  for (const rule of [...byRule.keys()].sort()) {
    const list = [...(byRule.get(rule) ?? [])];
    const random = prng(seed ^ fnv1a(rule));
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [list[i], list[j]] = [list[j] as SampledFinding, list[i] as SampledFinding];
    }
    const sample = list.slice(0, perRule).sort((a, b) => (a.key < b.key ? -1 : 1));
    out.set(rule, { total: list.length, sample });
  }
  return out;
}

const pct = (n: number, d: number): string => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)} %`);

/** The per-rule table: verdicts as judged, and after the fixes (a judged finding no longer reported is 'gone'). */
function table(judgements: Record<string, Judgement>, today: readonly SampledFinding[], drawn: Map<string, { total: number }>): string {
  const present = new Set(today.map((f) => f.key));
  const rows = new Map<string, { before: Record<Verdict, number>; after: Record<Verdict | 'gone', number> }>();
  for (const [key, j] of Object.entries(judgements)) {
    const rule = key.slice(key.lastIndexOf(' ') + 1);
    const row = rows.get(rule) ?? { before: { right: 0, debatable: 0, wrong: 0 }, after: { right: 0, debatable: 0, wrong: 0, gone: 0 } };
    row.before[j.verdict]++;
    row.after[present.has(j.now ?? key) ? (j.after ?? j.verdict) : 'gone']++;
    rows.set(rule, row);
  }
  const lines = [
    '| rule | findings today | sampled | right | debatable | wrong | after fixes: right / debatable / wrong / gone |',
    '|---|---:|---:|---:|---:|---:|---|',
  ];
  const total = { n: 0, right: 0, debatable: 0, wrong: 0, aRight: 0, aDebatable: 0, aWrong: 0, gone: 0 };
  for (const rule of [...rows.keys()].sort()) {
    const { before: b, after: a } = rows.get(rule) as { before: Record<Verdict, number>; after: Record<Verdict | 'gone', number> };
    const n = b.right + b.debatable + b.wrong;
    lines.push(
      `| ${rule} | ${drawn.get(rule)?.total ?? 0} | ${n} | ${b.right} | ${b.debatable} | ${b.wrong} | ${a.right} / ${a.debatable} / ${a.wrong} / ${a.gone} |`,
    );
    total.n += n;
    total.right += b.right;
    total.debatable += b.debatable;
    total.wrong += b.wrong;
    total.aRight += a.right;
    total.aDebatable += a.debatable;
    total.aWrong += a.wrong;
    total.gone += a.gone;
  }
  const kept = total.n - total.gone;
  lines.push(
    `| **all** | | **${total.n}** | **${total.right}** | **${total.debatable}** | **${total.wrong}** | **${total.aRight} / ${total.aDebatable} / ${total.aWrong} / ${total.gone}** |`,
  );
  lines.push('');
  lines.push(
    `Before: ${total.right} right (${pct(total.right, total.n)}), ${total.debatable} debatable (${pct(total.debatable, total.n)}), ${total.wrong} wrong (${pct(total.wrong, total.n)}) of ${total.n}.`,
  );
  lines.push(
    `After: ${total.aRight} right (${pct(total.aRight, kept)}), ${total.aDebatable} debatable (${pct(total.aDebatable, kept)}), ${total.aWrong} wrong (${pct(total.aWrong, kept)}) of the ${kept} still reported; ${total.gone} no longer reported.`,
  );
  return lines.join('\n');
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    seed: 16,
    perRule: 10,
    corpus: resolve(__dirname, '../test/corpus/data'),
    repos: '/work/shared/realrepos',
    format: 'text',
  };
  for (let i = 0; i < argv.length; i++) {
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${argv[i - 1]} needs a value`);
      return v;
    };
    const flag = argv[i];
    if (flag === '--seed') options.seed = Number(value());
    else if (flag === '--per-rule') options.perRule = Number(value());
    else if (flag === '--corpus') options.corpus = resolve(value());
    else if (flag === '--repos') options.repos = resolve(value());
    else if (flag === '--format') options.format = value() === 'json' ? 'json' : 'text';
    else if (flag === '--judged') options.judged = resolve(value());
    else throw new Error(`unknown option ${flag}`);
  }
  if (!Number.isInteger(options.seed) || !Number.isInteger(options.perRule) || options.perRule < 1)
    throw new Error('--seed and --per-rule take integers');
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const findings = await allFindings(options.corpus, options.repos);
  const drawn = drawSample(findings, options.seed, options.perRule);
  if (options.judged !== undefined) {
    const judgements = JSON.parse(readFileSync(options.judged, 'utf8')) as Record<string, Judgement>;
    process.stdout.write(`${table(judgements, findings, drawn)}\n`);
    // Today's draw against the verdicts: a finding drawn but never judged is the next reviewer's work.
    const moved = new Set(Object.values(judgements).flatMap((j) => j.now ?? []));
    const unjudged = [...drawn.values()].flatMap((d) => d.sample).filter((f) => judgements[f.key] === undefined && !moved.has(f.key));
    if (unjudged.length > 0)
      process.stdout.write(`\n${unjudged.length} drawn today and not judged:\n${unjudged.map((f) => `  ${f.key}`).join('\n')}\n`);
    return;
  }
  const sample = [...drawn.values()].flatMap((d) => d.sample);
  if (options.format === 'json') {
    process.stdout.write(`${JSON.stringify(sample, null, 2)}\n`);
    return;
  }
  for (const [rule, d] of drawn)
    process.stdout.write(
      `# ${rule}: ${d.sample.length} of ${d.total}\n${d.sample.map((f) => `${f.key}\n    ${f.level}: ${f.message}`).join('\n')}\n`,
    );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
