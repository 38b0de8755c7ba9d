// A TCP conversation between a client and a server as TcpSpecs with their sequence numbers kept right, so that a
// test can cut, reorder, repeat or drop segments and then write them into a capture.
import { ethernet, ip, type TcpSpec } from './frames';
import type { Frame } from './writers';

export type Side = 'client' | 'server';

export interface Peer {
  ip: string;
  port: number;
}

/** 2023-11-14T22:13:20Z: capture times in the tests start here. */
export const T0 = 1_700_000_000_000;

export class Conversation {
  readonly specs: TcpSpec[] = [];
  private readonly next: Record<Side, number>;

  constructor(
    readonly client: Peer = { ip: '192.0.2.10', port: 50123 },
    readonly server: Peer = { ip: '192.0.2.20', port: 443 },
    isn: Record<Side, number> = { client: 1000, server: 900_000 },
  ) {
    this.next = { ...isn };
  }

  /** The three-way handshake. */
  open(): this {
    this.segment('client', 'S', undefined, false);
    this.next.client = (this.next.client + 1) >>> 0;
    this.segment('server', 'S', undefined);
    this.next.server = (this.next.server + 1) >>> 0;
    this.segment('client', '');
    return this;
  }

  /** `bytes` from one side, cut into segments of `size` bytes; returns the specs it added. */
  send(from: Side, bytes: Buffer, size = 1460): TcpSpec[] {
    const added: TcpSpec[] = [];
    for (let at = 0; at < bytes.length; at += size) {
      added.push(this.segment(from, 'P', bytes.subarray(at, at + size)));
    }
    return added;
  }

  fin(from: Side): TcpSpec {
    const spec = this.segment(from, 'F');
    this.next[from] = (this.next[from] + 1) >>> 0;
    return spec;
  }

  rst(from: Side): TcpSpec {
    return this.segment(from, 'R');
  }

  /** Where `from`'s next byte goes. */
  seqOf(from: Side): number {
    return this.next[from];
  }

  segment(from: Side, flags: string, payload?: Buffer, withAck = true): TcpSpec {
    const [src, dst] = from === 'client' ? [this.client, this.server] : [this.server, this.client];
    const other: Side = from === 'client' ? 'server' : 'client';
    const spec: TcpSpec = {
      src: src.ip,
      dst: dst.ip,
      sport: src.port,
      dport: dst.port,
      seq: this.next[from],
      ...(withAck ? { ack: this.next[other] } : {}),
      flags,
      ...(payload ? { payload } : {}),
    };
    this.next[from] = (this.next[from] + (payload?.length ?? 0)) >>> 0;
    this.specs.push(spec);
    return spec;
  }
}

/** Frames 1 ms apart from T0, each TCP spec wrapped by `link` (default Ethernet). */
export function framesOf(specs: TcpSpec[], link: (packet: Buffer) => Buffer = ethernet, start = T0): Frame[] {
  return specs.map((spec, i) => ({ time: start + i, data: link(ip(spec)) }));
}
