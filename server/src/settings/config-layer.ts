// `.apigee-tls.json` under the editor's settings: one getter over both, with the CLI's precedence (a flag wins,
// then the file, then the default) read as an explicit setting wins, then the file, then the default. A key the
// client's section holds is explicit: VS Code's client sends only the keys a user set (client/src/
// explicit-settings.ts), and other editors send what their configuration names. Objects keyed by name (rules,
// probe.resolve) merge key by key, the setting's entry winning.
import { dirname, isAbsolute, join } from 'node:path';
import type { ConfigFile } from '../workspace/config-file';
import { CERTIFICATE_EXPIRY_DAYS, RULES_KEY } from './lint';
import { PROBE_SETTINGS } from './probe';
import type { SettingGetter } from './section';

/** A configuration file as read: where it is (relative paths in it start at its folder) and what it holds. */
export interface FoundConfigFile {
  path: string;
  config: ConfigFile;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The setting, else the file's value. `trusted`: the file's probe keys that name files or addresses (caFiles,
 * resolve) count only in a trusted workspace, as the same settings of an untrusted workspace do not.
 */
export function layeredGetter(get: SettingGetter, found: FoundConfigFile | undefined, trusted: boolean): SettingGetter {
  if (found === undefined) return get;
  const { config } = found;
  const base = dirname(found.path);
  const fromFile: Record<string, unknown> = {
    [RULES_KEY]: config.rules,
    [CERTIFICATE_EXPIRY_DAYS]: config.certificateExpiryDays,
    [PROBE_SETTINGS.sni]: config.probe?.sni,
    [PROBE_SETTINGS.timeoutMs]: config.probe?.timeoutMs,
    ...(trusted
      ? {
          [PROBE_SETTINGS.resolve]: config.probe?.resolve,
          [PROBE_SETTINGS.runtimeProxy]: config.probe?.runtimeProxy,
          [PROBE_SETTINGS.caFiles]: config.probe?.caFiles?.map((f) => (isAbsolute(f) ? f : join(base, f))),
        }
      : {}),
  };
  return (key) => {
    const set = get(key);
    const file = fromFile[key];
    if (file === undefined) return set;
    if (isObject(file)) return { ...file, ...(isObject(set) ? set : {}) };
    return set ?? file;
  };
}
