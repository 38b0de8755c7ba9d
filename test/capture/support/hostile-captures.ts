// Hostile captures of the third review (findings 4 and 6), written straight to a file in 1 MB chunks so that the
// 280 MB one costs no more memory to make than a small one. Each packet is Ethernet + IPv4 + a 20-byte TCP header.
//   reverse N: SYN, SYN-ACK, then N client segments in reverse order, each claiming 100 bytes and keeping none
//              (the snaplen cut them): out-of-order segments that hold no bytes.
//   syns N:    N SYNs on one 4-tuple, each with a new sequence number: each opens a connection and ends the previous.
//   timeouts N: N connections from as many client ports (and addresses past 65,000), each two SYNs to port 443 3 s apart
//              that nobody answers: N failures (timeout), all open until the capture ends.
import { closeSync, openSync, writeSync } from 'node:fs';

const SYN = 0x02;
const ACK = 0x10;
const CLIENT = [10, 0, 0, 1];
const SERVER = [10, 0, 0, 2];
const T0 = 1_700_000_000;

export type HostileKind = 'reverse' | 'syns' | 'timeouts';

/** One pcap record: its 16-byte header, then the frame; `claimed` payload bytes were sent and none captured. */
function packet(
  src: number[],
  dst: number[],
  ports: [number, number],
  seq: number,
  ack: number,
  flags: number,
  time: number,
  claimed = 0,
): Buffer {
  const frame = Buffer.alloc(54);
  frame.fill(0x11, 6, 12);
  frame.writeUInt16BE(0x0800, 12);
  frame.writeUInt8(0x45, 14);
  frame.writeUInt16BE(40 + claimed, 16);
  frame.writeUInt16BE(0x4000, 20);
  frame.writeUInt8(64, 22);
  frame.writeUInt8(6, 23);
  Buffer.from(src).copy(frame, 26);
  Buffer.from(dst).copy(frame, 30);
  frame.writeUInt16BE(ports[0], 34);
  frame.writeUInt16BE(ports[1], 36);
  frame.writeUInt32BE(seq >>> 0, 38);
  frame.writeUInt32BE(ack >>> 0, 42);
  frame.writeUInt8(5 << 4, 46);
  frame.writeUInt8(flags, 47);
  frame.writeUInt16BE(65535, 48);
  const header = Buffer.alloc(16);
  const micros = Math.round(time * 1e6);
  header.writeUInt32LE(Math.floor(micros / 1e6), 0);
  header.writeUInt32LE(micros % 1e6, 4);
  header.writeUInt32LE(frame.length, 8);
  header.writeUInt32LE(frame.length + claimed, 12);
  return Buffer.concat([header, frame]);
}

function* packets(kind: HostileKind, n: number): Generator<Buffer> {
  const client: [number, number] = [40000, 443];
  const server: [number, number] = [443, 40000];
  if (kind === 'timeouts') {
    for (const retry of [0, 1]) {
      for (let i = 0; i < n; i++) {
        const from = [10, 1, (i / 65_000) & 0xff, 1];
        yield packet(from, SERVER, [1024 + (i % 65_000), 443], i, 0, SYN, T0 + retry * 3 + i * 1e-5);
      }
    }
    return;
  }
  if (kind === 'syns') {
    for (let i = 0; i < n; i++) yield packet(CLIENT, SERVER, client, i * 1000, 0, SYN, T0 + i * 1e-6);
    return;
  }
  yield packet(CLIENT, SERVER, client, 1000, 0, SYN, T0);
  yield packet(SERVER, CLIENT, server, 5000, 1001, SYN | ACK, T0 + 0.001);
  for (let i = n; i > 0; i--) yield packet(CLIENT, SERVER, client, 1001 + i * 100, 5001, ACK, T0 + 0.002 + (n - i) * 1e-6, 100);
}

/** Writes the capture to `file` (pcap, microseconds, Ethernet, snaplen 65535). */
export function writeHostileCapture(file: string, kind: HostileKind, n: number): string {
  const fd = openSync(file, 'w');
  try {
    const header = Buffer.alloc(24);
    header.writeUInt32LE(0xa1b2c3d4, 0);
    header.writeUInt16LE(2, 4);
    header.writeUInt16LE(4, 6);
    header.writeUInt32LE(65535, 16);
    header.writeUInt32LE(1, 20);
    writeSync(fd, header);
    let chunk: Buffer[] = [];
    let size = 0;
    for (const p of packets(kind, n)) {
      chunk.push(p);
      size += p.length;
      if (size < 1 << 20) continue;
      writeSync(fd, Buffer.concat(chunk));
      chunk = [];
      size = 0;
    }
    writeSync(fd, Buffer.concat(chunk));
  } finally {
    closeSync(fd);
  }
  return file;
}
