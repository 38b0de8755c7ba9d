// A front door as a person names it: `https://host[:port][/path]`, `host[:port]` (443 by default) or `[v6]:port`.
// Pure; returns what is wrong instead of throwing (the CLI and the editor word it each their way).
import { normalizeHost, parseUrlHost } from '../../tls/host-names';

export type FrontDoor = { host: string; port: number } | { problem: string };

const MAX_TARGET_LENGTH = 2048;

export function parseFrontDoor(input: string): FrontDoor {
  const text = input.trim();
  if (text === '' || text.length > MAX_TARGET_LENGTH) return { problem: 'name a host, host:port or https URL' };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    const url = parseUrlHost(text, () => false);
    if (url.kind !== 'host' || url.scheme !== 'https') return { problem: `'${text}' is not an https URL` };
    return { host: url.host, port: url.port };
  }
  const m = /^(\[[^\]]+\]|[^:\s/[\]]+)(?::(\d{1,5}))?$/.exec(text);
  if (m === null) return { problem: `'${text}' is neither a host, host:port nor an https URL` };
  const port = m[2] === undefined ? 443 : Number(m[2]);
  if (port < 1 || port > 65535) return { problem: `bad port in '${text}'` };
  return { host: normalizeHost(m[1]!), port };
}
