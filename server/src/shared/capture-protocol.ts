// The language server's capture request as both sides of the wire see it: the client sends a path, the server
// reads the capture (streamed, with work-done progress, cancelled by $/cancelRequest) and answers with the report.
// Types and names only, importing nothing, so that the VS Code client can import it without any engine code. The
// report is the wire's own type, not the engine's: capture/report-json.ts maps the engine's report onto it field by
// field (the CLI's `--format json` prints the same shape), so an engine refactor cannot change the contract unseen.

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

/** One message of the handshake, in the ladder the capture view draws. */
export interface LadderStep {
  from: 'client' | 'server';
  /** Milliseconds after the connection's first packet (µs precision). */
  atMs: number;
  /** "SYN ×3", "ClientHello", "ServerHello TLSv1.2 TLS_…", "Certificate (2)", "Alert fatal unknown_ca", "FIN" … */
  label: string;
  /** The message the verdict turns on (at most one per ladder). */
  decisive: boolean;
}

export interface CapturedConnectionReport {
  /** `address:port` of each side (IPv6 in brackets). */
  client: string;
  server: string;
  /** ISO 8601, or a note when the capture's timestamp is out of range. */
  startedAt: string;
  sni: string | null;
  ok: boolean;
  causes: { code: string; severity: 'error' | 'warning' | 'info'; message: string; fix: string }[];
  offered: { versions: string[]; suites: string[]; sni: string | null; signatureSchemes: string[]; sslv2Format: boolean };
  negotiated: { protocol: string; cipher: string } | null;
  alerts: { from: 'client' | 'server'; level: 'warning' | 'fatal' | null; description: string | null }[];
  chain: { subject: string; issuer: string; notBefore: string; notAfter: string; sha256: string }[];
  closedBy: { side: 'client' | 'server'; how: 'fin' | 'rst'; at: string } | null;
  ladder: LadderStep[];
  /** Observations for people (absent from the CLI's JSON). */
  evidence?: string[];
  /** Only with a key log: it opened this TLS 1.3 handshake's encrypted records. */
  decrypted?: boolean;
  /**
   * Northbound captures only (side `northbound`): the client of the profile table (docs/clients.md) the ClientHello
   * is (exact, or the closest with what differs) and, for a refused handshake, the other clients refused the same way.
   */
  northbound?: {
    client: { id: string; name: string; exact: boolean; differences: string[] } | null;
    sameFailure: { reason: string; clients: { id: string; name: string }[] } | null;
  };
}

export interface CaptureReport {
  file: string;
  format: 'pcap' | 'pcapng';
  linkTypes: number[];
  packets: number;
  truncated: boolean;
  truncation: string | null;
  /** The TLS connections judged, in capture order (the first 10,000 failing and 1,000 completed). */
  connections: CapturedConnectionReport[];
  /** TLS connections judged, listed or not, and how many failed. */
  tlsConnections: number;
  failed: number;
  /** TCP connections with no handshake to judge, by why. */
  skipped: { midstream: number; notTls: number; unanswered: number; helloMissing: number; cut: number; noPayload: number };
  skippedSummary: string | null;
  keylog?: { unlocked: number };
}
