// The TCP connection under a full handshake, with the server's answer held back from the TLS library until
// released. A handshake can then start speculatively, in the first round trip: until it is released the server has
// our ClientHello and nothing else, exactly like a raw hello, and an abandoned one costs the server no more.
import type * as net from 'node:net';
import { Duplex } from 'node:stream';
import { MalformedError } from '../tls/wire/bytes';
import { CONTENT, HANDSHAKE, HandshakeReader, parseServerHello, RecordReader } from '../tls/wire/records';
import { dial, waitingOn } from './dial';
import { fromSocketError, type Endpoint, type SocketFailure } from './socket-failure';

export class HeldConnection extends Duplex {
  private readonly tcp: net.Socket;
  private held: Buffer[] = [];
  private ended = false;
  private released = false;
  private connectedAt = 0;
  /** What the TLS library wrote before the connection could take it (through a proxy: before the tunnel was). */
  private unsent: { chunk: Buffer; callback: (error?: Error | null) => void }[] | undefined = [];
  private endWhenOpen: ((error?: Error | null) => void) | undefined;
  private readonly records = new RecordReader();
  private readonly messages = new HandshakeReader();
  private versionKnown = false;
  private resolveVersion: (version: number | undefined) => void = () => undefined;
  /**
   * Milliseconds from our first bytes to the server's first bytes: one round trip (the server's work included; when
   * they followed a CONNECT request at once, the proxy's round trip too, which lengthens only the TLS 1.3 grace).
   */
  roundTripMs: number | undefined;
  /**
   * The version of the server's ServerHello; undefined when its answer is anything else (an alert, a close, bytes
   * that are not TLS). Settles once the answer is in, whether or not it is released.
   */
  readonly serverVersion: Promise<number | undefined>;

  constructor(
    endpoint: Endpoint,
    /**
     * A failure before the server sent anything (refused, unreachable, the proxy's refusal): the TLS library never
     * sees it.
     */
    private readonly onConnectionFailure: (failure: SocketFailure) => void,
  ) {
    super();
    this.serverVersion = new Promise((resolve) => (this.resolveVersion = resolve));
    this.tcp = dial(endpoint, {
      ready: () => this.flush(),
      open: () => this.opened(),
      failed: (failure) => this.onConnectionFailure(failure),
    });
  }

  /** What the TLS library wrote goes out, and the round trip counts from here (through a proxy, perhaps its too). */
  private flush(): void {
    this.connectedAt = Date.now();
    const unsent = this.unsent ?? [];
    this.unsent = undefined;
    for (const { chunk, callback } of unsent) this.tcp.write(chunk, callback);
    if (this.endWhenOpen !== undefined) this.tcp.end(this.endWhenOpen);
  }

  private opened(): void {
    this.tcp.on('data', (chunk: Buffer) => this.receive(chunk));
    this.tcp.on('end', () => this.endOfAnswer());
    this.tcp.on('close', () => this.endOfAnswer());
    this.tcp.on('error', (error: NodeJS.ErrnoException) => {
      // After the server's first bytes the TLS library judges what it got; an abrupt end is a close to it.
      if (this.roundTripMs === undefined) this.onConnectionFailure(fromSocketError(error));
      this.endOfAnswer();
    });
  }

  /** What the deadline found this connection waiting on (through a proxy: the proxy, or the backend in its tunnel). */
  waitingOn(): SocketFailure {
    return waitingOn(this.tcp);
  }

  /** Hands the server's answer, held and to come, to the TLS library. */
  release(): void {
    if (this.released) return;
    this.released = true;
    for (const chunk of this.held) this.push(chunk);
    this.held = [];
    if (this.ended) this.push(null);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.unsent !== undefined) this.unsent.push({ chunk, callback });
    else this.tcp.write(chunk, callback);
  }

  override _read(): void {
    // Pushed as it arrives (once released); nothing to pull.
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.unsent !== undefined) this.endWhenOpen = callback;
    else this.tcp.end(callback);
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    this.tcp.destroy();
    this.settleVersion(undefined);
    callback(error);
  }

  private receive(chunk: Buffer): void {
    this.roundTripMs ??= Date.now() - this.connectedAt;
    if (!this.versionKnown) this.readVersion(chunk);
    if (this.released) this.push(chunk);
    else this.held.push(chunk);
  }

  private endOfAnswer(): void {
    if (this.ended) return;
    this.ended = true;
    this.settleVersion(undefined);
    if (this.released) this.push(null);
  }

  private settleVersion(version: number | undefined): void {
    this.versionKnown = true;
    this.resolveVersion(version);
  }

  /** Reads only as far as the ServerHello, the first handshake message. */
  private readVersion(chunk: Buffer): void {
    try {
      this.records.push(chunk);
      for (let record = this.records.next(); record !== undefined; record = this.records.next()) {
        if (record.type !== CONTENT.handshake) return this.settleVersion(undefined);
        this.messages.push(record.fragment);
        const message = this.messages.next();
        if (message === undefined) continue;
        const hello = message.type === HANDSHAKE.serverHello ? parseServerHello(message.body) : undefined;
        return this.settleVersion(hello?.version);
      }
    } catch (error) {
      if (!(error instanceof MalformedError)) throw error;
      this.settleVersion(undefined);
    }
  }
}
