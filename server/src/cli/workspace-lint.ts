// The CLI's side of the workspace model: read every model file under the directories named, lint each
// discovered file alone, then add the cross-file findings (which may land in files not linted alone, such as
// aliases.json or references.json).
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { createDiskReader, listModelFiles, readModelText } from '../workspace/disk-reader';
import { lintFile, lintWorkspace, type WorkspaceLintOptions } from '../workspace/lint-workspace';
import { Workspace } from '../workspace/workspace';
import type { FileResult } from './formatters';

/** The directories among the inputs (resolved), each a workspace folder. */
export function workspaceRoots(inputs: readonly string[], cwd: string): string[] {
  return inputs
    .map((input) => resolve(cwd, input))
    .filter((path) => {
      try {
        return statSync(path).isDirectory();
      } catch {
        return false;
      }
    });
}

/** A workspace built from the disk: every model file under the roots (texts already read are reused). */
export function loadWorkspace(roots: readonly string[], texts: ReadonlyMap<string, string> = new Map()): Workspace {
  const ws = new Workspace({ roots, reader: createDiskReader(roots) });
  for (const root of roots) {
    for (const path of listModelFiles(root)) {
      const text = texts.get(path) ?? readModelText(path);
      if (text !== undefined) ws.setFile(path, text);
    }
  }
  return ws;
}

export function lintWorkspaceFiles(
  inputs: readonly string[],
  cwd: string,
  texts: ReadonlyMap<string, string>,
  options: WorkspaceLintOptions,
): FileResult[] {
  const ws = loadWorkspace(workspaceRoots(inputs, cwd), texts);
  const cross = lintWorkspace(ws, options);
  const results = new Map<string, FileResult>();
  for (const [path, text] of texts) {
    const findings = [...lintFile(ws, path, text, options), ...(cross.get(path) ?? [])];
    findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    results.set(path, { path, text, findings });
  }
  for (const [path, findings] of cross) {
    const text = ws.facts(path)?.text;
    if (!results.has(path) && text !== undefined) results.set(path, { path, text, findings });
  }
  return [...results.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
