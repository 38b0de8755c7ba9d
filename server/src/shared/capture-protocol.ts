// The language server's capture request as both sides of the wire see it: the client sends a path, the server
// reads the capture (streamed, with work-done progress, cancelled by $/cancelRequest) and answers with the report.
// Types and names only, so that the VS Code client can import it without pulling in any engine code.
import type { CapturedConnectionReport } from '../capture/analyse-connection';
import type { CaptureReport } from '../capture/diagnose-capture';
import type { LadderStep } from '../capture/ladder';

export const ANALYSE_CAPTURE_METHOD = 'apigeeTls/analyseCapture';

export interface AnalyseCaptureParams {
  /** Absolute local path of the .pcap/.pcapng file. */
  path: string;
  /** Where the capture was taken (default southbound: Apigee calling a backend). */
  side?: 'southbound' | 'northbound';
  profile?: 'apigeex' | 'edge';
  /** Absolute paths of PEM files whose certificates judge the server's chain; absent or empty: the system roots. */
  caFiles?: string[];
  /** Absolute path of an NSS key log (SSLKEYLOGFILE) of the capture's clients: it opens their TLS 1.3 handshakes. */
  keyLogFile?: string;
  /** LSP work-done progress: the server reports the share of the file read. */
  workDoneToken?: string | number;
}

export type CaptureErrorCode =
  | 'not-a-capture'
  | 'unsupported-link-type'
  | 'truncated-header'
  | 'unreadable'
  | 'cancelled'
  | 'bad-ca-file'
  | 'bad-keylog-file'
  /** The analysis stopped: it ran out of its memory, or its worker failed. */
  | 'analysis-failed';

export type AnalyseCaptureResult = { ok: true; report: CaptureReport } | { ok: false; error: { code: CaptureErrorCode; message: string } };

export type { CaptureReport, CapturedConnectionReport, LadderStep };
