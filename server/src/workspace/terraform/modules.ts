// The Terraform modules of a workspace: the `.tf` / `.tf.json` files grouped by folder, with the `.tfvars` files
// of that folder and of its sub-folders holding no `.tf` (`envs/prod.tfvars`). Each root module (a folder no other
// folder calls) is read by ./module.ts with the local modules it calls; a called folder is read only through its
// callers, with their values, as Terraform reads it.
import { dirname } from 'node:path';
import type { FileFacts } from '../facts';
import { isInside } from '../paths';
import { callsOf, rootModules } from './calls';
import { readModule, type ModuleResult, type TerraformFile } from './module';

export interface TerraformModule {
  dir: string;
  result: ModuleResult;
}

export function terraformModules(facts: Iterable<FileFacts>, readText: (path: string) => string | undefined): TerraformModule[] {
  const modules = new Map<string, TerraformFile[]>();
  const vars: TerraformFile[] = [];
  for (const f of facts) {
    if (f.hcl === undefined) continue;
    if (f.role.kind === 'terraform') {
      const dir = dirname(f.path);
      const list = modules.get(dir);
      const file: TerraformFile = { path: f.path, hcl: f.hcl, kind: 'tf' };
      if (list === undefined) modules.set(dir, [file]);
      else list.push(file);
    } else if (f.role.kind === 'terraform-vars') vars.push({ path: f.path, hcl: f.hcl, kind: 'tfvars' });
  }
  const tree = new Map([...modules].map(([dir, files]) => [dir, [...files]]));
  const dirs = [...modules.keys()].sort((a, b) => b.length - a.length);
  for (const file of vars) {
    // The nearest module folder at or above the tfvars file.
    const dir = dirs.find((d) => isInside(d, file.path));
    if (dir !== undefined) modules.get(dir)!.push(file);
  }
  const roots = new Set(rootModules(new Map([...tree].map(([dir, files]) => [dir, callsOf(files)]))));
  return [...modules.entries()]
    .filter(([dir]) => roots.has(dir))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([dir, files]) => ({ dir, result: readModule(dir, files, readText, tree) }));
}
