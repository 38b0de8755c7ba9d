// Real TLS servers on 127.0.0.1 for the probe tests and the benchmark: openssl s_server, nginx, and small
// hostile net.Servers. Each is started on a free port and stopped by its caller.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pki } from './pki';

export interface RunningServer {
  port: number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** How long a server may take to start listening before the test fails instead of waiting on. */
const START_TIMEOUT_MS = 10_000;

/** Resolves once something accepts TCP connections on the port (or rejects when the child exits first). */
export async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`server exited early: ${log()}`);
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill();
  throw new Error(`server did not start: ${log()}`);
}

/**
 * `openssl s_server -www` with the given extra arguments; certificate names are files of the PKI.
 * e.g. startOpenssl(pki, ['-cert', pki.path('good.crt'), '-key', pki.path('good.key'), '-tls1_3']).
 */
export async function startOpenssl(args: string[]): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn('openssl', ['s_server', '-accept', `127.0.0.1:${port}`, '-www', ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(deadline);
      child.kill();
      reject(new Error(`openssl s_server ${why}: ${log}`));
    };
    const deadline = setTimeout(() => fail(`printed no ACCEPT within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    child.stdout!.on('data', () => {
      if (!log.includes('ACCEPT')) return;
      clearTimeout(deadline);
      resolve();
    });
    child.once('error', (error) => fail(`did not start (${error.message})`));
    child.once('exit', () => fail('exited'));
  });
  return { port, stop: () => stopChild(child) };
}

/** The arguments for a server presenting one of the PKI's certificates, optionally with its intermediate (`inter`, or the one named). */
export function certArgs(pki: Pki, name: string, withChain: boolean | string = true): string[] {
  const chain = withChain === true ? 'inter' : withChain;
  return [
    '-cert',
    pki.path(`${name}.crt`),
    '-key',
    pki.path(`${name}.key`),
    ...(chain === false ? [] : ['-cert_chain', pki.path(`${chain}.crt`)]),
  ];
}

// Debian installs nginx in /usr/sbin, which is not on every user's PATH.
const NGINX = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';

/**
 * nginx that refuses a handshake without SNI (or with an unknown name) and serves `localhost` with the good
 * certificate: the usual "SNI required" backend.
 */
export function startSniRequiredNginx(pki: Pki): Promise<RunningServer> {
  return startNamedNginx(pki, () => 'ssl_reject_handshake on;');
}

/**
 * nginx whose default server (no SNI, or an unknown name) presents the certificate for `other.example`, and
 * `localhost` the good one: a backend that works only with SNI, though it accepts every hello.
 */
export function startDefaultCertificateNginx(pki: Pki): Promise<RunningServer> {
  return startNamedNginx(
    pki,
    (dir) => `ssl_certificate ${join(dir, 'wrong-chain.pem')}; ssl_certificate_key ${pki.path('wrong-name.key')};`,
  );
}

async function startNamedNginx(pki: Pki, defaultServer: (dir: string) => string): Promise<RunningServer> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'probe-nginx-'));
  const chain = join(dir, 'chain.pem');
  await writeFile(chain, (await pki.pem('good.crt')) + (await pki.pem('inter.crt')));
  await writeFile(join(dir, 'wrong-chain.pem'), (await pki.pem('wrong-name.crt')) + (await pki.pem('inter.crt')));
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${dir}/${t};`).join('\n');
  await writeFile(
    join(dir, 'nginx.conf'),
    `daemon off; master_process off; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events {}
http {
  access_log off; ${temp}
  server { listen 127.0.0.1:${port} ssl default_server; ${defaultServer(dir)} }
  server {
    listen 127.0.0.1:${port} ssl; server_name localhost;
    ssl_certificate ${chain}; ssl_certificate_key ${pki.path('good.key')};
    location / { return 200 "ok\\n"; }
  }
}
`,
  );
  const child = spawn(NGINX, ['-p', dir, '-e', `${dir}/error.log`, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  await waitForPort(port, child, () => log);
  return {
    port,
    stop: async () => {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface RunningServers {
  ports: number[];
  /** The server's process (its workers are its children). */
  pid: number;
  stop(): Promise<void>;
}

/**
 * One nginx (a worker per CPU) serving the good certificate and its chain on `count` ports: many healthy backends
 * that, unlike `openssl s_server`, each answer their connections in parallel.
 */
export async function startNginxBackends(pki: Pki, count: number): Promise<RunningServers> {
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const dir = await mkdtemp(join(tmpdir(), 'probe-nginx-'));
  const chain = join(dir, 'chain.pem');
  await writeFile(chain, (await pki.pem('good.crt')) + (await pki.pem('inter.crt')));
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${dir}/${t};`).join('\n');
  const servers = ports.map((port) => `  server { listen 127.0.0.1:${port} ssl; return 200 "ok\\n"; }`).join('\n');
  await writeFile(
    join(dir, 'nginx.conf'),
    `daemon off; worker_processes auto; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events { worker_connections 4096; }
http {
  access_log off; ${temp}
  ssl_certificate ${chain}; ssl_certificate_key ${pki.path('good.key')};
${servers}
}
`,
  );
  const child = spawn(NGINX, ['-p', dir, '-e', `${dir}/error.log`, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  await Promise.all(ports.map((port) => waitForPort(port, child, () => log)));
  return {
    ports,
    pid: child.pid!,
    stop: async () => {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface RawServer extends RunningServer {
  /** Resolves once every accepted connection is closed; rejects, saying how many are open, after `withinMs`. */
  allClosed(withinMs?: number): Promise<void>;
}

/** A net.Server whose connections are handed to `onConnection` (for hostile servers); tracks open sockets. */
export async function startRawServer(onConnection: (socket: net.Socket) => void): Promise<RawServer> {
  const sockets = new Set<net.Socket>();
  const whenIdle: Array<() => void> = [];
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0) for (const notify of whenIdle.splice(0)) notify();
    });
    socket.on('error', () => undefined);
    // Flowing, so that the server notices the client closing even when the handler never reads.
    socket.resume();
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    allClosed: (withinMs = 5_000) =>
      new Promise<void>((resolve, reject) => {
        if (sockets.size === 0) return resolve();
        const deadline = setTimeout(() => reject(new Error(`${sockets.size} connection(s) still open ${withinMs} ms later`)), withinMs);
        whenIdle.push(() => {
          clearTimeout(deadline);
          resolve();
        });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
