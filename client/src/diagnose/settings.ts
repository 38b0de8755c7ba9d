// `apigeeTls.profile` and `apigeeTls.probe.*` read into what a probe request needs (pure: no vscode import).
import { isAbsolute, join } from 'node:path';
import { isIP } from 'node:net';
import { PROFILES, type Profile } from '../../../server/src/lint/model';
import { FALLBACK_PROFILE } from '../../../server/src/lint/profile-inference';
import { PROBE_SETTINGS, PROBE_SNI_SETTINGS, PROBE_TIMEOUT_LIMITS, type ProbeSniSetting } from '../../../server/src/lint/settings';
import { completeRequest, resolveKey, type SslInfoRequest } from '../../../server/src/probe/from-sslinfo';
import { trustFromPem, type TrustStore } from '../../../server/src/probe/trust';
import type { ProbeRequest } from '../../../server/src/probe/types';

export interface ProbeSettings {
  profile: Profile;
  timeoutMs: number;
  caFiles: string[];
  /** '' when not set. */
  clientCertificate: string;
  clientKey: string;
  sni: ProbeSniSetting;
  /** "host:port" (host in lower case) → IP address. */
  resolve: Map<string, string>;
}

export interface SettingsReading {
  settings: ProbeSettings;
  /** Values that make the probe meaningless (an unreadable resolve entry, half a client certificate). */
  problems: string[];
}

const isString = (v: unknown): v is string => typeof v === 'string';

/** Reads the settings through `get` (a full key such as `apigeeTls.probe.timeoutMs` → its value). */
export function readProbeSettings(get: (key: string) => unknown): SettingsReading {
  const problems: string[] = [];
  const profileValue = get('apigeeTls.profile');
  // `auto` (inferred per bundle for linting) probes with X's offer, the fallback of the inference.
  const profile = PROFILES.includes(profileValue as Profile) ? (profileValue as Profile) : FALLBACK_PROFILE;

  const timeoutValue = get(PROBE_SETTINGS.timeoutMs);
  const timeoutMs =
    typeof timeoutValue === 'number' && Number.isFinite(timeoutValue)
      ? Math.min(PROBE_TIMEOUT_LIMITS.max, Math.max(PROBE_TIMEOUT_LIMITS.min, Math.round(timeoutValue)))
      : PROBE_TIMEOUT_LIMITS.default;

  const caValue = get(PROBE_SETTINGS.caFiles);
  const caFiles = Array.isArray(caValue)
    ? caValue
        .filter(isString)
        .map((f) => f.trim())
        .filter((f) => f !== '')
    : [];

  const text = (key: string): string => {
    const value = get(key);
    return isString(value) ? value.trim() : '';
  };
  const clientCertificate = text(PROBE_SETTINGS.clientCertificate);
  const clientKey = text(PROBE_SETTINGS.clientKey);
  if ((clientCertificate === '') !== (clientKey === ''))
    problems.push(`set both ${PROBE_SETTINGS.clientCertificate} and ${PROBE_SETTINGS.clientKey}, or neither`);

  const sniValue = get(PROBE_SETTINGS.sni);
  const sni = PROBE_SNI_SETTINGS.includes(sniValue as ProbeSniSetting) ? (sniValue as ProbeSniSetting) : 'send';

  const resolve = new Map<string, string>();
  const resolveValue = get(PROBE_SETTINGS.resolve);
  if (resolveValue !== null && typeof resolveValue === 'object' && !Array.isArray(resolveValue)) {
    for (const [key, address] of Object.entries(resolveValue as Record<string, unknown>)) {
      const m = /^(.+):(\d{1,5})$/.exec(key.trim());
      if (m === null || Number(m[2]) > 65535) {
        problems.push(`${PROBE_SETTINGS.resolve}: '${key}' is not host:port`);
      } else if (!isString(address) || isIP(address.trim()) === 0) {
        problems.push(`${PROBE_SETTINGS.resolve}: '${key}' maps to ${JSON.stringify(address)}, not an IP address`);
      } else {
        resolve.set(resolveKey(m[1]!, Number(m[2])), address.trim());
      }
    }
  }
  return { settings: { profile, timeoutMs, caFiles, clientCertificate, clientKey, sni, resolve }, problems };
}

/** A setting's path made absolute: relative paths are relative to the workspace folder. */
export function settingPath(file: string, workspaceFolder: string | undefined): string {
  if (isAbsolute(file)) return file;
  if (workspaceFolder === undefined) throw new ProbeSetupError(`'${file}' is a relative path, but the file is in no workspace folder`);
  return join(workspaceFolder, file);
}

/** A setting that names a file that cannot be used; the message names the file, never its content. */
export class ProbeSetupError extends Error {}

export interface ProbeFiles {
  trust: TrustStore | undefined;
  clientCertificate: { cert: string; key: string } | undefined;
}

/** Reads the CA and client certificate files the settings name (`readText` takes an absolute path). */
export async function loadProbeFiles(
  settings: ProbeSettings,
  workspaceFolder: string | undefined,
  readText: (path: string) => Promise<string>,
): Promise<ProbeFiles> {
  const read = async (file: string, what: string, key: string): Promise<string> => {
    const path = settingPath(file, workspaceFolder);
    try {
      return await readText(path);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new ProbeSetupError(`cannot read the ${what} '${file}' (${key}): ${reason}`);
    }
  };
  let trust: TrustStore | undefined;
  if (settings.caFiles.length > 0) {
    const pems = await Promise.all(
      settings.caFiles.map(async (name) => ({ name, text: await read(name, 'CA file', PROBE_SETTINGS.caFiles) })),
    );
    try {
      trust = trustFromPem(pems);
    } catch (error) {
      throw new ProbeSetupError(`${PROBE_SETTINGS.caFiles}: ${(error as Error).message}`);
    }
  }
  const clientCertificate =
    settings.clientCertificate === '' || settings.clientKey === ''
      ? undefined
      : {
          cert: await read(settings.clientCertificate, 'client certificate', PROBE_SETTINGS.clientCertificate),
          key: await read(settings.clientKey, 'client key', PROBE_SETTINGS.clientKey),
        };
  return { trust, clientCertificate };
}

/** The engine's request: what SSLInfo decides, plus trust, client certificate, address and timeout. */
export function probeRequest(request: SslInfoRequest, settings: ProbeSettings, files: ProbeFiles, signal?: AbortSignal): ProbeRequest {
  return completeRequest(request, { ...files, resolve: settings.resolve, timeoutMs: settings.timeoutMs, signal });
}
