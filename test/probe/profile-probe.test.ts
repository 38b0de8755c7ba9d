// One profile everywhere (code review 3, finding 5): `probe --bundle` judges each connection as `lint` judges its
// bundle, and says so. The review's profile-demo against a real TLS 1.1 backend (openssl s_server).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CliIO } from '../../server/src/cli/io';
import { runCli } from '../../server/src/cli/main';
import { DEMO_TARGET, EDGE_FROM_POM, profileDemo, startTls11Backend } from './support/profile-demo';
import type { RunningServer } from './support/servers';

interface Row {
  file: string;
  diagnosis: {
    judgedAs: { profile: string; why: string };
    ok: boolean;
    causes: { code: string; severity: string }[];
    negotiated: { protocol: string } | null;
  } | null;
}

let tls11: RunningServer;
let dir: string;
before(async () => {
  tls11 = await startTls11Backend();
  dir = profileDemo(tls11.port);
});
after(() => tls11.stop());

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir, isTTY: false };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

const probe = (...argv: string[]) =>
  cli('probe', '--bundle', 'apiproxy', '--resolve', `legacy.example.com:${tls11.port}:127.0.0.1`, ...argv);

/** `profile: ok, negotiated protocol, error causes` of the one connection. */
async function verdict(...argv: string[]): Promise<string> {
  const { stdout } = await probe('--format', 'json', ...argv);
  const [row] = JSON.parse(stdout) as Row[];
  const d = row!.diagnosis!;
  const errors = d.causes.filter((c) => c.severity === 'error').map((c) => c.code);
  return `${d.judgedAs.profile}: ${d.ok ? 'OK' : 'FAILS'} ${d.negotiated?.protocol ?? '-'} ${errors.join(',')}`.trim();
}

describe('probe --bundle judges as lint judges the bundle', () => {
  it('lint says the bundle is Edge', async () =>
    assert.match((await cli('lint', '.', '--verbose')).stderr, new RegExp(`apiproxy: ${EDGE_FROM_POM.replace(/[().]/g, '\\$&')}`)));
  it('auto (the default): judged as Edge, the TLS 1.1 handshake succeeds', async () => assert.equal(await verdict(), 'edge: OK TLSv1.1'));
  it('--profile auto: the same', async () => assert.equal(await verdict('--profile', 'auto'), 'edge: OK TLSv1.1'));
  it('--profile apigeex: judged as X, which cannot make this call', async () =>
    assert.equal(await verdict('--profile', 'apigeex'), 'apigeex: FAILS - unusable-configuration,protocol-mismatch'));
  it('the JSON says which runtime judged and why', async () => {
    const [row] = JSON.parse((await probe('--format', 'json')).stdout) as Row[];
    assert.deepEqual([row!.file, row!.diagnosis!.judgedAs], [DEMO_TARGET, { profile: 'edge', why: EDGE_FROM_POM }]);
  });
  it('the text report says which runtime judged and why, under the verdict', async () => {
    const { code, stdout } = await probe();
    assert.equal(code, 0);
    assert.match(stdout, /\nOK +legacy\.example\.com:\d+ \(SNI legacy\.example\.com\): .*\n {6}judged as (.*)\n/);
    assert.equal(/\n {6}judged as (.*)\n/.exec(stdout)![1], EDGE_FROM_POM);
  });
  it('an explicit --profile is named as the reason', async () => {
    const [row] = JSON.parse((await probe('--format', 'json', '--profile', 'edge')).stdout) as Row[];
    assert.deepEqual(row!.diagnosis!.judgedAs, { profile: 'edge', why: 'Apigee Edge (set by --profile edge)' });
  });
});
