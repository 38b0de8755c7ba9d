// In-process CLI runs for tests: a folder of files written from a record, and a run capturing both streams.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../server/src/cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Writes `files` (relative path → text) under `dir/name`; returns the folder. */
export function writeTree(dir: string, name: string, files: Record<string, string>): string {
  const root = join(dir, name);
  mkdirSync(root, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** A runner of `apigee-tls-lint <argv>` with `cwd` as the working directory and no terminal. */
export function cliRunner(cwd: string): (...argv: string[]) => Promise<CliRun> {
  return async (...argv) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, isTTY: false });
    return { code, stdout, stderr };
  };
}
