// Node's own roots (bundled, or NODE_EXTRA_CA_CERTS) never appear in a report: the chain is the one the server sent.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { before, test } from 'node:test';
import type { Diagnosis } from '../../server/src/probe/types';
import { testPki, type Pki } from './support/pki';
import { certArgs, startOpenssl } from './support/servers';

const run = promisify(execFile);
let pki: Pki;
before(async () => {
  pki = await testPki();
});

/** The chain a child process reports, with the test root in Node's store and other.pem (another root) as trust. */
async function reportedWithTestRootInNodesStore(args: string[]): Promise<{ handshakeChain: number | string; diagnosis: Diagnosis }> {
  const server = await startOpenssl(args);
  try {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'support', 'chain-in-child.ts'), String(server.port), pki.path('unknown-root.crt')],
      { env: { ...process.env, NODE_EXTRA_CA_CERTS: pki.path('root.crt') } },
    );
    return JSON.parse(stdout) as { handshakeChain: number | string; diagnosis: Diagnosis };
  } finally {
    await server.stop();
  }
}

const subjects = (d: Diagnosis): string[] => d.chain.map((c) => c.subject);
const codes = (d: Diagnosis): string[] => d.causes.map((c) => c.code);
const sent = ['CN=localhost', 'CN=Probe Test Intermediate'];

test('leaf + intermediate sent, the root only in NODE_EXTRA_CA_CERTS: the full handshake reports the 2 sent', async () => {
  const { handshakeChain } = await reportedWithTestRootInNodesStore(certArgs(pki, 'good'));
  assert.equal(handshakeChain, 2);
});

test('the same behind a HelloRetryRequest (-groups P-384): the report lists exactly the 2 certificates sent', async () => {
  const { handshakeChain, diagnosis } = await reportedWithTestRootInNodesStore([...certArgs(pki, 'good'), '-groups', 'P-384']);
  assert.deepEqual([handshakeChain, subjects(diagnosis), codes(diagnosis)], [2, sent, ['untrusted-root']]);
});

test('the same with a mandatory client certificate (full handshakes run): exactly the 2 certificates sent', async () => {
  const { diagnosis } = await reportedWithTestRootInNodesStore([
    ...certArgs(pki, 'good'),
    '-groups',
    'P-384',
    '-Verify',
    '1',
    '-verify_return_error',
    '-CAfile',
    pki.path('root.crt'),
  ]);
  assert.deepEqual(
    [subjects(diagnosis), codes(diagnosis), diagnosis.server.clientCertificate],
    [sent, ['client-certificate-required', 'untrusted-root'], 'required'],
  );
});
