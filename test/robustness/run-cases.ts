// Child process of robustness.test.ts: runs every case through parseXml + lintText (+ fixAll on a sample),
// reporting progress before each case so the parent can tell a hang from slow work. The engine must touch
// neither the file system nor the network while linting: both are trapped here.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { fixAll } from '../../server/src/lint/fix-all';
import { lintText } from '../../server/src/lint/lint';
import type { Finding } from '../../server/src/lint/model';
import { parseXml, type XmlElement } from '../../server/src/documents/xml/document';
import { corpusFiles } from '../support/corpus';
import { mutatedCases, specialCases, type RobustnessCase } from './cases';

export interface CaseTiming {
  label: string;
  /** The whole case: parseXml, lintText and, on a sample, fixAll (which lints once per round). */
  ms: number;
  /** The lintText call alone. */
  lintMs: number;
  length: number;
}

export type ChildMessage =
  | { type: 'start'; index: number; label: string }
  | {
      type: 'done';
      cases: number;
      mutated: number;
      fixAllRuns: number;
      failures: Array<{ label: string; problem: string }>;
      slowest: CaseTiming[];
      slowestLint: CaseTiming[];
      p50: number;
      p99: number;
      totalMs: number;
      trapped: string[];
    };

const seed = Number(process.env['ROBUSTNESS_SEED'] ?? 20240601);
const count = Number(process.env['ROBUSTNESS_CASES'] ?? 10_000);
const sentinelPath = process.env['ROBUSTNESS_SENTINEL']!;
const secrets = [fs.readFileSync(sentinelPath, 'utf8').trim()];
try {
  const passwd = fs.readFileSync('/etc/passwd', 'utf8').split('\n')[0]?.trim();
  if (passwd) secrets.push(passwd);
} catch {
  // No /etc/passwd here: only the sentinel is checked.
}
const corpus = corpusFiles(['.xml', '.json']).map((f) => ({ rel: f.rel, inBundle: f.inBundle, text: fs.readFileSync(f.path, 'utf8') }));

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, () => resolve()));
}

// From here on nothing may read a file or open a connection.
const trapped: string[] = [];
function trap<T extends object>(target: T, names: string[], what: string): void {
  for (const name of names) {
    const original = (target as Record<string, unknown>)[name];
    if (typeof original !== 'function') continue;
    (target as Record<string, unknown>)[name] = function trappedCall(this: unknown, ...args: unknown[]) {
      trapped.push(`${what}.${name}(${String(args[0]).slice(0, 100)})`);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
  }
}
// The real module objects (not an interop namespace), so every importer sees the traps.
const load = createRequire(__filename);
const realFs = load('node:fs') as typeof import('node:fs');
trap(
  realFs,
  ['readFileSync', 'readFile', 'openSync', 'open', 'createReadStream', 'readSync', 'read', 'existsSync', 'statSync', 'stat', 'accessSync'],
  'fs',
);
trap(realFs.promises, ['readFile', 'open', 'stat', 'access'], 'fs.promises');
trap(load('node:net') as object, ['connect', 'createConnection'], 'net');
trap(load('node:http') as object, ['request', 'get'], 'http');
trap(load('node:https') as object, ['request', 'get'], 'https');

function inBounds(text: string, findings: Finding[]): string | undefined {
  for (const f of findings) {
    if (!(f.span.start >= 0 && f.span.start <= f.span.end && f.span.end <= text.length))
      return `${f.ruleId} span ${f.span.start}-${f.span.end} outside 0-${text.length}`;
    for (const fix of f.fixes) {
      for (const e of fix.edits) {
        if (!(e.start >= 0 && e.start <= e.end && e.end <= text.length))
          return `${f.ruleId} fix '${fix.title}' edit ${e.start}-${e.end} outside 0-${text.length}`;
      }
    }
  }
  return undefined;
}

function leaksSecret(findings: Finding[], root: XmlElement | undefined): boolean {
  const hay: string[] = [JSON.stringify(findings)];
  const stack = root === undefined ? [] : [root];
  let visited = 0;
  while (stack.length > 0 && visited++ < 1_000_000) {
    const el = stack.pop()!;
    hay.push(el.text);
    for (const a of el.attributes) hay.push(a.value);
    for (const child of el.children) stack.push(child);
  }
  return hay.some((h) => secrets.some((s) => h.includes(s)));
}

async function main(): Promise<void> {
  const cases: Iterable<RobustnessCase> = (function* () {
    yield* specialCases(sentinelPath);
    yield* mutatedCases(seed, count, corpus);
  })();
  const failures: Array<{ label: string; problem: string }> = [];
  const timings: CaseTiming[] = [];
  let index = 0;
  let fixAllRuns = 0;
  const started = performance.now();
  for (const c of cases) {
    await send({ type: 'start', index, label: c.label });
    index++;
    const t0 = performance.now();
    let lintMs = 0;
    try {
      const doc = parseXml(c.text);
      const l0 = performance.now();
      const findings = lintText(c.text, { profile: c.profile, inBundle: c.inBundle });
      lintMs = performance.now() - l0;
      const bounds = inBounds(c.text, findings);
      if (bounds !== undefined) failures.push({ label: c.label, problem: bounds });
      if (leaksSecret(findings, doc.root))
        failures.push({ label: c.label, problem: 'the content of an external entity shows up in the result' });
      if (c.fixAll) {
        fixAllRuns++;
        const fixed = fixAll(c.text, (t) => lintText(t, { profile: c.profile, inBundle: c.inBundle }));
        if (typeof fixed.text !== 'string') failures.push({ label: c.label, problem: 'fix-all returned no text' });
        // A fix on a well-formed XML file keeps it well-formed.
        if (fixed.applied > 0 && !c.text.trimStart().startsWith('[') && !c.text.trimStart().startsWith('{')) {
          if (doc.syntaxErrors.length === 0 && parseXml(fixed.text).syntaxErrors.length > 0) {
            failures.push({
              label: c.label,
              problem: `fix-all broke a well-formed file: ${parseXml(fixed.text).syntaxErrors[0]!.message}`,
            });
          }
        }
      }
    } catch (error) {
      failures.push({ label: c.label, problem: `threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` });
    }
    timings.push({ label: c.label, ms: performance.now() - t0, lintMs, length: c.text.length });
  }
  const totalMs = performance.now() - started;
  const sorted = [...timings].sort((a, b) => a.ms - b.ms);
  const quantile = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]?.ms ?? 0;
  await send({
    type: 'done',
    cases: index,
    mutated: count,
    fixAllRuns,
    failures,
    slowest: sorted.slice(-8).reverse(),
    slowestLint: [...timings].sort((a, b) => b.lintMs - a.lintMs).slice(0, 5),
    p50: quantile(0.5),
    p99: quantile(0.99),
    totalMs,
    trapped,
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
