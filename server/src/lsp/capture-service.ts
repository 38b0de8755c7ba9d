// `apigeeTls/analyseCapture`: a capture file judged in the language server, so that the editor's capture view needs
// no engine code of its own. Progress goes out as work-done progress (the share of the file read); the client's
// $/cancelRequest aborts the reading. It only reads files: safe in an untrusted workspace.
import { readFileSync } from 'node:fs';
import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import { diagnoseCapture } from '../capture/diagnose-capture';
import { readKeyLogFile, type KeyLog } from '../capture/keylog';
import { systemTrust, trustFromPem, type TrustStore } from '../diagnosis/trust';
import { ANALYSE_CAPTURE_METHOD, type AnalyseCaptureParams, type AnalyseCaptureResult } from '../shared/capture-protocol';

function trustOf(caFiles: readonly string[]): TrustStore | { problem: string } {
  if (caFiles.length === 0) return systemTrust();
  try {
    return trustFromPem(caFiles.map((file) => ({ name: file, text: readFileSync(file, 'utf8') })));
  } catch (error) {
    return { problem: `cannot use the CA files: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function keyLogOf(file: string | undefined): KeyLog | { problem: string } | undefined {
  if (file === undefined) return undefined;
  try {
    return readKeyLogFile(file);
  } catch (error) {
    return { problem: `cannot read the key log ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
}

export async function analyseCapture(
  params: AnalyseCaptureParams,
  token: CancellationToken,
  progress?: (percent: number) => void,
): Promise<AnalyseCaptureResult> {
  const trust = trustOf(params.caFiles ?? []);
  if ('problem' in trust) return { ok: false, error: { code: 'bad-ca-file', message: trust.problem } };
  const keyLog = keyLogOf(params.keyLogFile);
  if (keyLog !== undefined && 'problem' in keyLog) return { ok: false, error: { code: 'bad-keylog-file', message: keyLog.problem } };
  const controller = new AbortController();
  // A token cancelled before the call announces it only on a later tick: read its state too.
  if (token.isCancellationRequested) controller.abort();
  const subscription = token.onCancellationRequested(() => controller.abort());
  try {
    const name = params.path.split(/[\\/]/).at(-1) ?? params.path;
    const result = await diagnoseCapture(params.path, name, {
      trust,
      profile: params.profile ?? 'apigeex',
      side: params.side ?? 'southbound',
      keyLog,
      signal: controller.signal,
      onProgress: (read, total) => progress?.(total === undefined || total === 0 ? 0 : Math.floor((read / total) * 100)),
    });
    return result.ok ? { ok: true, report: result.report } : { ok: false, error: result.error };
  } finally {
    subscription.dispose();
  }
}

/** Registers the request on the connection (one line in main.ts). */
export function registerCaptureService(connection: Connection): void {
  connection.onRequest(ANALYSE_CAPTURE_METHOD, async (params: AnalyseCaptureParams, token: CancellationToken) => {
    const reporter = await connection.window.attachWorkDoneProgress(params.workDoneToken);
    reporter.begin('Reading the capture', 0, undefined, true);
    let last = -1;
    try {
      return await analyseCapture(params, token, (percent) => {
        if (percent === last) return;
        last = percent;
        reporter.report(percent, `${percent}%`);
      });
    } finally {
      reporter.done();
    }
  });
}
