// Which files `lint` reads: given files as they are; directories searched for XML in bundles and for
// standalone TargetEndpoint/ServiceCallout files, through the run's confined reader.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { isTargetServerFileName, isTerraformFileName } from '../documents/target-server-files';
import { walkFiles, type WorkspaceFiles } from '../workspace/files';
import { UsageError } from './io';

/** XML files, the JSON files that hold environment TargetServers (the names the VS Code client lints too), Terraform. */
export function isLintable(name: string): boolean {
  return name.toLowerCase().endsWith('.xml') || isTargetServerFileName(name) || isTerraformFileName(name);
}

export function discoverFiles(inputs: readonly string[], cwd: string, files: WorkspaceFiles): string[] {
  const found: string[] = [];
  for (const input of inputs) {
    const path = resolve(cwd, input);
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new UsageError(`lint: cannot read '${input}': no such file or directory`);
    }
    if (!stat.isDirectory()) found.push(path);
    else
      walkFiles(files, path, (entry, file) => {
        // Links are not followed here: a file a link names is linted where it lives.
        if (entry.file && isLintable(entry.name)) found.push(file);
      });
  }
  return [...new Set(found)].sort();
}
