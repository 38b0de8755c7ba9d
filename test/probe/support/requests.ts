// A ProbeRequest for a local test server: Apigee X's default offer, SNI localhost, the test root trusted.
import { defaultOffer } from '../../../server/src/tls/java';
import { trustFromPem } from '../../../server/src/diagnosis/trust';
import type { ProbeRequest } from '../../../server/src/probe/types';
import type { Pki } from './pki';

export async function localRequest(pki: Pki, port: number, overrides: Partial<ProbeRequest> = {}): Promise<ProbeRequest> {
  return {
    host: 'localhost',
    port,
    sni: 'localhost',
    ...defaultOffer('apigeex'),
    trust: trustFromPem([{ name: 'root.crt', text: await pki.pem('root.crt') }]),
    certificatePolicy: { fatal: true, reason: 'SSLInfo <Enforce> is true' },
    profile: 'apigeex',
    address: '127.0.0.1',
    timeoutMs: 5000,
    ...overrides,
  };
}
