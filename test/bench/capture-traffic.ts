// The benchmarks' synthetic capture: 150 TLS 1.2 downloads of ~0.7 MB each (real ClientHello, ServerHello and
// Certificate messages, then encrypted data) and 15 handshakes refused with handshake_failure, 10 connections
// interleaved at a time, Ethernet, ~100 MB. Written batch by batch, never held whole.
import { closeSync, openSync, writeSync } from 'node:fs';
import { Conversation, T0 } from '../capture/support/conversation';
import { ethernet, ip, type TcpSpec } from '../capture/support/frames';
import {
  certificateMessage,
  handshakeRecords,
  helloMessage,
  serverHelloDoneMessage,
  serverHelloMessage,
  SUITE,
} from '../capture/support/handshakes';
import { alert, applicationData, changeCipherSpec, record } from '../capture/support/tls';
import { pcap } from '../capture/support/writers';

export const DOWNLOADS = 150;
export const FAILED = 15;
const DOWNLOAD_BYTES = 700 * 1024;
const MSS = 1448;

function download(n: number, certificate: Buffer, ports: number): TcpSpec[] {
  const c = new Conversation({ ip: '10.0.0.1', port: 20000 + ports + n }, { ip: '10.0.1.1', port: 443 }).open();
  c.send('client', handshakeRecords([helloMessage(['TLSv1.2'], 'downloads.example')]), MSS);
  const flight = [serverHelloMessage(0x0303, SUITE.ecdheEcdsaAes128Gcm), certificateMessage([certificate]), serverHelloDoneMessage()];
  c.send('server', handshakeRecords(flight), MSS);
  c.send('client', Buffer.concat([record(22, Buffer.alloc(70)), changeCipherSpec(), record(22, Buffer.alloc(40))]), MSS);
  c.send('server', Buffer.concat([changeCipherSpec(), record(22, Buffer.alloc(40))]), MSS);
  c.send('client', applicationData(400), MSS);
  const body = Buffer.concat(Array.from({ length: Math.ceil(DOWNLOAD_BYTES / 16384) }, () => applicationData(16384)));
  // The client ACKs every second segment, as delayed ACKs do.
  for (let at = 0, i = 0; at < body.length; at += MSS, i++) {
    c.segment('server', 'P', body.subarray(at, at + MSS));
    if (i % 2 === 1) c.segment('client', '');
  }
  c.fin('client');
  c.fin('server');
  return c.specs;
}

function failed(n: number, ports: number): TcpSpec[] {
  const c = new Conversation({ ip: '10.0.0.2', port: 30000 + ports + n }, { ip: '10.0.1.2', port: 443 }).open();
  c.send('client', handshakeRecords([helloMessage(['TLSv1.2'], 'refusing.example')]), MSS);
  c.send('server', alert(2, 40), MSS);
  c.fin('server');
  return c.specs;
}

/**
 * Writes the capture to `file`; `certificate` is the DER the download servers send; `start` dates the first packet;
 * `ports` shifts the client ports (copies of the traffic in one file are then other connections).
 */
export function writeTraffic(file: string, certificate: Buffer, start = T0, ports = 0): void {
  const fd = openSync(file, 'w');
  writeSync(fd, pcap([], { linkType: 1 }));
  let time = start;
  const conversations = [...Array.from({ length: DOWNLOADS }, (_, i) => i), ...Array.from({ length: FAILED }, (_, i) => -1 - i)];
  for (let batch = 0; batch < conversations.length; batch += 10) {
    const specs = conversations.slice(batch, batch + 10).map((n) => (n >= 0 ? download(n, certificate, ports) : failed(-1 - n, ports)));
    const longest = Math.max(...specs.map((s) => s.length));
    const frames = [];
    for (let i = 0; i < longest; i++) {
      for (const s of specs) if (i < s.length) frames.push({ time: (time += 0.01), data: ethernet(ip(s[i]!)) });
    }
    writeSync(fd, pcap(frames, { linkType: 1 }).subarray(24));
  }
  closeSync(fd);
}
