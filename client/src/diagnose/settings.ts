// The editor's probe request: the settings loader is the engine's (server/src/settings/probe.ts, shared with the
// CLI); this adds what the editor decides (pure: no vscode import).
import { completeRequest, type SslInfoRequest } from '../../../server/src/probe/from-sslinfo';
import type { ProbeFiles, ProbeSettings } from '../../../server/src/settings/probe';
import type { ProbeRequest } from '../../../server/src/probe/types';

/** The engine's request: what SSLInfo decides, plus trust, client certificate, address and timeout. */
export function probeRequest(request: SslInfoRequest, settings: ProbeSettings, files: ProbeFiles, signal?: AbortSignal): ProbeRequest {
  return completeRequest(request, { ...files, resolve: settings.resolve, timeoutMs: settings.timeoutMs, signal });
}
