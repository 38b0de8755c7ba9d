// `npm run bench -- lsp-codelens`: the probe's CodeLens in a large repository of proxies without environment
// configuration (code review 3, finding 7), over stdio against dist/server.js. 1,000 bundles of 16 files (a
// proxy.xml, 5 TargetEndpoints with URLs, 10 AssignMessage policies of 2 KB): 16,000 files.
//  (a) one workspace folder, no pom, no environment configuration: the lenses come from the indexed model.
//  (b) no workspace folder, a pom.xml at the top: the lenses come from a model of the file's project, kept.
// Each: the first textDocument/codeLens of an open TargetEndpoint, then p50/p95/max of the next requests
// (target p95 <= 20 ms; before the fix 350 to 1,500 ms each). Figures only: nothing here fails on a missed target.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './lsp-client';
import { quantile } from './stats';

const ROOT = path.resolve(__dirname, '../..');
const SERVER = path.join(ROOT, 'dist', 'server.js');
const BUNDLES = Number(process.env['BENCH_CODELENS_BUNDLES'] ?? 1000);
const WARMUP = 5;
const REQUESTS = Number(process.env['BENCH_CODELENS_REQUESTS'] ?? 50);

const target = (i: number, t: number): string =>
  `<TargetEndpoint name="t${t}">\n  <HTTPTargetConnection>\n    <SSLInfo><Enabled>true</Enabled></SSLInfo>\n` +
  `    <URL>https://backend-${i}-${t}.example.com/v1</URL>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n`;

const policy = (p: number): string =>
  `<AssignMessage name="am${p}">\n  <Set><Payload contentType="application/json">${'{"k":"v"},'.repeat(200)}</Payload></Set>\n</AssignMessage>\n`;

/** BUNDLES bundles of 16 files under `dir`; returns the first bundle's first TargetEndpoint. */
function writeBundles(dir: string): string {
  const write = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  for (let i = 0; i < BUNDLES; i++) {
    write(`proxy-${i}/apiproxy/proxy-${i}.xml`, `<APIProxy name="proxy-${i}"/>\n`);
    for (let t = 0; t < 5; t++) write(`proxy-${i}/apiproxy/targets/t${t}.xml`, target(i, t));
    for (let p = 0; p < 10; p++) write(`proxy-${i}/apiproxy/policies/am${p}.xml`, policy(p));
  }
  return path.join(dir, 'proxy-0/apiproxy/targets/t0.xml');
}

const fmt = (n: number): string => n.toFixed(1);

/** The server over `dir` (as its folder, or none); the first lens and the following ones, timed. */
async function measure(dir: string, file: string, folder: boolean): Promise<{ first: number; times: number[]; lenses: number }> {
  const client = new LspClient(process.execPath, [SERVER, '--stdio']);
  try {
    const indexed = client.waitFor(
      (m) => m.method === 'window/logMessage' && /workspace indexed/.test((m.params as { message: string }).message),
    );
    const rootUri = pathToFileURL(dir).href;
    await client.request('initialize', {
      processId: process.pid,
      rootUri: folder ? rootUri : null,
      ...(folder ? { workspaceFolders: [{ uri: rootUri, name: 'proxies' }] } : {}),
      capabilities: {},
      initializationOptions: { debounceMs: 0 },
    });
    client.notify('initialized', {});
    if (folder) await indexed;
    const uri = pathToFileURL(file).href;
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: fs.readFileSync(file, 'utf8') } });
    const lens = async (): Promise<[number, number]> => {
      const t0 = performance.now();
      const reply = await client.request('textDocument/codeLens', { textDocument: { uri } });
      return [performance.now() - t0, (reply.result as unknown[]).length];
    };
    const [first, lenses] = await lens();
    const times: number[] = [];
    for (let i = 0; i < WARMUP + REQUESTS; i++) {
      const [ms] = await lens();
      if (i >= WARMUP) times.push(ms);
    }
    return { first, times, lenses };
  } finally {
    await client.shutdown();
  }
}

function report(label: string, { first, times, lenses }: Awaited<ReturnType<typeof measure>>): void {
  console.log(
    `${label}: ${lenses} lens(es); first ${fmt(first)} ms; next ${REQUESTS} after ${WARMUP} warm-up ` +
      `p50 ${fmt(quantile(times, 0.5))} ms, p95 ${fmt(quantile(times, 0.95))} ms, max ${fmt(Math.max(...times))} ms (target p95 <= 20 ms)`,
  );
}

export async function run(): Promise<void> {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigee-tls-bench-lens-'));
  try {
    const file = writeBundles(dir);
    const files = `${BUNDLES * 16} files (${BUNDLES} bundles × 16)`;
    report(`(a) textDocument/codeLens, ${files}, a workspace folder, no environment configuration`, await measure(dir, file, true));
    fs.writeFileSync(path.join(dir, 'pom.xml'), '<project/>\n');
    report(`(b) textDocument/codeLens, ${files}, no workspace folder, a pom.xml at the top`, await measure(dir, file, false));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
