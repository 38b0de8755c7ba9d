// Corpus regression: every XML and TargetServer JSON file of the real-world corpus (test/corpus/data) lints under both profiles
// without an exception, and the findings per rule are kept in summary.json so a rule change shows in review.
// Under `auto` (the default), it also records how many bundles and other folders were judged as Edge and as X.
// Regenerate the summary with `UPDATE_CORPUS_SUMMARY=1 npm run test:corpus`.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { workspaceFiles } from '../../server/src/workspace/files';
import { fixAll } from '../../server/src/lint/fix-all';
import { lintText } from '../../server/src/lint/lint';
import { PROFILES, type Finding, type Profile } from '../../server/src/lint/model';
import { ProfileResolver, profileReader } from '../../server/src/workspace/profile';
import { RULES } from '../../server/src/lint/registry';
import { parseXml } from '../../server/src/documents/xml/document';
import { CORPUS_DIR, corpusBundles, corpusExists, corpusFiles, type CorpusFile } from '../support/corpus';

const SUMMARY_PATH = path.join(__dirname, 'summary.json');
const UPDATE = process.env['UPDATE_CORPUS_SUMMARY'] === '1';

interface ProfileSummary {
  /** Files with at least one finding. */
  filesWithFindings: number;
  /** Rule id → number of findings (every rule listed, zeros included, sorted by id). */
  rules: Record<string, number>;
}

/** `--profile auto`: how the folders were judged, and the findings under the inferred profiles. */
interface InferredSummary extends ProfileSummary {
  /** Bundles (apiproxy, sharedflowbundle) per inferred profile; `undecided` ones are judged as X. */
  bundles: { edge: number; apigeex: number; undecided: number };
  /** The same for the folders of files outside bundles (environment folders, loose XML). */
  otherFolders: { edge: number; apigeex: number; undecided: number };
}

export interface CorpusSummary {
  note: string;
  xmlFiles: number;
  jsonFiles: number;
  filesInBundles: number;
  profiles: Record<Profile, ProfileSummary>;
  auto: InferredSummary;
}

interface Failure {
  file: string;
  profile: Profile | '-';
  problem: string;
}

function checkFindings(file: CorpusFile, text: string, profile: Profile, findings: Finding[], failures: Failure[]): void {
  for (const f of findings) {
    const { start, end } = f.span;
    if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= text.length)) {
      failures.push({ file: file.rel, profile, problem: `${f.ruleId}: span ${start}-${end} outside the text (length ${text.length})` });
    }
    for (const fix of f.fixes) {
      for (const e of fix.edits) {
        if (!(e.start >= 0 && e.start <= e.end && e.end <= text.length)) {
          failures.push({ file: file.rel, profile, problem: `${f.ruleId}: fix '${fix.title}' edits ${e.start}-${e.end} outside the text` });
        }
      }
    }
  }
}

describe('corpus', () => {
  it('the corpus is in the repository', () => {
    assert.ok(corpusExists(), `no corpus at ${CORPUS_DIR}`);
  });

  const files = corpusExists() ? corpusFiles(['.xml', '.json']) : [];
  const isXml = (file: CorpusFile): boolean => file.rel.toLowerCase().endsWith('.xml');
  const texts = new Map<string, string>();
  const readText = (file: CorpusFile): string => {
    let text = texts.get(file.path);
    if (text === undefined) {
      text = fs.readFileSync(file.path, 'utf8');
      texts.set(file.path, text);
    }
    return text;
  };

  const counts: Record<Profile, Record<string, number>> = { apigeex: {}, edge: {} };
  const filesWithFindings: Record<Profile, number> = { apigeex: 0, edge: 0 };
  for (const profile of PROFILES) for (const rule of RULES) counts[profile][rule.id] = 0;

  it(`every XML and JSON file lints without an exception under both profiles (${files.length} files)`, () => {
    assert.ok(files.length > 1000, `expected the whole corpus, found ${files.length} files`);
    const failures: Failure[] = [];
    for (const file of files) {
      const text = readText(file);
      for (const profile of PROFILES) {
        let findings: Finding[];
        try {
          findings = lintText(text, { profile, inBundle: file.inBundle });
        } catch (error) {
          failures.push({
            file: file.rel,
            profile,
            problem: `threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          });
          continue;
        }
        checkFindings(file, text, profile, findings, failures);
        if (findings.length > 0) filesWithFindings[profile]++;
        for (const f of findings) counts[profile][f.ruleId] = (counts[profile][f.ruleId] ?? 0) + 1;
      }
    }
    assert.deepEqual(
      failures,
      [],
      `${failures.length} problems:\n${failures
        .slice(0, 20)
        .map((f) => `${f.file} [${f.profile}] ${f.problem}`)
        .join('\n')}`,
    );
  });

  // `auto`: each file judged under the profile inferred for its bundle or folder (the CLI's default).
  const resolver = new ProfileResolver(profileReader(workspaceFiles({ roots: [CORPUS_DIR] })), { boundary: CORPUS_DIR });
  const autoCounts: Record<string, number> = Object.fromEntries(RULES.map((r) => [r.id, 0]));
  let autoFilesWithFindings = 0;
  it('every file lints under its inferred profile; every NHS Digital bundle is judged as Edge', () => {
    for (const file of files) {
      const findings = lintText(readText(file), { profile: resolver.decisionFor(file.path).profile, inBundle: file.inBundle });
      if (findings.length > 0) autoFilesWithFindings++;
      for (const f of findings) autoCounts[f.ruleId] = (autoCounts[f.ruleId] ?? 0) + 1;
    }
    const nhs = corpusBundles().filter((b) => path.relative(CORPUS_DIR, b).startsWith('NHSDigital__'));
    assert.ok(nhs.length >= 26, `${nhs.length} NHS Digital bundles`);
    const notEdge = nhs
      .filter((b) => resolver.decisionFor(path.join(b, 'x.xml')).profile !== 'edge')
      .map((b) => path.relative(CORPUS_DIR, b));
    assert.deepEqual(notEdge, []);
  });

  const judged = (roots: readonly string[]): InferredSummary['bundles'] => {
    const out = { edge: 0, apigeex: 0, undecided: 0 };
    for (const root of roots) {
      const decision = resolver.decisionFor(path.join(root, 'x.xml'));
      if (!decision.decided) out.undecided++;
      else out[decision.profile]++;
    }
    return out;
  };

  it('every file parses as well-formed XML (the corpus holds no broken file)', () => {
    const broken = files
      .filter(isXml)
      .map((file) => ({ file: file.rel, errors: parseXml(readText(file)).syntaxErrors }))
      .filter((r) => r.errors.length > 0);
    assert.deepEqual(broken, []);
  });

  it('applying every preferred fix keeps each file well-formed and never throws', () => {
    const failures: Failure[] = [];
    for (const file of files) {
      const text = readText(file);
      for (const profile of PROFILES) {
        const lint = (t: string): Finding[] => lintText(t, { profile, inBundle: file.inBundle });
        try {
          const fixed = fixAll(text, lint);
          const broken = fixed.applied > 0 ? wellFormednessError(file, fixed.text) : undefined;
          if (broken !== undefined) failures.push({ file: file.rel, profile, problem: `fix-all produced a broken file: ${broken}` });
        } catch (error) {
          failures.push({ file: file.rel, profile, problem: `fix-all threw: ${String(error)}` });
        }
      }
    }
    assert.deepEqual(failures, []);
  });

  it('the findings per rule match test/corpus/summary.json', () => {
    const summary: CorpusSummary = {
      note: 'Findings per rule over test/corpus/data. Regenerate with `UPDATE_CORPUS_SUMMARY=1 npm run test:corpus` and review the diff.',
      xmlFiles: files.filter(isXml).length,
      jsonFiles: files.filter((f) => !isXml(f)).length,
      filesInBundles: files.filter((f) => f.inBundle).length,
      profiles: {
        apigeex: { filesWithFindings: filesWithFindings.apigeex, rules: sortKeys(counts.apigeex) },
        edge: { filesWithFindings: filesWithFindings.edge, rules: sortKeys(counts.edge) },
      },
      auto: {
        bundles: judged(corpusBundles()),
        otherFolders: judged([...new Set(files.filter((f) => !f.inBundle).map((f) => path.dirname(f.path)))]),
        filesWithFindings: autoFilesWithFindings,
        rules: sortKeys(autoCounts),
      },
    };
    const serialized = `${JSON.stringify(summary, null, 2)}\n`;
    if (UPDATE) {
      fs.writeFileSync(SUMMARY_PATH, serialized);
      return;
    }
    assert.ok(fs.existsSync(SUMMARY_PATH), 'test/corpus/summary.json is missing: run `UPDATE_CORPUS_SUMMARY=1 npm run test:corpus`');
    const kept = JSON.parse(fs.readFileSync(SUMMARY_PATH, 'utf8')) as CorpusSummary;
    assert.deepEqual(
      summary,
      kept,
      'The findings on the corpus changed. If the change is intended, run `UPDATE_CORPUS_SUMMARY=1 npm run test:corpus` and commit summary.json.',
    );
  });
});

function wellFormednessError(file: CorpusFile, text: string): string | undefined {
  if (file.rel.toLowerCase().endsWith('.xml')) return parseXml(text).syntaxErrors[0]?.message;
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return String(error);
  }
}

function sortKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
