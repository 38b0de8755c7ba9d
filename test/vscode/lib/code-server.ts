// Starts code-server (a real VS Code) on 127.0.0.1 with fresh user-data and extensions folders.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort } from './free-port';
import { codeServerEntry } from './paths';
import { startProcess, type Started } from './processes';
import { pollUntil } from './wait';

export interface CodeServer {
  port: number;
  origin: string;
  process: Started;
}

export function requireCodeServer(env: NodeJS.ProcessEnv = process.env): string {
  const entry = codeServerEntry(env);
  if (!fs.existsSync(entry)) {
    throw new Error(`code-server is not installed at ${entry}: run 'bash scripts/install-code-server.sh' (as root) first`);
  }
  return entry;
}

function baseArgs(stateDir: string): string[] {
  for (const sub of ['user-data', 'extensions']) fs.mkdirSync(path.join(stateDir, sub), { recursive: true });
  return [
    '--user-data-dir',
    path.join(stateDir, 'user-data'),
    '--extensions-dir',
    path.join(stateDir, 'extensions'),
    '--disable-telemetry',
    '--disable-update-check',
  ];
}

export async function startCodeServer(options: {
  stateDir: string;
  env: NodeJS.ProcessEnv;
  workspace: string;
  workspaceTrust?: boolean;
  startTimeoutMs?: number;
}): Promise<CodeServer> {
  const entry = requireCodeServer(options.env);
  const port = await freePort();
  const args = [
    entry,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    ...baseArgs(options.stateDir),
    '--disable-getting-started-override',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    options.workspace,
  ];
  const started = startProcess(process.execPath, args, { env: options.env, echo: options.env.VSCODE_TEST_VERBOSE === '1' });
  const origin = `http://127.0.0.1:${port}`;
  const exitedEarly = started.exited.then((code) => {
    throw new Error(`code-server exited (${code}) before it was healthy:\n${started.output()}`);
  });
  const healthy = pollUntil('code-server /healthz', async () => ((await fetch(`${origin}/healthz`)).ok ? true : undefined), {
    timeoutMs: options.startTimeoutMs ?? 60_000,
  });
  await Promise.race([healthy, exitedEarly]);
  return { port, origin, process: started };
}

/** Runs a one-shot code-server command (no server) with the same folders; resolves with its output. */
async function codeServerCli(stateDir: string, env: NodeJS.ProcessEnv, args: string[]): Promise<string> {
  const run = startProcess(process.execPath, [requireCodeServer(env), ...baseArgs(stateDir), ...args], { env });
  const code = await run.exited;
  if (code !== 0) throw new Error(`code-server ${args.join(' ')} exited ${code}:\n${run.output()}`);
  return run.output();
}

/** `code-server --install-extension file.vsix`: rejects when VS Code does not accept the package. */
export function installExtension(vsix: string, stateDir: string, env: NodeJS.ProcessEnv): Promise<string> {
  return codeServerCli(stateDir, env, ['--install-extension', vsix]);
}

/** `code-server --list-extensions --show-versions`: publisher.name@version per installed extension. */
export async function listExtensions(stateDir: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const output = await codeServerCli(stateDir, env, ['--list-extensions', '--show-versions']);
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^[\w.-]+@/.test(line));
}
