// Which files `lint` reads: given files as they are; directories searched for XML in bundles and for
// standalone TargetEndpoint/ServiceCallout files.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isTargetServerFileName } from '../lint/target-server-files';
import { UsageError } from './io';

const SKIP_DIRS = new Set(['node_modules', '.git', 'target', 'dist', 'out']);

/** XML files, and the JSON files that hold environment TargetServers (the names the VS Code client lints too). */
function isLintable(name: string): boolean {
  return name.toLowerCase().endsWith('.xml') || isTargetServerFileName(name);
}

export function discoverFiles(inputs: readonly string[], cwd: string): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    const path = resolve(cwd, input);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new UsageError(`lint: cannot read '${input}': no such file or directory`);
    }
    if (stat.isDirectory()) walk(path, files);
    else files.push(path);
  }
  return [...new Set(files)].sort();
}

function walk(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(path, out);
    } else if (entry.isFile() && isLintable(entry.name)) {
      out.push(path);
    }
  }
}
