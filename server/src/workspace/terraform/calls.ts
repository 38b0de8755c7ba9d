// Local module calls: `module "lb" { source = "./modules/lb" … }` gives the child module its inputs from the caller's
// arguments, evaluated where the call is written, so a reusable module is judged with its callers' values. A value
// keeps the range where it is written (the caller's argument, its tfvars), so findings land there. Registry and git sources
// are not in the repository: they stay symbolic (nothing is read for them).
import { basename, dirname, join } from 'node:path';
import type { HclBlock } from '../../documents/hcl/hcl-document';
import { evaluate, type Scope, type TfValue } from './evaluate';
import { instancesOf } from './instances';

/** Module nesting read at most (Terraform has no limit; real trees are two or three deep). */
export const MAX_MODULE_DEPTH = 8;
/** Module instances read at most for one root module (each `for_each` key and `count` index counts). */
export const MAX_MODULE_INSTANCES = 256;

const META = new Set(['source', 'version', 'providers', 'depends_on', 'count', 'for_each']);

export interface ModuleCall {
  block: HclBlock;
  file: string;
}

export interface ChildInstance {
  dir: string;
  /** `module.lb.` or `module.lb["eu"].`, after the caller's own prefix. */
  prefix: string;
  /** The caller's arguments, by variable name. */
  inputs: Map<string, TfValue>;
}

/** The folder a call's `source` names when it is local (`./…`, `../…`); undefined for registry and git sources. */
export function localSource(call: ModuleCall): string | undefined {
  // Terraform requires a literal source: no variable can be in it.
  const source = call.block.body.attributes.find((a) => a.name === 'source')?.value;
  if (source?.kind !== 'string' || source.parts.length !== 1 || source.parts[0]!.kind !== 'literal') return undefined;
  const path = source.parts[0]!.value;
  return /^\.\.?(\/|$)/.test(path) ? join(dirname(call.file), path) : undefined;
}

/** The module folders no other folder calls (the roots), then any folder no root reaches (a cycle of calls). */
export function rootModules(tree: ReadonlyMap<string, readonly ModuleCall[]>): string[] {
  const callees = (dir: string): string[] =>
    (tree.get(dir) ?? []).map(localSource).filter((d): d is string => d !== undefined && d !== dir && tree.has(d));
  const called = new Set([...tree.keys()].flatMap(callees));
  const roots = [...tree.keys()].filter((d) => !called.has(d));
  const reached = new Set<string>();
  const visit = (dir: string): void => {
    if (reached.has(dir)) return;
    reached.add(dir);
    callees(dir).forEach(visit);
  };
  roots.forEach(visit);
  return [...tree.keys()].filter((d) => !called.has(d) || !reached.has(d));
}

/** The local module calls written in a module's files. */
export function callsOf(files: readonly { path: string; hcl: { body: { blocks: readonly HclBlock[] } } }[]): ModuleCall[] {
  return files.flatMap((f) =>
    f.hcl.body.blocks.filter((b) => b.type === 'module' && b.labels.length === 1).map((block) => ({ block, file: f.path })),
  );
}

/** Each instance of a local call, its inputs evaluated in the caller's scope. */
export function childInstances(call: ModuleCall, dir: string, scope: Scope): ChildInstance[] {
  const name = call.block.labels[0]?.value;
  if (name === undefined) return [];
  const attributes = new Map(call.block.body.attributes.map((a) => [a.name, { expr: a.value }]));
  return instancesOf(attributes, call.file, scope).map((instance) => {
    const address = `module.${name}${instance.index}`;
    const label = `${address} in ${basename(call.file)}${instance.provenance === undefined ? '' : ` (${instance.provenance})`}`;
    const inputs = new Map<string, TfValue>();
    for (const a of call.block.body.attributes) {
      if (META.has(a.name)) continue;
      const value = evaluate(a.value, call.file, instance.scope);
      // The value keeps where it is written (the argument, the caller's tfvars, a default): findings land there.
      const via = value.origin.via === undefined ? label : `${label}, ${value.origin.via}`;
      inputs.set(a.name, { ...value, origin: { ...value.origin, via } } as TfValue);
    }
    return { dir, prefix: `${scope.prefix ?? ''}${address}.`, inputs };
  });
}
