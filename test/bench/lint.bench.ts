// `npm run bench -- lint`: the lint engine, CLI and language server against their targets (issue 2).
//  (a) CLI on 30 corpus bundles in one run vs apigeelint 2.85.1 run once per bundle (as it requires), process
//      start included, wall-clock medians of N repetitions: target ≥ 20x.
//  (b) engine throughput over the corpus XML files, and over TargetEndpoint/ServiceCallout files only: ≥ 20 MB/s.
//  (c) edit latency on a generated 2,000-line TargetEndpoint: didChange → matching publishDiagnostics from
//      dist/server.js --stdio with the debounce set to 0 (initializationOptions.debounceMs), plus the engine
//      call alone: p50 ≤ 5 ms, p95 ≤ 15 ms.
//  (d) server memory (VmRSS) with the whole corpus open through didOpen: ≤ 150 MB.
// Figures only: nothing here fails on a missed target (shared machines are noisy); the table says which are met.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { corpusBundles, corpusFiles, corpusXmlFiles } from '../support/corpus';
import { delay, LspClient, type LspMessage } from './lsp-client';
import { quantile } from './stats';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'apigee-tls-lint');
const SERVER = path.join(ROOT, 'dist', 'server.js');
const APIGEELINT_VERSION = '2.85.1';
const APIGEELINT_DIR = path.join(ROOT, 'node_modules', '.cache', `apigeelint-${APIGEELINT_VERSION}`);

const CLI_RUNS = Number(process.env['BENCH_CLI_RUNS'] ?? 7);
const APIGEELINT_RUNS = Number(process.env['BENCH_APIGEELINT_RUNS'] ?? 3);
const THROUGHPUT_RUNS = 15;
const EDIT_WARMUP = 30;
const EDITS = 300;

interface Row {
  figure: string;
  value: string;
  target: string;
  met: boolean | undefined;
}

export async function run(): Promise<void> {
  build();
  const rows: Row[] = [];
  rows.push(...(await cliVersusApigeelint()));
  rows.push(...throughput());
  rows.push(...(await editLatency()));
  rows.push(...(await serverMemory()));
  printTable(rows);
}

// ---------------------------------------------------------------------------------------------- helpers

/** The LSP handshake the benches open with: no client capabilities, re-lint on change not debounced. */
async function initialize(client: LspClient): Promise<void> {
  await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { debounceMs: 0 } });
  client.notify('initialized', {});
}

function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

function fmt(n: number, digits = 1): string {
  return n.toFixed(digits);
}

function printTable(rows: Row[]): void {
  const w0 = Math.max(...rows.map((r) => r.figure.length), 6);
  const w1 = Math.max(...rows.map((r) => r.value.length), 5);
  const w2 = Math.max(...rows.map((r) => r.target.length), 6);
  console.log(`\n${'figure'.padEnd(w0)}  ${'value'.padStart(w1)}  ${'target'.padEnd(w2)}  met`);
  console.log(`${'-'.repeat(w0)}  ${'-'.repeat(w1)}  ${'-'.repeat(w2)}  ---`);
  for (const r of rows) {
    console.log(
      `${r.figure.padEnd(w0)}  ${r.value.padStart(w1)}  ${r.target.padEnd(w2)}  ${r.met === undefined ? '' : r.met ? 'yes' : 'NO'}`,
    );
  }
}

type Engine = typeof import('./engine-entry');
let engine: Engine;

/**
 * dist/ is what the CLI and the server run: build it so the figures are for the current sources. The engine
 * figures use the same esbuild bundling (out/bench/engine.js).
 */
function build(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const outfile = path.join(ROOT, 'out', 'bench', 'engine.js');
  buildSync({
    entryPoints: [path.join(__dirname, 'engine-entry.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    outfile,
    logLevel: 'warning',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  engine = require(outfile) as Engine;
}

/** Runs a command to completion; resolves with its exit code and stdout (any exit code is fine). */
function runProcess(command: string, args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8') }));
  });
}

// ------------------------------------------------------------------------------- (a) CLI vs apigeelint

/** apigeelint's cli.js: APIGEELINT_CLI, else a private install under node_modules/.cache (made with npm when missing). */
function apigeelintCli(): string | undefined {
  const fromEnv = process.env['APIGEELINT_CLI'];
  if (fromEnv !== undefined) return fromEnv;
  const cli = path.join(APIGEELINT_DIR, 'node_modules', 'apigeelint', 'cli.js');
  if (!fs.existsSync(cli)) {
    console.log(`installing apigeelint@${APIGEELINT_VERSION} into ${path.relative(ROOT, APIGEELINT_DIR)} (once) ...`);
    fs.mkdirSync(APIGEELINT_DIR, { recursive: true });
    try {
      execFileSync(
        'npm',
        ['install', '--prefix', APIGEELINT_DIR, '--no-save', '--no-audit', '--no-fund', `apigeelint@${APIGEELINT_VERSION}`],
        {
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
    } catch {
      return undefined;
    }
  }
  const version = (JSON.parse(fs.readFileSync(path.join(path.dirname(cli), 'package.json'), 'utf8')) as { version: string }).version;
  if (version !== APIGEELINT_VERSION) console.log(`note: apigeelint ${version} found, not ${APIGEELINT_VERSION}`);
  return cli;
}

/** 30 bundles spread evenly over the sorted corpus (deterministic). */
function pickBundles(count: number): string[] {
  const all = corpusBundles();
  if (all.length <= count) return all;
  return Array.from({ length: count }, (_, i) => all[Math.floor((i * all.length) / count)]!);
}

async function cliVersusApigeelint(): Promise<Row[]> {
  const bundles = pickBundles(30);
  const ours = async (): Promise<number> => {
    const t0 = performance.now();
    const r = await runProcess(process.execPath, [BIN, 'lint', ...bundles, '--format', 'json']);
    const ms = performance.now() - t0;
    if (r.code === 2) throw new Error('apigee-tls-lint lint failed (exit 2)');
    return ms;
  };
  // Sanity: one run covers every bundle.
  const check = await runProcess(process.execPath, [BIN, 'lint', ...bundles, '--format', 'json']);
  const results = JSON.parse(check.stdout) as Array<{ filePath: string }>;
  const covered = bundles.filter((b) => results.some((r) => r.filePath.startsWith(b + path.sep))).length;
  await ours(); // warm the file cache
  const oursTimes: number[] = [];
  for (let i = 0; i < CLI_RUNS; i++) oursTimes.push(await ours());
  const oursMs = median(oursTimes);
  console.log(
    `(a) apigee-tls-lint lint <${bundles.length} bundles> --format json, one process: median ${fmt(oursMs, 0)} ms of ${CLI_RUNS} runs ` +
      `(${results.length} files reported, ${covered}/${bundles.length} bundles covered)`,
  );

  const cli = apigeelintCli();
  if (cli === undefined) {
    console.log('(a) apigeelint could not be installed: comparison skipped');
    return [{ figure: 'CLI, 30 bundles, one run', value: `${fmt(oursMs, 0)} ms`, target: '-', met: undefined }];
  }
  const apigeelintOnce = async (): Promise<number> => {
    const t0 = performance.now();
    for (const bundle of bundles) {
      const r = await runProcess(process.execPath, [cli, '-s', bundle, '-f', 'json.js', '--profile', 'apigeex', '--norc']);
      if (!r.stdout.trimStart().startsWith('[')) throw new Error(`apigeelint gave no JSON for ${bundle} (exit ${r.code})`);
    }
    return performance.now() - t0;
  };
  const theirTimes: number[] = [];
  for (let i = 0; i < APIGEELINT_RUNS; i++) theirTimes.push(await apigeelintOnce());
  const theirMs = median(theirTimes);
  const ratio = theirMs / oursMs;
  console.log(
    `(a) apigeelint ${APIGEELINT_VERSION} -s <bundle> -f json.js --profile apigeex, once per bundle: median ${fmt(theirMs, 0)} ms of ${APIGEELINT_RUNS} runs ` +
      `(${fmt(theirMs / bundles.length, 0)} ms a bundle); ratio ${fmt(ratio)}x`,
  );
  return [
    { figure: 'CLI, 30 bundles, one run (median)', value: `${fmt(oursMs, 0)} ms`, target: '', met: undefined },
    { figure: 'apigeelint, 30 runs (median)', value: `${fmt(theirMs, 0)} ms`, target: '', met: undefined },
    { figure: 'CLI speed-up vs apigeelint', value: `${fmt(ratio)}x`, target: '>= 20x', met: ratio >= 20 },
  ];
}

// ----------------------------------------------------------------------------------- (b) throughput

function throughput(): Row[] {
  const files = corpusXmlFiles().map((f) => ({ ...f, text: fs.readFileSync(f.path, 'utf8') }));
  const tls = files.filter((f) => {
    const root = engine.sniffRootName(f.text);
    return root === 'TargetEndpoint' || root === 'ServiceCallout';
  });
  const measure = (set: typeof files, work: (f: (typeof files)[number]) => unknown): { mbps: number; mb: number } => {
    const bytes = set.reduce((n, f) => n + Buffer.byteLength(f.text, 'utf8'), 0);
    for (let i = 0; i < 20; i++) for (const f of set) work(f); // warm-up: the JIT settles after ~20 passes
    const times: number[] = [];
    for (let i = 0; i < THROUGHPUT_RUNS; i++) {
      const t0 = performance.now();
      for (const f of set) work(f);
      times.push(performance.now() - t0);
    }
    return { mbps: bytes / 1e6 / (median(times) / 1000), mb: bytes / 1e6 };
  };
  const lint = (f: (typeof files)[number]): unknown => engine.lintText(f.text, { inBundle: f.inBundle });
  const all = measure(files, lint);
  const te = measure(tls, lint);
  const parseOnly = measure(tls, (f) => engine.parseXml(f.text));
  console.log(
    `(b) lintText over ${files.length} corpus XML files (${fmt(all.mb, 2)} MB): ${fmt(all.mbps)} MB/s; ` +
      `${tls.length} TargetEndpoint/ServiceCallout files (${fmt(te.mb, 2)} MB): ${fmt(te.mbps)} MB/s (parseXml alone ${fmt(parseOnly.mbps)} MB/s); median of ${THROUGHPUT_RUNS} passes`,
  );
  return [
    { figure: 'engine throughput, all corpus XML', value: `${fmt(all.mbps)} MB/s`, target: '>= 20 MB/s', met: all.mbps >= 20 },
    { figure: 'engine throughput, TargetEndpoint/ServiceCallout', value: `${fmt(te.mbps)} MB/s`, target: '>= 20 MB/s', met: te.mbps >= 20 },
  ];
}

// --------------------------------------------------------------------------------- (c) edit latency

/** A TargetEndpoint of about `lines` lines: many conditional flows, then an HTTPTargetConnection with SSLInfo. */
export function bigTargetEndpoint(lines = 2000): string {
  const head = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<TargetEndpoint name="default">',
    '    <Description>Generated for the edit-latency benchmark</Description>',
    '    <FaultRules/>',
    '    <PreFlow name="PreFlow">',
    '        <Request>',
    '            <Step>',
    '                <Name>AM-Set-Target-Headers</Name>',
    '            </Step>',
    '        </Request>',
    '        <Response/>',
    '    </PreFlow>',
    '    <Flows>',
  ];
  const tail = [
    '    </Flows>',
    '    <PostFlow name="PostFlow">',
    '        <Request/>',
    '        <Response/>',
    '    </PostFlow>',
    '    <HTTPTargetConnection>',
    '        <SSLInfo>',
    '            <Enabled>true</Enabled>',
    '            <Enforce>true</Enforce>',
    '            <ClientAuthEnabled>true</ClientAuthEnabled>',
    '            <KeyStore>ref://backend-keystore</KeyStore>',
    '            <KeyAlias>backend-client</KeyAlias>',
    '            <TrustStore>ref://backend-truststore</TrustStore>',
    '            <IgnoreValidationErrors>false</IgnoreValidationErrors>',
    '            <Protocols>',
    '                <Protocol>TLSv1.2</Protocol>',
    '                <Protocol>TLSv1.1</Protocol>',
    '            </Protocols>',
    '            <Ciphers>',
    '                <Cipher>TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256</Cipher>',
    '                <Cipher>TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384</Cipher>',
    '            </Ciphers>',
    '            <CommonName wildcardMatch="true">*.backend.example.com</CommonName>',
    '        </SSLInfo>',
    '        <Properties>',
    '            <Property name="io.timeout.millis">30000</Property>',
    '        </Properties>',
    '        <URL>https://api.backend.example.com/v1</URL>',
    '    </HTTPTargetConnection>',
    '</TargetEndpoint>',
  ];
  const flows: string[] = [];
  for (let i = 0; head.length + flows.length + tail.length < lines; i++) {
    flows.push(
      `        <Flow name="get-item-${i}">`,
      `            <Description>Item ${i}: read</Description>`,
      '            <Request>',
      '                <Step>',
      `                    <Name>AM-Item-${i}</Name>`,
      '                    <Condition>request.header.x-debug = "true"</Condition>',
      '                </Step>',
      '            </Request>',
      '            <Response>',
      '                <Step>',
      `                    <Name>JS-Shape-${i}</Name>`,
      '                </Step>',
      '            </Response>',
      `            <Condition>(proxy.pathsuffix MatchesPath "/items/${i}") and (request.verb = "GET")</Condition>`,
      '        </Flow>',
    );
  }
  return [...head, ...flows, ...tail].join('\n') + '\n';
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

/** The edits a person makes: alternately toggle TLSv1.1/TLSv1.2 in SSLInfo and type/delete in a flow's Description. */
function* edits(initial: string): Generator<{ start: number; end: number; newText: string }> {
  let text = initial;
  for (let i = 0; ; i++) {
    let edit: { start: number; end: number; newText: string };
    if (i % 2 === 0) {
      const at = text.lastIndexOf('<Protocol>TLSv1.') + '<Protocol>TLSv1.'.length;
      edit = { start: at, end: at + 1, newText: text[at] === '1' ? '2' : '1' };
    } else {
      const at = text.indexOf(': read', text.indexOf(`Item ${(i * 7) % 100}:`)) + ': read'.length;
      edit = text.startsWith('x', at) ? { start: at, end: at + 1, newText: '' } : { start: at, end: at, newText: 'x' };
    }
    text = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
    yield edit;
  }
}

async function editLatency(): Promise<Row[]> {
  const initial = bigTargetEndpoint(2000);
  const lineCount = initial.split('\n').length - 1;

  // Engine alone: lintText on each edited version.
  const engineTimes: number[] = [];
  {
    let text = initial;
    const gen = edits(initial);
    for (let i = 0; i < EDIT_WARMUP + EDITS; i++) {
      const e = gen.next().value!;
      text = text.slice(0, e.start) + e.newText + text.slice(e.end);
      const t0 = performance.now();
      engine.lintText(text, { inBundle: true });
      if (i >= EDIT_WARMUP) engineTimes.push(performance.now() - t0);
    }
  }

  // The real server over stdio, debounce off.
  const client = new LspClient(process.execPath, [SERVER, '--stdio']);
  const serverTimes: number[] = [];
  try {
    await initialize(client);
    const uri = pathToFileURL(path.join(ROOT, '.tmp', 'bench', 'apiproxy', 'targets', 'default.xml')).href;
    const published = (version: number) => (m: LspMessage) =>
      m.method === 'textDocument/publishDiagnostics' &&
      (m.params as { uri: string; version?: number }).uri === uri &&
      (m.params as { version?: number }).version === version;
    let version = 1;
    const opened = client.waitFor(published(version));
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version, text: initial } });
    await opened;
    let text = initial;
    const gen = edits(initial);
    for (let i = 0; i < EDIT_WARMUP + EDITS; i++) {
      const e = gen.next().value!;
      const range = { start: positionAt(text, e.start), end: positionAt(text, e.end) };
      text = text.slice(0, e.start) + e.newText + text.slice(e.end);
      version++;
      const answered = client.waitFor(published(version));
      const t0 = performance.now();
      client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: e.newText }] });
      await answered;
      if (i >= EDIT_WARMUP) serverTimes.push(performance.now() - t0);
    }
  } finally {
    await client.shutdown();
  }
  const [e50, e95] = [quantile(engineTimes, 0.5), quantile(engineTimes, 0.95)];
  const [s50, s95] = [quantile(serverTimes, 0.5), quantile(serverTimes, 0.95)];
  console.log(
    `(c) ${lineCount}-line TargetEndpoint, ${EDITS} edits after ${EDIT_WARMUP} warm-up: didChange → publishDiagnostics (dist/server.js --stdio, debounceMs 0) ` +
      `p50 ${fmt(s50, 2)} ms, p95 ${fmt(s95, 2)} ms, max ${fmt(Math.max(...serverTimes), 2)} ms; lintText alone p50 ${fmt(e50, 2)} ms, p95 ${fmt(e95, 2)} ms ` +
      '(the default 150 ms debounce comes on top in an editor)',
  );
  return [
    { figure: 'edit latency p50 (server, 2,000 lines)', value: `${fmt(s50, 2)} ms`, target: '<= 5 ms', met: s50 <= 5 },
    { figure: 'edit latency p95 (server, 2,000 lines)', value: `${fmt(s95, 2)} ms`, target: '<= 15 ms', met: s95 <= 15 },
    { figure: 'lintText alone p50 / p95', value: `${fmt(e50, 2)} / ${fmt(e95, 2)} ms`, target: '', met: undefined },
  ];
}

// ------------------------------------------------------------------------------------- (d) memory

function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`^${field}:\\s*(\\d+)\\s*kB`, 'm').exec(status)?.[1]);
  return kb / 1024;
}

async function serverMemory(): Promise<Row[]> {
  if (!fs.existsSync('/proc/self/status')) {
    console.log('(d) no /proc: memory figure skipped');
    return [];
  }
  const files = corpusFiles(['.xml', '.json']);
  const client = new LspClient(process.execPath, [SERVER, '--stdio']);
  try {
    await initialize(client);
    await delay(300);
    const idle = procStatus(client.pid, 'VmRSS');
    const uris = new Set(files.map((f) => pathToFileURL(f.path).href));
    const seen = new Set<string>();
    let allPublished!: () => void;
    const done = new Promise<void>((resolve) => (allPublished = resolve));
    client.onNotification((m) => {
      if (m.method !== 'textDocument/publishDiagnostics') return;
      const uri = (m.params as { uri: string }).uri;
      if (uris.has(uri)) seen.add(uri);
      if (seen.size === uris.size) allPublished();
    });
    let bytes = 0;
    for (const f of files) {
      const text = fs.readFileSync(f.path, 'utf8');
      bytes += Buffer.byteLength(text, 'utf8');
      client.notify('textDocument/didOpen', {
        textDocument: { uri: pathToFileURL(f.path).href, languageId: f.rel.endsWith('.json') ? 'json' : 'xml', version: 1, text },
      });
    }
    const t0 = performance.now();
    await Promise.race([done, delay(120_000)]);
    const openMs = performance.now() - t0;
    await delay(1000);
    const rss = procStatus(client.pid, 'VmRSS');
    const peak = procStatus(client.pid, 'VmHWM');
    console.log(
      `(d) dist/server.js --stdio: RSS ${fmt(idle, 0)} MB idle; ${seen.size}/${files.length} corpus files open (${fmt(bytes / 1e6, 1)} MB) and published in ${fmt(openMs, 0)} ms: ` +
        `RSS ${fmt(rss, 0)} MB, peak ${fmt(peak, 0)} MB`,
    );
    return [
      { figure: `server RSS, ${files.length} corpus files open`, value: `${fmt(rss, 0)} MB`, target: '<= 150 MB', met: rss <= 150 },
      { figure: 'server peak RSS (VmHWM)', value: `${fmt(peak, 0)} MB`, target: '', met: undefined },
    ];
  } finally {
    await client.shutdown();
  }
}

if (require.main === module) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
