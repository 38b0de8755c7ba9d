// One TCP connection of a capture as the handshake analysis needs it: the TLS records each side sent, in capture
// order, and how the connection began and ended. The packet reader produces it; nothing here knows packets.

export type Side = 'client' | 'server';

export interface CapturedRecord {
  from: Side;
  /** Capture timestamp, epoch milliseconds (fractional). */
  at: number;
  type: number;
  version: number;
  /** The fragment length the record header declares (application data is not kept, its length is). */
  length: number;
  fragment: Buffer;
  /** Bytes of the fragment the capture lacks (snaplen, lost packets): the record cannot be parsed. */
  cut?: boolean | undefined;
}

export interface ConnectionEnd {
  by: Side;
  how: 'fin' | 'rst';
  at: number;
}

export interface CapturedConversation {
  /** "ip:port"; the client sent the SYN (or, mid-stream, the ClientHello). */
  client: string;
  server: string;
  startedAt: number;
  /** TLS records of both sides in capture order (the reader stops after each side's first application data). */
  records: CapturedRecord[];
  /** The server answered the SYN with a reset: nothing listens there. */
  refused: boolean;
  /** The client's SYNs (the first's and the last's time, how many) and the server's SYN-ACK, when captured. */
  syns?: { first: number; last: number; count: number } | undefined;
  synAckAt?: number | undefined;
  /**
   * SYNs went unanswered in a way that tells: the client sent nothing else (so it never got a SYN-ACK the capture
   * missed), retransmitted (so it waited), to a port that speaks TLS (a TLS port, or one that carried a TLS
   * handshake elsewhere in the capture).
   */
  synsUnanswered?: boolean | undefined;
  /** The first FIN or RST, if any. */
  end?: ConnectionEnd | undefined;
  /** Bytes one side sent that are not TLS records (plain HTTP to a TLS port, say). */
  notTls?: { from: Side; detail: string } | undefined;
}
