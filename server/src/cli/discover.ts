// Which files `lint` reads: given files as they are; directories searched for XML in bundles and for
// standalone TargetEndpoint/ServiceCallout files.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { isTargetServerFileName } from '../lint/target-server-files';
import { walkFiles } from '../workspace/disk-reader';
import { UsageError } from './io';

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
    if (!stat.isDirectory()) files.push(path);
    else
      walkFiles(path, (entry, file) => {
        if (entry.isFile() && isLintable(entry.name)) files.push(file);
      });
  }
  return [...new Set(files)].sort();
}
