// The CLI's `.apigee-tls.json`: named with `--config FILE`, or else the nearest at or above the first folder named
// (the working directory for files alone), no higher than the repository's root. Its values apply under the
// command line's flags: a flag wins, then the file, then the defaults.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describeFailure, readNamedFile } from '../fs/regular-file';
import { CONFIG_FILE, readConfigFile, type ConfigFile } from '../workspace/config-file';
import { anyRuleById } from '../workspace/registry';
import { isDirectory } from '../workspace/load';
import { UsageError } from './io';

const MAX_CONFIG_BYTES = 64 * 1024;
const MAX_LEVELS = 32;

export interface FoundConfig {
  path: string;
  config: ConfigFile;
  /** Named by --config (its profile then counts as --profile). */
  explicit: boolean;
}

export function findConfig(inputs: readonly string[], cwd: string, explicit: string | undefined, command: string): FoundConfig | undefined {
  if (explicit !== undefined) return read(resolve(cwd, explicit), true, command, explicit);
  const first = inputs.map((i) => resolve(cwd, i)).find(isDirectory) ?? cwd;
  for (let dir = first, i = 0; i < MAX_LEVELS; i++) {
    const path = join(dir, CONFIG_FILE);
    if (existsSync(path)) return read(path, false, command, path);
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) break;
    dir = dirname(dir);
  }
  return undefined;
}

function read(path: string, explicit: boolean, command: string, shown: string): FoundConfig {
  const result = readNamedFile(path, MAX_CONFIG_BYTES);
  if (!result.ok) throw new UsageError(`${command}: cannot read --config '${shown}': it ${describeFailure(result.reason)}`);
  // Problems are not fatal here: the config-file rule reports each at its value when the file's folder is linted.
  const { config } = readConfigFile(Buffer.from(result.data).toString('utf8'), (id) => anyRuleById(id) !== undefined);
  return { path, config, explicit };
}
