// `.apigee-tls.json`'s probe keys in `apigee-tls-lint probe`, against a real server: resolve, caFiles and sni apply
// under the flags (a flag wins), found at or above the bundle, or the working directory for a URL alone.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CliIO } from '../../server/src/cli/io';
import { runCli } from '../../server/src/cli/main';
import { writeTree } from '../cli/run-cli';
import { testPki, type Pki } from './support/pki';
import { certArgs, startOpenssl, type RunningServer } from './support/servers';

let pki: Pki;
let backend: RunningServer;
const dir = mkdtempSync(join(tmpdir(), 'apigee-tls-probe-config-'));
before(async () => {
  pki = await testPki();
  backend = await startOpenssl(certArgs(pki, 'good'));
});
after(async () => {
  await backend.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Probed {
  code: number;
  json: { ok: boolean; causes: { code: string }[]; target: unknown };
  stderr: string;
}
async function probe(cwd: string, ...argv: string[]): Promise<Probed> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, isTTY: false };
  const code = await runCli(['probe', ...argv, '--format', 'json'], io);
  return { code, json: stdout === '' ? { ok: false, causes: [], target: null } : JSON.parse(stdout), stderr };
}
const verdict = ({ code, json }: Probed) => [code, json.ok, json.causes.map((c) => c.code)];

/** A project whose .apigee-tls.json sends cfg.probe.test (resolvable nowhere) to the server, trusting its root. */
async function project(name: string, probeKeys: Record<string, unknown>): Promise<string> {
  return writeTree(dir, name, {
    '.apigee-tls.json': JSON.stringify({
      probe: { resolve: { [`cfg.probe.test:${backend.port}`]: '127.0.0.1' }, caFiles: ['certs/root.crt'], ...probeKeys },
    }),
    'certs/root.crt': await pki.pem('root.crt'),
    'apiproxy/targets/default.xml': `<TargetEndpoint name="default"><HTTPTargetConnection><SSLInfo><Enabled>true</Enabled><Enforce>true</Enforce></SSLInfo><URL>https://cfg.probe.test:${backend.port}/</URL></HTTPTargetConnection></TargetEndpoint>`,
  });
}

describe('probe reads .apigee-tls.json', () => {
  it('a URL alone: the file in the working directory gives the address and the CA files', async () => {
    assert.deepEqual(verdict(await probe(await project('url', {}), `cfg.probe.test:${backend.port}`)), [0, true, []]);
  });
  it('--bundle: the file above the bundle applies', async () => {
    const { code, json } = await probe(dir, '--bundle', join(await project('bundle', {}), 'apiproxy'));
    const results = json as unknown as { diagnosis: { ok: boolean }; trust: string }[];
    assert.deepEqual(
      [code, results.map((r) => [r.diagnosis.ok, r.trust])],
      [0, [[true, `${join(dir, 'bundle/certs/root.crt')} (given explicitly)`]]],
    );
  });
  it("flags win: --ca over caFiles, a missing CA file in the file is named as the file's", async () => {
    const p = await project('flag', { caFiles: ['certs/gone.pem'] });
    const fromFile = await probe(p, `cfg.probe.test:${backend.port}`);
    assert.deepEqual(
      [fromFile.code, fromFile.stderr],
      [
        2,
        `apigee-tls-lint: probe: cannot read the CA file '${join(p, 'certs/gone.pem')}' ("probe.caFiles" of ${join(p, '.apigee-tls.json')}): it does not exist\n`,
      ],
    );
    const flag = await probe(p, `cfg.probe.test:${backend.port}`, '--ca', join(dir, 'url/certs/root.crt'));
    assert.deepEqual(verdict(flag), [0, true, []]);
  });
  it('sni "off" in the file sends no SNI; --sni wins over it', async () => {
    const p = await project('sni', { sni: 'off' });
    const off = await probe(p, `cfg.probe.test:${backend.port}`);
    const on = await probe(p, `cfg.probe.test:${backend.port}`, '--sni', 'cfg.probe.test');
    assert.deepEqual(
      [off.json.target, on.json.target],
      [
        { host: 'cfg.probe.test', port: backend.port, sni: null },
        { host: 'cfg.probe.test', port: backend.port, sni: 'cfg.probe.test' },
      ],
    );
  });
  it('without the file, the same command cannot resolve the host', async () => {
    const empty = writeTree(dir, 'none', { 'notes.txt': '' });
    const { code, json } = await probe(empty, `cfg.probe.test:${backend.port}`, '--ca', join(dir, 'url/certs/root.crt'));
    assert.deepEqual([code, json.ok, json.causes[0]?.code], [1, false, 'dns-failure']);
  });
});
