// Real forward proxies for the proxy tests and the benchmark: tinyproxy and squid (ssl-bump) from Debian, each on a free port with its
// own configuration in a temporary folder (removed on stop).
import { execFile, spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { makeSelfSignedCertificate } from '../../support/self-signed';
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

export interface InspectingProxy extends RunningProxy {
  /** The subject of the CA squid signs its minted certificates with. */
  issuer: string;
}

/**
 * squid (Debian's squid-openssl) bumping every CONNECT: it peeks at the ClientHello and answers with a certificate it
 * mints for the SNI name, signed by its own CA, as TLS-inspecting corporate proxies do.
 */
export async function startSquidBump(): Promise<InspectingProxy> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'probe-squid-'));
  // The CA squid signs with: a self-signed certificate (openssl's -x509 marks it a CA).
  await makeSelfSignedCertificate(dir, 'corp-inspection-ca');
  const run = promisify(execFile);
  await run('/usr/lib/squid/security_file_certgen', ['-c', '-s', join(dir, 'ssl_db'), '-M', '4MB']);
  const root = process.getuid?.() === 0;
  // As root squid drops to the proxy user, who must read and write the folder.
  if (root) await run('chown', ['-R', 'proxy:proxy', dir]);
  await chmod(dir, 0o755);
  const conf = [
    `http_port 127.0.0.1:${port} ssl-bump generate-host-certificates=on dynamic_cert_mem_cache_size=4MB tls-cert=${dir}/cert.pem tls-key=${dir}/key.pem`,
    `sslcrtd_program /usr/lib/squid/security_file_certgen -s ${dir}/ssl_db -M 4MB`,
    'sslcrtd_children 3 startup=1 idle=1',
    'acl step1 at_step SslBump1',
    'ssl_bump peek step1',
    'ssl_bump bump all',
    'tls_outgoing_options flags=DONT_VERIFY_PEER',
    'sslproxy_cert_error allow all',
    'http_access allow localhost',
    'http_access deny all',
    'cache deny all',
    'access_log none',
    'cache_store_log none',
    `cache_log ${dir}/cache.log`,
    `pid_filename ${dir}/squid.pid`,
    `coredump_dir ${dir}`,
    'netdb_filename none',
    'pinger_enable off',
    'shutdown_lifetime 0 seconds',
    ...(root ? ['cache_effective_user proxy'] : []),
  ];
  await writeFile(join(dir, 'squid.conf'), conf.join('\n') + '\n');
  const child = spawn('squid', ['-N', '-f', join(dir, 'squid.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const stop = async (): Promise<void> => {
    await stopChild(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, url: `http://127.0.0.1:${port}`, log: () => log, issuer: 'CN=corp-inspection-ca', stop };
}
