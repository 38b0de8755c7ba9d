// `npm run bench -- lsp-workspace`: the language server's workspace model (issue 6, Performance), over stdio
// against dist/server.js with the debounce set to 0.
//  (a) Edit latency across files: a generated Maven project of 200 proxies whose TargetEndpoints (all open) name
//      one TargetServer, indexed together with the whole corpus (two workspace folders). Each edit renames the
//      TargetServer in test's targetServers.json (open, didChange) or renames it back: every TargetEndpoint's
//      cross-file findings change. Measured from didChange to the last of the 200 publishDiagnostics:
//      p95 ≤ 50 ms.
//  (b) Server RSS with the corpus and the project indexed and the 200 TargetEndpoints open: ≤ 150 MB.
// Figures only: nothing here fails on a missed target.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CORPUS_DIR } from '../support/corpus';
import { delay, LspClient, type LspMessage } from './lsp-client';
import { quantile } from './stats';

const ROOT = path.resolve(__dirname, '../..');
const SERVER = path.join(ROOT, 'dist', 'server.js');
const PROXIES = 200;
const WARMUP = 10;
const EDITS = Number(process.env['BENCH_LSP_WORKSPACE_EDITS'] ?? 100);

const endpoint = (i: number): string =>
  [
    `<TargetEndpoint name="default">`,
    '  <HTTPTargetConnection>',
    '    <SSLInfo>',
    '      <Enabled>true</Enabled>',
    '      <Enforce>true</Enforce>',
    '      <TrustStore>ref://ts-ref</TrustStore>',
    '    </SSLInfo>',
    '    <LoadBalancer>',
    '      <Server name="shared-backend"/>',
    '    </LoadBalancer>',
    `    <Path>/p${i}</Path>`,
    '  </HTTPTargetConnection>',
    '</TargetEndpoint>',
    '',
  ].join('\n');

const targetServers = (name: string): string =>
  JSON.stringify(
    [{ name, host: 'backend.example.com', port: 443, isEnabled: true, sSLInfo: { enabled: 'true', trustStore: 'ref://ts-ref' } }],
    null,
    2,
  ) + '\n';

function writeProject(dir: string): { endpoints: string[]; targetServersFile: string } {
  const write = (rel: string, text: string): string => {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  write('pom.xml', '<project/>');
  const endpoints = Array.from({ length: PROXIES }, (_, i) => write(`proxies/p${i}/apiproxy/targets/default.xml`, endpoint(i)));
  for (const env of ['test', 'prod']) {
    write(`resources/edge/env/${env}/references.json`, JSON.stringify([{ name: 'ts-ref', refers: 'truststore' }]));
    write(`resources/edge/env/${env}/keystores.json`, JSON.stringify([{ name: 'truststore' }]));
  }
  write('resources/edge/env/prod/targetServers.json', targetServers('shared-backend'));
  return { endpoints, targetServersFile: write('resources/edge/env/test/targetServers.json', targetServers('shared-backend')) };
}

const fmt = (n: number, digits: number): string => n.toFixed(digits);

function rss(pid: number): number | undefined {
  try {
    return Number(/^VmRSS:\s*(\d+)\s*kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
  } catch {
    return undefined;
  }
}

export async function run(): Promise<void> {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigee-tls-bench-ws-'));
  const client = new LspClient(process.execPath, [
    ...(process.env['BENCH_CPU_PROF'] ? ['--cpu-prof', '--cpu-prof-dir=.tmp/prof'] : []),
    SERVER,
    '--stdio',
  ]);
  try {
    const { endpoints, targetServersFile } = writeProject(dir);
    const folders = [CORPUS_DIR, dir].map((folder) => ({ uri: pathToFileURL(folder).href, name: path.basename(folder) }));
    const indexed = client.waitFor(
      (m) => m.method === 'window/logMessage' && /workspace indexed/.test((m.params as { message: string }).message),
    );
    const started = performance.now();
    await client.request('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: folders,
      capabilities: {},
      initializationOptions: { debounceMs: 0 },
    });
    client.notify('initialized', {});
    await indexed;
    const indexMs = performance.now() - started;

    const uris = new Set(endpoints.map((f) => pathToFileURL(f).href));
    let pending = new Set<string>();
    let allPublished: (() => void) | undefined;
    client.onNotification((m: LspMessage) => {
      if (m.method !== 'textDocument/publishDiagnostics') return;
      const uri = (m.params as { uri: string }).uri;
      if (pending.delete(uri) && pending.size === 0) allPublished?.();
    });
    const expectAll = (): Promise<void> => {
      pending = new Set(uris);
      return new Promise((resolve) => (allPublished = resolve));
    };

    const opened = expectAll();
    for (const file of endpoints)
      client.notify('textDocument/didOpen', {
        textDocument: { uri: pathToFileURL(file).href, languageId: 'xml', version: 1, text: fs.readFileSync(file, 'utf8') },
      });
    const tsUri = pathToFileURL(targetServersFile).href;
    client.notify('textDocument/didOpen', {
      textDocument: { uri: tsUri, languageId: 'json', version: 1, text: targetServers('shared-backend') },
    });
    await Promise.race([opened, delay(60_000)]);
    await delay(500);

    const times: number[] = [];
    for (let i = 0; i < WARMUP + EDITS; i++) {
      const name = i % 2 === 0 ? 'shared-backend-renamed' : 'shared-backend';
      const done = expectAll();
      const t0 = performance.now();
      client.notify('textDocument/didChange', {
        textDocument: { uri: tsUri, version: i + 2 },
        contentChanges: [{ text: targetServers(name) }],
      });
      const timedOut = await Promise.race([done.then(() => false), delay(10_000).then(() => true)]);
      if (timedOut) throw new Error(`edit ${i}: ${pending.size} TargetEndpoints not re-published within 10 s`);
      if (i >= WARMUP) times.push(performance.now() - t0);
    }
    await delay(1000);
    const memory = rss(client.pid);
    const [p50, p95] = [quantile(times, 0.5), quantile(times, 0.95)];
    console.log(
      `(a) ${PROXIES} open TargetEndpoints naming one TargetServer, corpus indexed too (in ${fmt(indexMs, 0)} ms): ` +
        `${EDITS} renames of the TargetServer after ${WARMUP} warm-up, didChange → all ${PROXIES} publishDiagnostics ` +
        `p50 ${fmt(p50, 1)} ms, p95 ${fmt(p95, 1)} ms, max ${fmt(Math.max(...times), 1)} ms (target p95 <= 50 ms)`,
    );
    console.log(
      `(b) server RSS with the corpus and the project indexed, ${PROXIES} files open: ${memory === undefined ? 'n/a' : `${fmt(memory, 0)} MB`} (target <= 150 MB)`,
    );
  } finally {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
