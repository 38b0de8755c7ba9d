// Connections judged as the reader hands them on (when each ends) and then dropped: what is kept is bounded by
// count, whatever the size of the capture. The reports of the first MAX_LISTED.failed failing and the first
// MAX_LISTED.ok completed connections in capture order are kept; of the rest, and of connections without a
// handshake to judge, only counts.
import { analyseConversation, type CapturedConnectionReport } from './analyse-connection';
import { splitEndpoint, type CaptureJudgementOptions } from './capture-evidence';
import { TLS_SERVICE_PORTS } from './connections';
import type { CapturedConversation, ConnectionEnd } from './conversation';
import { FirstInOrder } from './first-in-order';
import type { CaptureConnection } from './types';

/** TCP connections with no TLS handshake to judge, by why. */
export interface SkippedConnections {
  /** Read from the middle: the capture began after their handshake (application data only). */
  midstream: number;
  /** One side's bytes are not TLS records (plain HTTP, SSH, …) and no ClientHello was sent. */
  notTls: number;
  /** SYNs only, no answer, but not telling: one SYN when the capture ended, or to a port with no TLS in sight. */
  unanswered: number;
  /** TLS records from the server, but the client's ClientHello is not in the capture (packets lost). */
  helloMissing: number;
  /** Payload was sent, but the snaplen cut all of it: not one TLS record header is in the capture. */
  cut: number;
  /** No payload captured either way. */
  noPayload: number;
}

/** Reports kept, by verdict. */
export const MAX_LISTED = { failed: 10_000, ok: 1_000 };

/** Unanswered, retransmitted SYNs kept while waiting to learn whether their port speaks TLS (see `add`). */
const MAX_WAITING = 10_000;

export interface Judged {
  /** The reports kept, in capture order. */
  connections: CapturedConnectionReport[];
  /** TLS connections judged (listed or not) and how many of them failed. */
  tls: number;
  failed: number;
  skipped: SkippedConnections;
  /** Connections whose TLS 1.3 handshake the key log opened. */
  unlocked: number;
}

/** Counts that show the bounds hold (tests assert on them). */
export interface JudgementStatistics {
  /** The most reports held at once (the kept ones and candidates not yet cut back). */
  reportsHeldMax: number;
  /** The most connections held while waiting for their port's verdict. */
  waitingMax: number;
}

export class JudgedConnections {
  readonly statistics: JudgementStatistics = { reportsHeldMax: 0, waitingMax: 0 };
  private readonly tlsPorts = new Set(TLS_SERVICE_PORTS);
  private readonly skipped: SkippedConnections = { midstream: 0, notTls: 0, unanswered: 0, helloMissing: 0, cut: 0, noPayload: 0 };
  private readonly reports = {
    failed: new FirstInOrder<CapturedConnectionReport>(MAX_LISTED.failed),
    ok: new FirstInOrder<CapturedConnectionReport>(MAX_LISTED.ok),
  };
  /** Failing connections never judged in full (more waited than MAX_WAITING). */
  private failedUnjudged = 0;
  private unlocked = 0;
  /** By server port: connections whose verdict depends on whether the port speaks TLS in this capture. */
  private readonly waiting = new Map<number, { kept: CaptureConnection[]; more: number }>();
  private waitingKept = 0;

  constructor(private readonly options: CaptureJudgementOptions) {}

  /**
   * A connection that ended. Retransmitted SYNs that got no answer are a timeout only to a port that speaks TLS
   * here, which a ClientHello later in the capture may show: such connections wait (SYNs only, a few hundred
   * bytes each) until the end.
   */
  add(c: CaptureConnection): void {
    const port = splitEndpoint(c.server).port;
    const first = c.records.find((r) => r.from === 'client');
    if (first?.contentType === 22 && first.fragment[0] === 1) this.tlsPorts.add(port);
    if (this.tlsPorts.has(port) || !synsMayTellTimeout(c)) return this.judge(c);
    const waiting = this.waiting.get(port) ?? { kept: [], more: 0 };
    this.waiting.set(port, waiting);
    if (this.waitingKept < MAX_WAITING) {
      waiting.kept.push(c);
      this.statistics.waitingMax = Math.max(this.statistics.waitingMax, ++this.waitingKept);
    } else waiting.more++;
  }

  /** Every connection has ended: the verdicts. */
  finish(): Judged {
    for (const [port, waiting] of this.waiting) {
      if (!this.tlsPorts.has(port)) this.skipped.unanswered += waiting.kept.length + waiting.more;
      else {
        for (const c of waiting.kept) this.judge(c);
        this.failedUnjudged += waiting.more;
      }
    }
    this.waiting.clear();
    const { failed, ok } = this.reports;
    const listed = [...failed.first(), ...ok.first()].sort((x, y) => x.rank - y.rank);
    return {
      connections: listed.map((x) => x.item),
      tls: failed.offered + ok.offered + this.failedUnjudged,
      failed: failed.offered + this.failedUnjudged,
      skipped: this.skipped,
      unlocked: this.unlocked,
    };
  }

  private judge(c: CaptureConnection): void {
    const conversation = conversationOf(c, this.tlsPorts);
    const report = analyseConversation(conversation, this.options);
    if (report === undefined) {
      this.skipped[whySkipped(c, conversation)]++;
      return;
    }
    if (report.decrypted === true) this.unlocked++;
    (report.ok ? this.reports.ok : this.reports.failed).add(c.index, report);
    this.statistics.reportsHeldMax = Math.max(this.statistics.reportsHeldMax, this.reports.ok.held + this.reports.failed.held);
  }
}

/**
 * Why a connection holds no handshake to judge. Read from the middle, bytes that do not frame as TLS may still be
 * TLS cut inside a record: such a connection counts as mid-stream, never as "not TLS".
 */
function whySkipped(c: CaptureConnection, conversation: CapturedConversation): keyof SkippedConnections {
  const payload = c.fromClient.stopped !== undefined || c.fromServer.stopped !== undefined || c.records.length > 0;
  if (c.midstream && payload) return 'midstream';
  if (conversation.notTls !== undefined) return 'notTls';
  if (unansweredSyns(c) !== undefined) return 'unanswered';
  if (c.records.length > 0) return 'helloMissing';
  return c.fromClient.cutBytes > 0 || c.fromServer.cutBytes > 0 ? 'cut' : 'noPayload';
}

/** The client's SYNs when they got nothing back (no SYN-ACK, not a packet from the server). */
function unansweredSyns(c: CaptureConnection): CaptureConnection['syns'] {
  return c.synAckAt === undefined && c.fromServer.packets === 0 ? c.syns : undefined;
}

/** Unanswered SYNs that tell a timeout to a port that speaks TLS: the client sent nothing else, retransmitted. */
function synsMayTellTimeout(c: CaptureConnection): boolean {
  const syns = unansweredSyns(c);
  return syns !== undefined && syns.count >= 2 && c.fromClient.packets === syns.count;
}

/** The reader's connection as the handshake analysis reads it; `tlsPorts`: server ports that speak TLS here. */
export function conversationOf(c: CaptureConnection, tlsPorts: ReadonlySet<number> = TLS_SERVICE_PORTS): CapturedConversation {
  const ends: ConnectionEnd[] = [];
  if (c.closedBy !== undefined) ends.push({ by: c.closedBy.from, how: 'fin', at: c.closedBy.time });
  if (c.resetBy !== undefined) ends.push({ by: c.resetBy.from, how: 'rst', at: c.resetBy.time });
  ends.sort((a, b) => a.at - b.at);
  const notTls = (['server', 'client'] as const).find((side) => {
    const stopped = (side === 'server' ? c.fromServer : c.fromClient).stopped;
    return stopped === 'not-tls' || stopped === 'malformed';
  });
  return {
    client: c.client,
    server: c.server,
    startedAt: c.startedAt,
    records: c.records.map((r) => ({
      from: r.from,
      at: r.time,
      type: r.contentType,
      version: r.version,
      length: r.length,
      fragment: r.fragment,
      cut: r.missing > 0,
    })),
    // A SYN answered by a reset and nothing else: nothing listens there.
    refused: c.syns !== undefined && c.synAckAt === undefined && c.resetBy?.from === 'server',
    syns: c.syns,
    synAckAt: c.synAckAt,
    synsUnanswered: synsMayTellTimeout(c) && tlsPorts.has(splitEndpoint(c.server).port),
    end: ends[0],
    notTls: notTls === undefined ? undefined : { from: notTls, detail: `the ${notTls}'s bytes are not TLS records` },
  };
}
