// The work behind `apigeeTls/analyseCapture`, in whichever thread runs it (the capture worker): the CA files and
// the key log read, the capture read and judged, progress as the share of the file read. It only reads files.
import { diagnoseCapture } from '../capture/diagnose-capture';
import { captureReportJson } from '../capture/report-json';
import { readKeyLogFile, type KeyLog } from '../capture/keylog';
import { trustFromPem, uncheckedTrust, type TrustStore } from '../diagnosis/trust';
import { readNamedText } from '../fs/regular-file';
import type { AnalyseCaptureParams, AnalyseCaptureResult } from '../shared/capture-protocol';

/** A CA file's text; the error names the file. */
function textOf(file: string): string {
  try {
    return readNamedText(file);
  } catch (error) {
    throw new Error(`'${file}' ${(error as Error).message.replace(/^it /, '')}`, { cause: error });
  }
}

function trustOf(caFiles: readonly string[]): TrustStore | { problem: string } {
  if (caFiles.length === 0) return uncheckedTrust();
  try {
    return trustFromPem(caFiles.map((file) => ({ name: file, text: textOf(file) })));
  } catch (error) {
    return { problem: `cannot use the CA files: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function keyLogOf(file: string | undefined): KeyLog | { problem: string } | undefined {
  if (file === undefined) return undefined;
  try {
    return readKeyLogFile(file);
  } catch (error) {
    return { problem: `cannot read the key log ${file}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The report of the capture at `params.path`; `progress` hears each new whole percent of the file read. */
export async function analyseCaptureFile(params: AnalyseCaptureParams, progress: (percent: number) => void): Promise<AnalyseCaptureResult> {
  const trust = trustOf(params.caFiles ?? []);
  if ('problem' in trust) return { ok: false, error: { code: 'bad-ca-file', message: trust.problem } };
  const keyLog = keyLogOf(params.keyLogFile);
  if (keyLog !== undefined && 'problem' in keyLog) return { ok: false, error: { code: 'bad-keylog-file', message: keyLog.problem } };
  const name = params.path.split(/[\\/]/).at(-1) ?? params.path;
  let last = -1;
  const result = await diagnoseCapture(params.path, name, {
    trust,
    profile: params.profile ?? 'apigeex',
    side: params.side ?? 'southbound',
    keyLog,
    onProgress: (read, total) => {
      const percent = total === undefined || total === 0 ? 0 : Math.floor((read / total) * 100);
      if (percent !== last) progress((last = percent));
    },
  });
  return result.ok ? { ok: true, report: captureReportJson(result.report, { evidence: true }) } : { ok: false, error: result.error };
}
