// A handful of small, varied captures to mutate and to read in chunks: both formats and byte orders, several link
// types, IPv6, out-of-order and cut segments, a reused 4-tuple, TLS records split across segments.
import { Conversation, framesOf, T0 } from './conversation';
import { ethernet, ip, ipv6, nullLoopback, sll, sll2 } from './frames';
import { alert, applicationData, certificate, changeCipherSpec, clientHello, record, serverHello, serverHelloDone } from './tls';
import { pcap, pcapng, type NgBlock } from './writers';

function tls12(c: Conversation, size: number): Conversation {
  c.open();
  c.send('client', clientHello(300), size);
  c.send('server', Buffer.concat([serverHello(), certificate(2500), serverHelloDone()]), size);
  c.send('client', Buffer.concat([record(22, Buffer.alloc(70)), changeCipherSpec(), record(22, Buffer.alloc(40))]), size);
  c.send('server', Buffer.concat([changeCipherSpec(), record(22, Buffer.alloc(40)), applicationData(3000)]), size);
  c.send('client', alert(2, 48));
  c.fin('client');
  return c;
}

export function sampleCaptures(): Buffer[] {
  const plain = tls12(new Conversation(), 1460).specs;
  const small = tls12(new Conversation({ ip: '192.0.2.10', port: 40000 }), 97).specs;
  const v6 = tls12(new Conversation({ ip: '2001:db8::1', port: 50000 }, { ip: '2001:db8::2', port: 443 }), 500).specs;
  const shuffled = [...small.slice(0, 3), ...small.slice(3).reverse(), small[5]!];
  const cut = framesOf(plain).map((f) => ({ ...f, data: f.data.subarray(0, 120), originalLength: f.data.length }));
  const reused = [...plain, ...tls12(new Conversation(undefined, undefined, { client: 4_000_000_000, server: 7 }), 700).specs];
  const blocks = (specs = plain, interfaceId = 0, link = ethernet): NgBlock[] =>
    framesOf(specs, link).map((f, i) => ({ kind: i % 3 === 2 ? 'opb' : 'epb', interfaceId, ...f }));
  return [
    pcap(framesOf(plain), { linkType: 1 }),
    pcap(framesOf(shuffled, sll), { linkType: 113, littleEndian: false, nanosecond: true }),
    pcap(
      framesOf(v6, (p) => nullLoopback(p, true)),
      { linkType: 0 },
    ),
    pcap(cut, { linkType: 1, snaplen: 120 }),
    pcap(
      framesOf(reused, (p) => ethernet(p, [{ id: 5 }])),
      { linkType: 1 },
    ),
    pcap(
      v6.map((s, i) => ({ time: T0 + i, data: ipv6(s, [[0, Buffer.alloc(6)]]) })),
      { linkType: 101 },
    ),
    pcapng([
      { interfaces: [{ linkType: 1 }, { linkType: 276, tsresol: 9 }], blocks: [...blocks(), ...blocks(small, 1, sll2)] },
      {
        littleEndian: false,
        interfaces: [{ linkType: 101 }],
        blocks: [...blocks(v6, 0, (p) => p), { kind: 'raw', type: 5, body: Buffer.alloc(12) }],
      },
    ]),
    pcapng([
      {
        interfaces: [{ linkType: 1, snaplen: 200 }],
        blocks: framesOf(plain).map((f): NgBlock => ({ kind: 'spb', data: f.data.subarray(0, 200), originalLength: f.data.length })),
      },
    ]),
    pcap(
      plain.map((s, i) => ({ time: T0 + i, data: ip(s) })),
      { linkType: 228, modified: true },
    ),
  ];
}
