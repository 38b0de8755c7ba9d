// What a `lint` run checked (files, Apigee files among them, environments, connections), said on every run, and
// the refusal to go green on nothing: no file, no Apigee file, or an `--env` naming no environment is exit 2.
import { basename } from 'node:path';
import { isTargetServerFileName } from '../documents/target-server-files';
import { closest } from '../lint/suggest';
import { classify } from '../workspace/layout';
import { readFacts, type FileFacts } from '../workspace/facts';
import type { Workspace } from '../workspace/workspace';
import { UsageError } from './io';

export interface Checked {
  files: number;
  apigeeFiles: number;
  /** Every environment the configuration defines (before `--env`). */
  environments: Set<string>;
  /** TargetEndpoint and ServiceCallout connections, and TargetServers. */
  connections: number;
}

/** Whether a file is Apigee's: bundle XML, a TLS root outside a bundle, environment configuration. */
function isApigee(facts: FileFacts | undefined, path: string): boolean {
  if (facts === undefined) return false;
  if (facts.role.kind === 'pom') return false;
  if (facts.role.kind === 'json') return facts.edgeJson || facts.entities.length > 0 || isTargetServerFileName(basename(path));
  return true;
}

/** Adds what one source's workspace and linted texts hold. */
export function tally(checked: Checked, ws: Workspace, texts: ReadonlyMap<string, string>): void {
  const paths = new Set(texts.keys());
  for (const facts of ws.allFacts()) paths.add(facts.path);
  checked.files += paths.size;
  for (const path of paths) {
    const facts = ws.facts(path) ?? readFacts(path, texts.get(path) ?? '');
    if (!isApigee(facts, path)) continue;
    checked.apigeeFiles++;
    checked.connections += facts!.connections.filter((c) => c.kind !== 'TargetServer').length;
    checked.connections += facts!.entities.filter((e) => e.kind === 'targetServer').length;
  }
  // Whether a file is Terraform, asked once per file (not once per TargetServer defined in it).
  const terraform = new Map<string, boolean>();
  const isTerraform = (file: string): boolean => {
    let is = terraform.get(file);
    if (is === undefined) terraform.set(file, (is = classify(file)?.kind === 'terraform'));
    return is;
  };
  for (const env of ws.allEnvironments()) {
    checked.environments.add(env.env);
    // A Terraform TargetServer comes from its module, not its file's facts: one per environment it is defined in.
    for (const defs of env.targetServers.values())
      checked.connections += defs.filter((def) => paths.has(def.file) && isTerraform(def.file)).length;
  }
  // Apigee X environments a Terraform configuration names only in environment group attachments.
  for (const module of ws.northbound())
    for (const object of module.objects)
      if (object.kind === 'attachment' && object.environment !== undefined && object.environment !== '')
        checked.environments.add(object.environment);
}

const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** One line: `checked 4 files (3 Apigee), 2 environments (prod, test), 3 connections`. */
export function describeChecked(checked: Checked, only: ReadonlySet<string> | undefined): string {
  const envs = [...checked.environments].filter((e) => only === undefined || only.has(e)).sort();
  const apigee = checked.apigeeFiles === checked.files ? '' : ` (${checked.apigeeFiles} Apigee)`;
  const names = envs.length === 0 ? '' : ` (${envs.slice(0, 5).join(', ')}${envs.length > 5 ? ', …' : ''})`;
  return `checked ${count(checked.files, 'file')}${apigee}, ${count(envs.length, 'environment')}${names}, ${count(checked.connections, 'connection')}`;
}

const quoted = (inputs: readonly string[]): string => inputs.map((i) => `'${i}'`).join(', ');

/** Throws the one-line reason when the run checked nothing a CI job could rely on. */
export function checkSomethingChecked(
  checked: Checked,
  inputs: readonly string[],
  only: ReadonlySet<string> | undefined,
  envSource = '--env',
): void {
  if (checked.files === 0)
    throw new UsageError(
      `lint: nothing to check: no XML, TargetServer JSON or environment configuration file in ${quoted(inputs)}; name a bundle folder (holding apiproxy/ or sharedflowbundle/), a repository of them, or an exported bundle zip`,
    );
  if (checked.apigeeFiles === 0)
    throw new UsageError(
      `lint: nothing to check: ${checked.files === 1 ? 'the file' : `none of the ${checked.files} files`} in ${quoted(inputs)} ${checked.files === 1 ? 'is not' : 'is'} an Apigee file (a bundle's apiproxy/ or sharedflowbundle/, a TargetEndpoint or ServiceCallout, environment configuration); name the folder or zip that holds them`,
    );
  const known = [...checked.environments].sort();
  for (const env of only ?? []) {
    if (checked.environments.has(env)) continue;
    const near = closest(env, known);
    const hint =
      near !== undefined
        ? `; did you mean '${near}'?`
        : known.length > 0
          ? ` (environments: ${known.join(', ')})`
          : ' (no environment configuration was found)';
    throw new UsageError(`lint: ${envSource} ${env}: no such environment in ${quoted(inputs)}${hint}`);
  }
}
