// The CLI's side of the workspace model: read every model file under the directories named, lint each
// discovered file alone, then add the cross-file findings (which may land in files not linted alone, such as
// aliases.json or references.json).
import { dirname, resolve } from 'node:path';
import { classify } from '../workspace/layout';
import { workspaceFiles } from '../workspace/files';
import { isDirectory } from '../workspace/load';
import { isInside } from '../workspace/paths';
import { lintFile, lintWorkspace, type WorkspaceLintOptions } from '../workspace/lint-workspace';
import type { Workspace } from '../workspace/workspace';
import type { FileResult } from './formatters';

/** The directories among the inputs (resolved), each a workspace folder. */
export function workspaceRoots(inputs: readonly string[], cwd: string): string[] {
  return inputs.map((input) => resolve(cwd, input)).filter(isDirectory);
}

/**
 * The module folder of each Terraform file named alone (outside every directory named): read for the model, as the
 * editor reads it, since a `.tf` file's values come from the other files of its module (variables, tfvars, locals).
 */
export function terraformModuleRoots(inputs: readonly string[], cwd: string): string[] {
  const dirs = workspaceRoots(inputs, cwd);
  const modules = inputs
    .map((input) => resolve(cwd, input))
    .filter((path) => !dirs.some((dir) => isInside(dir, path)))
    .map((path) => {
      const kind = classify(path)?.kind;
      return kind === 'terraform' ? dirname(path) : kind === 'terraform-vars' ? moduleReading(path) : undefined;
    })
    .filter((dir) => dir !== undefined);
  return [...new Set(modules)];
}

/** Folders a tfvars file's module is looked for in, upwards (`infra/envs/prod.tfvars` → `infra/envs`, `infra`, …). */
const MAX_TFVARS_DEPTH = 8;

/**
 * The module folder that reads a tfvars file, as the model pairs them: the nearest folder at or above it holding
 * `.tf` files (`infra/envs/prod.tfvars` is read by `infra`, `terraform plan -var-file=envs/prod.tfvars`).
 */
function moduleReading(tfvars: string): string | undefined {
  let dir = dirname(tfvars);
  for (let depth = 0; depth < MAX_TFVARS_DEPTH; depth++) {
    const entries = workspaceFiles({ roots: [dir] }).list(dir) ?? [];
    if (entries.some((e) => e.file && classify(`${dir}/${e.name}`)?.kind === 'terraform')) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** Lints every text, alone and against the workspace `ws` (built over the same texts), plus the cross-file findings. */
export function lintWorkspaceFiles(ws: Workspace, texts: ReadonlyMap<string, string>, options: WorkspaceLintOptions): FileResult[] {
  const cross = lintWorkspace(ws, options);
  const results = new Map<string, FileResult>();
  for (const [path, text] of texts) {
    const findings = [...lintFile(ws, path, text, options), ...(cross.get(path) ?? [])];
    findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    results.set(path, { path, text, findings });
  }
  for (const [path, findings] of cross) {
    // A file outside the model (.apigee-tls.json, reported by config-file) is read through the same reader.
    const text = ws.facts(path)?.text ?? ws.files.readText(path);
    if (!results.has(path) && text !== undefined) results.set(path, { path, text, findings });
  }
  return [...results.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
