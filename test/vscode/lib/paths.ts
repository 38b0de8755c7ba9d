// Where things are: the repo, the installed code-server, the bundled suite.
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** Folder that scripts/install-code-server.sh installs into (same CODE_SERVER_DIR variable). */
export function codeServerDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CODE_SERVER_DIR ?? path.join(repoRoot, '.tmp', 'code-server');
}

export function codeServerEntry(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(codeServerDir(env), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

export const suiteOutDir = path.join(repoRoot, 'out', 'test', 'vscode', 'suite');
export const suiteEntry = path.join(suiteOutDir, 'index.js');
export const fixtureWorkspace = path.join(repoRoot, 'test', 'vscode', 'fixtures', 'workspace');
