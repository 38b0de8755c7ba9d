// `clients` through an HTTP proxy (tinyproxy): every client's verdict the same as direct, the report names the proxy
// (never its credentials), HTTPS_PROXY is honoured and --noproxy sends the host direct, as for `probe`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CliIO } from '../../server/src/cli/io';
import { runCli } from '../../server/src/cli/main';
import { testPki, type Pki } from './support/pki';
import { startTinyproxy, type RunningProxy } from './support/proxies';
import { certArgs, startOpenssl, type RunningServer } from './support/servers';

const PASSWORD = 'cl1ents-pw';
let pki: Pki;
let backend: RunningServer;
let proxy: RunningProxy;
before(async () => {
  pki = await testPki();
  [backend, proxy] = await Promise.all([
    startOpenssl(certArgs(pki, 'good')),
    startTinyproxy({ basicAuth: { user: 'bob', password: PASSWORD } }),
  ]);
});
after(async () => {
  await Promise.all([backend.stop(), proxy.stop()]);
});

async function clients(env: Record<string, string>, ...extra: string[]): Promise<{ json: Record<string, unknown>; text: string }> {
  let stdout = '';
  const io: CliIO = { stdout: (t) => (stdout += t), stderr: () => undefined, cwd: pki.dir, isTTY: false, env };
  const target = [`localhost:${backend.port}`, '--resolve', `localhost:${backend.port}:127.0.0.1`, '--ca', 'root.crt', '--client', 'all'];
  await runCli(['clients', ...target, '-f', 'json', ...extra], io);
  return { json: JSON.parse(stdout) as Record<string, unknown>, text: stdout };
}

const verdicts = (json: Record<string, unknown>): unknown =>
  (json.clients as { id: string; ok: boolean; protocol: string | null; cause?: string }[]).map((c) => [
    c.id,
    c.ok,
    c.protocol,
    c.cause ?? null,
  ]);

test('through the proxy (--proxy, then HTTPS_PROXY): the same verdicts as direct, the proxy named without its password', async () => {
  const direct = await clients({});
  const viaFlag = await clients({}, '--proxy', proxy.url);
  const viaEnv = await clients({ HTTPS_PROXY: proxy.url });
  const url = `http://127.0.0.1:${proxy.port}`;
  assert.deepEqual(
    [direct.json.proxy, viaFlag.json.proxy, viaEnv.json.proxy, verdicts(viaFlag.json), verdicts(viaEnv.json)],
    [null, url, url, verdicts(direct.json), verdicts(direct.json)],
  );
  assert.ok((direct.json.clients as unknown[]).length > 20);
  for (const run of [viaFlag, viaEnv]) assert.doesNotMatch(run.text, new RegExp(PASSWORD));
});

test('--noproxy naming the host: direct', async () => {
  const { json } = await clients({ HTTPS_PROXY: 'http://127.0.0.1:1' }, '--noproxy', 'localhost');
  assert.deepEqual([json.proxy, (json.clients as { ok: boolean }[]).some((c) => c.ok)], [null, true]);
});

test('a proxy URL that cannot be used: a usage error naming clients', async () => {
  let stderr = '';
  const io: CliIO = { stdout: () => undefined, stderr: (t) => (stderr += t), cwd: pki.dir, isTTY: false, env: {} };
  const code = await runCli(['clients', 'localhost:443', '--proxy', 'socks5://127.0.0.1:1080'], io);
  assert.deepEqual(
    [code, stderr.trim()],
    [
      2,
      'apigee-tls-lint: clients: --proxy: socks5:// proxies are not supported: the probe tunnels through plain HTTP proxies (http://) only',
    ],
  );
});
