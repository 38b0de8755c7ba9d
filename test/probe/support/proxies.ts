// Real forward proxies for the proxy tests and the benchmark: tinyproxy from Debian, each on a free port with its
// own configuration in a temporary folder (removed on stop).
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stopChild, waitForPort, type RunningServer } from './servers';

export interface RunningProxy extends RunningServer {
  /** http://127.0.0.1:port, with the credentials when BasicAuth is on. */
  url: string;
  /** What tinyproxy logged so far (its connections, refusals). */
  log(): string;
}

export interface TinyproxyOptions {
  /** BasicAuth user and password. */
  basicAuth?: { user: string; password: string };
  /** ConnectPort lines: CONNECT is allowed to these ports only (none: every port). */
  connectPorts?: number[];
  /** Upstream http host:port: every request goes on through that proxy. */
  upstream?: string;
}

export async function startTinyproxy(options: TinyproxyOptions = {}): Promise<RunningProxy> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'probe-tinyproxy-'));
  const conf = [
    `Port ${port}`,
    'Listen 127.0.0.1',
    'Timeout 30',
    'MaxClients 200',
    'LogLevel Info',
    'Allow 127.0.0.1',
    ...(options.connectPorts ?? []).map((p) => `ConnectPort ${p}`),
    ...(options.basicAuth === undefined ? [] : [`BasicAuth ${options.basicAuth.user} ${options.basicAuth.password}`]),
    ...(options.upstream === undefined ? [] : [`Upstream http ${options.upstream}`]),
  ];
  await writeFile(join(dir, 'tinyproxy.conf'), conf.join('\n') + '\n');
  const child = spawn('tinyproxy', ['-d', '-c', join(dir, 'tinyproxy.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  try {
    await waitForPort(port, child, () => log);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const auth =
    options.basicAuth === undefined
      ? ''
      : `${encodeURIComponent(options.basicAuth.user)}:${encodeURIComponent(options.basicAuth.password)}@`;
  return {
    port,
    url: `http://${auth}127.0.0.1:${port}`,
    log: () => log,
    stop: async () => {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
