// A temp folder for what a test run's processes keep (HOME and XDG_* point into it). TMPDIR stays as it is:
// Chromium's and code-server's unix sockets must keep short paths.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { onCleanup } from './cleanup';

export interface IsolatedEnv {
  root: string;
  env: NodeJS.ProcessEnv;
}

export async function makeIsolatedEnv(prefix: string, keep = process.env.KEEP_TEST_TMP === '1'): Promise<IsolatedEnv> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), `${prefix}-`));
  if (!keep) onCleanup(() => fs.rm(root, { recursive: true, force: true }));
  const dirs = { HOME: 'home', XDG_CONFIG_HOME: 'config', XDG_DATA_HOME: 'data', XDG_CACHE_HOME: 'cache', XDG_STATE_HOME: 'state' };
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, sub] of Object.entries(dirs)) {
    const dir = path.join(root, sub);
    await fs.mkdir(dir, { recursive: true });
    env[name] = dir;
  }
  return { root, env };
}
