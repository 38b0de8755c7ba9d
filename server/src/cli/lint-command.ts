// `apigee-tls-lint lint`: the same engine as the editor, for CI.
import { writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { applyEdits, compatiblePreferredFixes, fixAll } from '../lint/fix-all';
import { lintText } from '../lint/lint';
import type { Profile, SeveritySetting } from '../lint/model';
import {
  describeDecision,
  FALLBACK_PROFILE,
  PROFILE_SETTINGS,
  type ProfileDecision,
  type ProfileSetting,
} from '../workspace/profile-evidence';
import { isBundlePath } from '../lint/model';
import { closest } from '../lint/suggest';
import { SEVERITY_SETTINGS } from '../settings/lint';
import { ALL_RULES, anyRuleById } from '../workspace/registry';
import { isDirectory, loadWorkspaceFrom } from '../workspace/load';
import type { Workspace } from '../workspace/workspace';
import { helpText, parseArgs, single, type ParsedArgs } from './args';
import { readInputText } from './files';
import { overrideFilesAbove, ProfileResolver, profileReader, readOnce } from '../workspace/profile';
import { lintWorkspaceFiles } from './workspace-lint';
import { formatJson, formatSarif, formatStylish, type FileResult } from './formatters';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIO } from './io';
import { LINT_SPEC } from './lint-spec';
import { displayPath, lintSources, type LintSource } from './lint-sources';
import { checkSomethingChecked, describeChecked, tally, type Checked } from './checked';
import { formatRuleList } from './rule-list';
import { VERSION } from './version';
import { findConfig } from './config';
import { ignoreMatcher } from '../workspace/ignore-patterns';
import { suppressionTest } from '../workspace/suppressions';

const FORMATS = ['stylish', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

export async function runLintCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, LINT_SPEC);
  if (args.help) {
    io.stdout(helpText(LINT_SPEC));
    return EXIT_OK;
  }
  const { inputs, reported } = contextOption(args, io.cwd);
  const found = findConfig(inputs, io.cwd, single(args, 'config'), 'lint');
  const config = found?.config ?? {};
  // A flag wins, then the configuration file, then the default; a file named by --config sets the profile as
  // --profile does (one found by convention is read by profile inference, per folder, as before).
  const profile = (single(args, 'profile') ?? (found?.explicit === true ? config.profile : undefined) ?? 'auto') as ProfileSetting;
  if (!PROFILE_SETTINGS.includes(profile)) throw new UsageError(`lint: --profile must be one of ${PROFILE_SETTINGS.join(', ')}`);
  const format = (single(args, 'format') ?? 'stylish') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`lint: --format must be one of ${FORMATS.join(', ')}${suggest(format, FORMATS)}`);
  if (args.flags.has('list-rules')) {
    io.stdout(formatRuleList(profile === 'auto' ? undefined : profile));
    return EXIT_OK;
  }
  if (args.positionals.length === 0) throw new UsageError('lint: name at least one file, directory or bundle zip (see --help)');
  const rules = { ...config.rules, ...parseRuleOverrides(args.values.get('rule') ?? []) };
  const maxWarningsText = single(args, 'max-warnings');
  const maxWarnings = maxWarningsText === undefined ? -1 : Number(maxWarningsText);
  if (!Number.isInteger(maxWarnings) || maxWarnings < -1) throw new UsageError('lint: --max-warnings takes a whole number');
  const expiryDays = expiryDaysOption(args, 'lint') ?? config.certificateExpiryDays;
  const only = envOption(args) ?? (config.environments !== undefined ? new Set(config.environments) : undefined);
  const ignored = found === undefined ? () => false : ignoreMatcher(dirname(found.path), config.ignorePatterns ?? []);
  const suppressed = found === undefined ? () => false : suppressionTest(dirname(found.path), config.suppressions);
  const quiet = args.flags.has('quiet');

  const sources = lintSources(inputs, io.cwd);
  const archive = sources.find((s) => s.archive !== undefined);
  if (args.flags.has('fix') && archive !== undefined)
    throw new UsageError(`lint: --fix cannot write inside '${relative(io.cwd, archive.archive!)}': unzip it and lint the folder`);
  const checked: Checked = { files: 0, apigeeFiles: 0, environments: new Set(), connections: 0 };
  let results: FileResult[] = [];
  for (const source of sources) {
    if (source.archive === undefined) source.paths = source.paths.filter((path) => !ignored(path));
    const linted = lintSource(source, args, io, { profile, rules, only, expiryDays }, checked);
    results.push(
      ...linted
        .filter((r) => source.archive !== undefined || !ignored(r.path))
        .filter((r) => reported === undefined || reported.has(r.path))
        .map((r) => ({
          ...r,
          findings: source.archive !== undefined ? r.findings : r.findings.filter((f) => !suppressed(r.path, r.text, f)),
          path: displayPath(source, r.path),
        })),
    );
  }
  const envSource =
    args.values.has('env') || found === undefined ? '--env' : `${relative(io.cwd, found.path) || found.path}: "environments":`;
  checkSomethingChecked(checked, inputs, only, envSource);
  results.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (quiet) results = results.map((r) => ({ ...r, findings: r.findings.filter((f) => f.severity === 'error') }));

  const output =
    format === 'json'
      ? formatJson(results) + '\n'
      : format === 'sarif'
        ? formatSarif(results, io.cwd, VERSION, { profile: runProfile(profile, results), rules }) + '\n'
        : formatStylish(results, io.cwd, io.isTTY && single(args, 'output-file') === undefined);
  const outputFile = single(args, 'output-file');
  if (outputFile === undefined) io.stdout(output);
  else writeOutputFile(io, outputFile, output);
  const all = results.flatMap((r) => r.findings);
  const errors = all.filter((f) => f.severity === 'error').length;
  const warnings = all.filter((f) => f.severity === 'warning').length;
  const tooManyWarnings = maxWarnings >= 0 && warnings > maxWarnings;
  if (format === 'stylish') {
    const named = reported === undefined ? '' : `; reported: the ${reported.size === 1 ? 'file' : `${reported.size} files`} named`;
    io.stderr(`apigee-tls-lint: ${describeChecked(checked, only)}${named}\n`);
    if (tooManyWarnings) io.stderr(`apigee-tls-lint: too many warnings (${warnings}, max ${maxWarnings})\n`);
  }
  return errors > 0 || tooManyWarnings ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * `--context DIR`: DIR is linted whole, so the cross-file rules judge the files named in their repository, and only
 * the files named are reported (the pre-commit hook names the staged files). Without it, the inputs are linted.
 */
function contextOption(args: ParsedArgs, cwd: string): { inputs: string[]; reported: Set<string> | undefined } {
  const context = single(args, 'context');
  if (context === undefined) return { inputs: args.positionals, reported: undefined };
  if (!isDirectory(resolve(cwd, context))) throw new UsageError(`lint: --context '${context}' is not a directory`);
  if (args.flags.has('fix')) throw new UsageError('lint: --fix cannot be combined with --context (it would fix files not named)');
  if (args.positionals.length === 0) throw new UsageError('lint: --context DIR reports the files named: name at least one');
  return { inputs: [context], reported: new Set(args.positionals.map((p) => resolve(cwd, p))) };
}

interface RunOptions {
  profile: ProfileSetting;
  rules: Record<string, SeveritySetting>;
  only: ReadonlySet<string> | undefined;
  expiryDays: number | undefined;
}

/** One source's files, each judged under its bundle's profile, resolved together; `checked` is added to. */
function lintSource(source: LintSource, args: ParsedArgs, io: CliIO, run: RunOptions, checked: Checked): FileResult[] {
  const { profile, rules } = run;
  // Profile inference reads through the source's confined reader; an override file above the folders still counts
  // (the command line is trusted as a trusted workspace is; an archive has nothing above it).
  const resolver = new ProfileResolver(profileReader(source.files), {
    roots: source.files.roots,
    ...(source.archive === undefined ? { overrideAbove: readOnce(overrideFilesAbove()) } : {}),
  });
  const decisionFor = (path: string): ProfileDecision =>
    profile === 'auto' ? resolver.decisionFor(path) : { profile, decided: true, evidence: [], root: '', override: `--profile ${profile}` };
  const reported = new Set<string>();
  const texts = new Map<string, string>();
  const decisions = new Map<string, ProfileDecision>();
  for (const path of source.paths) {
    const shown = relative(io.cwd, displayPath(source, path)) || path;
    let text = source.archive === undefined ? readInputText('lint', path, shown) : (source.files.readText(path) ?? '');
    const decision = decisionFor(path);
    if (args.flags.has('verbose') && profile === 'auto' && !reported.has(decision.root)) {
      reported.add(decision.root);
      io.stderr(`apigee-tls-lint: ${relative(io.cwd, displayPath(source, decision.root)) || '.'}: ${describeDecision(decision)}\n`);
    }
    const options = { profile: decision.profile, rules, inBundle: isBundlePath(path) };
    if (args.flags.has('fix')) {
      const fixed = fixAll(text, (t) => lintText(t, options));
      if (fixed.applied > 0) {
        writeFileSync(path, fixed.text);
        text = fixed.text;
      }
    }
    texts.set(path, text);
    decisions.set(path, decision);
  }
  // Files are linted alone, and everything under each directory named is resolved together (TargetServers,
  // references, keystores, aliases, property sets per environment).
  let ws: Workspace | undefined;
  const lintAll = (): FileResult[] => {
    ws = loadWorkspaceFrom(source.modelFiles, texts);
    const results = lintWorkspaceFiles(ws, texts, {
      profile: profile === 'auto' ? FALLBACK_PROFILE : profile,
      profileOf: (path) => (decisions.get(path) ?? decisionFor(path)).profile,
      rules,
      only: run.only,
      expiryDays: run.expiryDays,
    });
    // Neither reported nor fixed: the files of a named Terraform file's module, read only to judge it.
    return results.filter((r) => source.modelOnly?.(r.path) !== true);
  };
  const linted = args.flags.has('fix') ? fixAcrossFiles(lintAll, texts) : lintAll();
  tally(checked, ws!, texts);
  return linted.map((r) => ({ ...r, decision: decisions.get(r.path) ?? decisionFor(r.path) }));
}

function writeOutputFile(io: CliIO, file: string, output: string): void {
  try {
    writeFileSync(file.startsWith('/') ? file : `${io.cwd}/${file}`, output);
  } catch (error) {
    throw new UsageError(`lint: cannot write --output-file '${file}': ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/**
 * `--fix` for what only the whole directory shows (a configuration file's trailing comma, say): the preferred fixes
 * of every file's findings, written, then linted again, a few rounds at most. Returns the last lint.
 */
function fixAcrossFiles(lintAll: () => FileResult[], texts: Map<string, string>, rounds = 5): FileResult[] {
  let results = lintAll();
  for (let round = 0; round < rounds; round++) {
    let changed = false;
    for (const r of results) {
      const fixes = compatiblePreferredFixes(r.findings);
      if (fixes.length === 0) continue;
      const text = applyEdits(
        r.text,
        fixes.flatMap((f) => f.edits),
      );
      if (text === r.text) continue;
      writeFileSync(r.path, text);
      // A file linted alone is linted from `texts`; the others (aliases.json, say) are read again from disk.
      if (texts.has(r.path)) texts.set(r.path, text);
      changed = true;
    }
    if (!changed) break;
    results = lintAll();
  }
  return results;
}

/** The one profile of the run for SARIF's rule defaults: the forced one, or the one every file was judged under. */
function runProfile(setting: ProfileSetting, results: readonly FileResult[]): Profile {
  if (setting !== 'auto') return setting;
  const profiles = new Set(results.map((r) => r.decision?.profile ?? FALLBACK_PROFILE));
  return profiles.size === 1 ? [...profiles][0]! : FALLBACK_PROFILE;
}

const suggest = (value: string, candidates: readonly string[]): string => {
  const near = closest(value, candidates);
  return near === undefined ? '' : `; did you mean '${near}'?`;
};

function parseRuleOverrides(values: readonly string[]): Record<string, SeveritySetting> {
  const rules: Record<string, SeveritySetting> = {};
  const ids = ALL_RULES.map((r) => r.id);
  for (const value of values) {
    const [id, severity] = value.split('=');
    if (id === undefined || anyRuleById(id) === undefined)
      throw new UsageError(`lint: --rule: unknown rule '${id ?? value}'${suggest(id ?? value, ids)} (see --list-rules)`);
    if (!SEVERITY_SETTINGS.includes(severity as SeveritySetting))
      throw new UsageError(
        `lint: --rule ${id}: severity must be one of ${SEVERITY_SETTINGS.join(', ')}${suggest(severity ?? '', SEVERITY_SETTINGS)}`,
      );
    rules[id] = severity as SeveritySetting;
  }
  return rules;
}

/** `--expiry-days N`: certificates expiring within N days are reported (default 30). */
export function expiryDaysOption(args: ParsedArgs, command: string): number | undefined {
  const text = single(args, 'expiry-days');
  if (text === undefined) return undefined;
  const days = Number(text);
  if (!Number.isInteger(days) || days < 0) throw new UsageError(`${command}: --expiry-days takes a whole number of days`);
  return days;
}

/** `--env NAME` (repeatable): the environments to judge; undefined: all. */
export function envOption(args: ParsedArgs): ReadonlySet<string> | undefined {
  const envs = args.values.get('env');
  return envs === undefined ? undefined : new Set(envs);
}
