// Run in a child process (NODE_EXTRA_CA_CERTS is read once, at start-up): what a full handshake and a whole
// diagnosis report as the chain of the server on argv[2], with the trust anchors of the PEM file argv[3].
import { readFileSync } from 'node:fs';
import { trustFromPem } from '../../../server/src/diagnosis/trust';
import { diagnose } from '../../../server/src/probe/diagnose';
import { fullHandshake } from '../../../server/src/probe/full-handshake';
import { defaultOffer } from '../../../server/src/tls/java';

async function main(): Promise<void> {
  const port = Number(process.argv[2]);
  const caFile = process.argv[3]!;
  const limits = { deadline: Date.now() + 5000 };
  const handshake = await fullHandshake({ address: '127.0.0.1', port }, { protocols: ['TLSv1.2', 'TLSv1.3'], sni: 'localhost' }, limits);
  const diagnosis = await diagnose({
    host: 'localhost',
    port,
    sni: 'localhost',
    ...defaultOffer('apigeex'),
    trust: trustFromPem([{ name: 'other.pem', text: readFileSync(caFile, 'utf8') }]),
    certificatePolicy: { fatal: true, reason: 'SSLInfo <Enforce> is true' },
    profile: 'apigeex',
    address: '127.0.0.1',
    timeoutMs: 5000,
  });
  const handshakeChain = handshake.kind === 'completed' ? handshake.certificates.length : handshake.kind;
  process.stdout.write(JSON.stringify({ handshakeChain, diagnosis }));
}

void main();
