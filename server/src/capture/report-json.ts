// The capture report as the wire carries it (the language server's apigeeTls/analyseCapture, the CLI's
// `capture --format json`): the engine's report mapped field by field onto the contract in shared/capture-protocol.ts,
// so that a change of the engine's types fails to compile here instead of changing the contract unseen.
import type * as Wire from '../shared/capture-protocol';
import type { CapturedConnectionReport } from './analyse-connection';
import type { CaptureReport } from './diagnose-capture';

export interface CaptureJsonOptions {
  /** Keep each connection's observations for people (the editor's view shows them; the CLI's JSON leaves them out). */
  evidence: boolean;
}

export function captureReportJson(report: CaptureReport, options: CaptureJsonOptions): Wire.CaptureReport {
  return {
    file: report.file,
    format: report.format,
    linkTypes: [...report.linkTypes],
    packets: report.packets,
    truncated: report.truncated,
    truncation: report.truncation,
    connections: report.connections.map((c) => connectionJson(c, options)),
    tlsConnections: report.tlsConnections,
    failed: report.failed,
    skipped: {
      midstream: report.skipped.midstream,
      notTls: report.skipped.notTls,
      unanswered: report.skipped.unanswered,
      helloMissing: report.skipped.helloMissing,
      cut: report.skipped.cut,
      noPayload: report.skipped.noPayload,
    },
    skippedSummary: report.skippedSummary,
    ...(report.keylog === undefined ? {} : { keylog: { unlocked: report.keylog.unlocked } }),
  };
}

function connectionJson(c: CapturedConnectionReport, options: CaptureJsonOptions): Wire.CapturedConnectionReport {
  return {
    client: c.client,
    server: c.server,
    startedAt: c.startedAt,
    sni: c.sni,
    ok: c.ok,
    causes: c.causes.map(({ code, severity, message, fix }) => ({ code, severity, message, fix })),
    offered: {
      versions: [...c.offered.versions],
      suites: [...c.offered.suites],
      sni: c.offered.sni,
      signatureSchemes: [...c.offered.signatureSchemes],
      sslv2Format: c.offered.sslv2Format,
    },
    negotiated: c.negotiated === null ? null : { protocol: c.negotiated.protocol, cipher: c.negotiated.cipher },
    alerts: c.alerts.map(({ from, level, description }) => ({ from, level, description })),
    chain: c.chain.map(({ subject, issuer, notBefore, notAfter, sha256 }) => ({ subject, issuer, notBefore, notAfter, sha256 })),
    closedBy: c.closedBy === null ? null : { side: c.closedBy.side, how: c.closedBy.how, at: c.closedBy.at },
    ladder: c.ladder.map(({ from, atMs, label, decisive }) => ({ from, atMs, label, decisive })),
    ...(options.evidence ? { evidence: [...c.evidence] } : {}),
    ...(c.decrypted === undefined ? {} : { decrypted: c.decrypted }),
    ...(c.northbound === undefined ? {} : { northbound: northboundJson(c.northbound) }),
  };
}

function northboundJson(nb: NonNullable<CapturedConnectionReport['northbound']>): NonNullable<Wire.CapturedConnectionReport['northbound']> {
  const { client, sameFailure } = nb;
  return {
    client: client === null ? null : { id: client.id, name: client.name, exact: client.exact, differences: [...client.differences] },
    sameFailure:
      sameFailure === null ? null : { reason: sameFailure.reason, clients: sameFailure.clients.map(({ id, name }) => ({ id, name })) },
  };
}
