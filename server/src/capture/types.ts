// What the capture reader hands out: per TCP connection, the TLS records of the handshake phase with their
// sender and time, who closed or reset it, and how much of it the capture really holds. Nothing of the
// application data is kept.

/** Milliseconds since the Unix epoch, fractional (µs survive; ns are rounded), as `new Date(time)` takes it. */
export type CaptureTime = number;

export type CaptureFormat = 'pcap' | 'pcapng';

export type CaptureErrorCode = 'not-a-capture' | 'unsupported-link-type' | 'truncated-header' | 'unreadable' | 'cancelled';

/** Why a file gives no connections at all; returned, never thrown. */
export interface CaptureError {
  code: CaptureErrorCode;
  message: string;
}

export type Side = 'client' | 'server';

/** How the client side was recognised: it sent the SYN, the ClientHello, or (weakest) other clues. */
export type ClientEvidence = 'syn' | 'client-hello' | 'server-hello' | 'port' | 'first-packet';

/** Why a direction stopped being read before the end of the capture. */
export type DirectionStop =
  /** The first record of content type 23 (application_data) was reached: the handshake phase is over. */
  | 'application-data'
  /** The first bytes are no TLS record header. */
  | 'not-tls'
  /** An SSL 2.0-compatible ClientHello (no TLS record framing). */
  | 'sslv2-hello'
  /** A record header later in the stream is invalid. */
  | 'malformed'
  /** Bytes missing from the capture where a record header was due: the framing is lost. */
  | 'gap'
  /** More handshake-phase bytes or records than the reader keeps. */
  | 'cap';

/** One TLS record of the handshake phase (or the marker of the first application_data record). */
export interface CaptureRecord {
  from: Side;
  /** When the packet carrying the record's first byte was captured. */
  time: CaptureTime;
  /** 20 change_cipher_spec, 21 alert, 22 handshake, 23 application_data (marker: fragment empty), 24 heartbeat. */
  contentType: number;
  /** The record-layer version, e.g. 0x0303. */
  version: number;
  /** The fragment length the header declares. */
  length: number;
  /**
   * The fragment (a copy); for content type 23 it is empty (application data is not kept) unless the reader was
   * asked to keep encrypted records, which TLS 1.3's handshake is made of (see CaptureOptions.keepEncrypted).
   */
  fragment: Buffer;
  /** Bytes of the fragment missing from the capture (snaplen, lost packets): zeros in `fragment`. */
  missing: number;
  /** Offset of the first missing byte in `fragment` (= length when nothing is missing). */
  completeUpTo: number;
}

export interface CaptureDirection {
  /** The direction's first payload byte was not preceded by its SYN: reading started mid-stream. */
  midstream: boolean;
  /** TCP packets seen in this direction. */
  packets: number;
  /** Set when this direction stopped being read; absent when the capture ended first. */
  stopped?: DirectionStop | undefined;
  /** Bytes of the records read that the capture lacks (lost segments, snaplen, a record cut off at the end). */
  missingBytes: number;
  /** Payload bytes the snaplen cut off this direction's segments (read before the direction stopped). */
  cutBytes: number;
}

export interface CaptureEvent {
  from: Side;
  time: CaptureTime;
}

export interface CaptureConnection {
  /** Position in the capture: connections are numbered in the order their first packet appears. */
  index: number;
  /** "ip:port", IPv6 as "[addr]:port". */
  client: string;
  server: string;
  clientEvidence: ClientEvidence;
  /** Time of the connection's first packet. */
  startedAt: CaptureTime;
  /** The client's SYNs for this connection (retransmissions included): the first's and the last's time; absent when none was seen. */
  syns?: { first: CaptureTime; last: CaptureTime; count: number } | undefined;
  /** When the server's SYN-ACK was captured; absent when none was seen. */
  synAckAt?: CaptureTime | undefined;
  /** Handshake-phase records of both directions, in capture time order. */
  records: CaptureRecord[];
  fromClient: CaptureDirection;
  fromServer: CaptureDirection;
  /** The first FIN and its sender. */
  closedBy?: CaptureEvent | undefined;
  /** The first RST and its sender. */
  resetBy?: CaptureEvent | undefined;
  /** Either direction was read from the middle of its stream (no SYN seen). */
  midstream: boolean;
  /** Something of the handshake phase is missing: a gap, a snaplen cut, or a cap. */
  truncated: boolean;
}

export interface CaptureSummary {
  format: CaptureFormat;
  /** Link types of the interfaces that carried packets, in the order they first appear. */
  linkTypes: number[];
  packets: number;
  /** Packets cut by the snaplen (caplen < original length). */
  cutPackets: number;
  /** The smallest snaplen of an interface whose packets were cut. */
  snaplen?: number | undefined;
  /** The file ends inside a packet or block, or a block is damaged: what came before is kept. */
  fileCut: boolean;
  /** Packets cut, the file cut, or a connection's handshake phase incomplete. */
  truncated: boolean;
  /** Packets that were not TCP over IPv4/IPv6 on a supported link type, by reason. */
  skipped: { linkType: number; notTcp: number; fragments: number; malformed: number; connectionsOverLimit: number };
  connections: CaptureConnection[];
}

export type CaptureResult = { ok: true; capture: CaptureSummary } | { ok: false; error: CaptureError };

export interface CaptureOptions {
  /** Handshake-phase record bytes kept per direction (default 256 KiB); beyond: stopped 'cap'. */
  maxHandshakeBytes?: number | undefined;
  /** Out-of-order bytes buffered per direction before the hole is given up (default 1 MiB). */
  maxPendingBytes?: number | undefined;
  /** Out-of-order segments held per direction before the hole is given up (default 4,096; a segment the snaplen cut counts). */
  maxPendingSegments?: number | undefined;
  /** Application_data records announced per direction before it stops (default 1). */
  applicationDataRecords?: number | undefined;
  /**
   * Keep the bytes of the application_data records read (default false): a key log can then decrypt TLS 1.3's
   * handshake in them. They count against maxHandshakeBytes.
   */
  keepEncrypted?: boolean | undefined;
  /** Connections tracked (default 100,000); packets of further ones are counted as skipped. */
  maxConnections?: number | undefined;
  /** Size of each read from a file (default 4 MiB). */
  readSize?: number | undefined;
}
