// `npm run bench -- lsp-problems`: `apigeeTls.problems: workspace` (issue 20) does not slow typing. A generated
// workspace of 1,400 bundles (2,800 TargetEndpoints, each with a per-file finding), one of them open, against
// dist/server.js over stdio with the debounce at 0. Every edit of the open file makes the model lint again, and with
// `workspace` the 2,800 files are judged again in batches behind it: the edits below land while that runs.
//  (a) With `workspace`: from `initialized` to the per-file findings of all 2,800 never-opened files published.
//  (b) didChange → publishDiagnostics of the open file (its version), and a hover in it, p50/p95, under `openFiles`
//      and under `workspace`, and their ratio.
// Figures only: nothing here fails on a missed target.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { delay, LspClient, type LspMessage } from './lsp-client';
import { quantile } from './stats';

const ROOT = path.resolve(__dirname, '../..');
const SERVER = path.join(ROOT, 'dist', 'server.js');
const BUNDLES = 1400;
const EDITS = Number(process.env['BENCH_LSP_PROBLEMS_EDITS'] ?? 40);
const WARMUP = 5;

const endpoint = (name: string, protocol: string): string =>
  `<TargetEndpoint name="${name}">\n  <HTTPTargetConnection>\n    <SSLInfo>\n      <Enabled>true</Enabled>\n      <Protocols>\n        <Protocol>${protocol}</Protocol>\n      </Protocols>\n    </SSLInfo>\n    <URL>https://${name}.example.com</URL>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n`;

function writeWorkspace(dir: string): string {
  for (let i = 0; i < BUNDLES; i++) {
    const targets = path.join(dir, `b${i}`, 'apiproxy', 'targets');
    fs.mkdirSync(targets, { recursive: true });
    fs.writeFileSync(path.join(targets, 'default.xml'), endpoint('default', 'TLSv1'));
    fs.writeFileSync(path.join(targets, 'legacy.xml'), endpoint('legacy', 'SSLv3'));
  }
  const open = path.join(dir, 'open', 'apiproxy', 'targets', 'default.xml');
  fs.mkdirSync(path.dirname(open), { recursive: true });
  fs.writeFileSync(open, endpoint('open', 'TLSv1'));
  return open;
}

interface Figures {
  allPublishedMs?: number;
  change: number[];
  hover: number[];
}

async function measure(dir: string, open: string, scope: 'openFiles' | 'workspace'): Promise<Figures> {
  const client = new LspClient(process.execPath, [SERVER, '--stdio']);
  const figures: Figures = { change: [], hover: [] };
  try {
    const uri = pathToFileURL(open).href;
    const published = new Set<string>();
    let allPublished: (() => void) | undefined;
    const expected = BUNDLES * 2;
    client.onNotification((m: LspMessage) => {
      if (m.method !== 'textDocument/publishDiagnostics') return;
      const p = m.params as { uri: string; diagnostics: unknown[] };
      if (p.uri !== uri && p.diagnostics.length > 0) published.add(p.uri);
      if (published.size === expected) allPublished?.();
    });
    const all = new Promise<void>((resolve) => (allPublished = resolve));
    const started = performance.now();
    await client.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }],
      capabilities: {},
      initializationOptions: { debounceMs: 0, settings: { problems: scope } },
    });
    client.notify('initialized', {});
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: endpoint('open', 'TLSv1') } });
    if (scope === 'workspace') {
      await Promise.race([all, delay(120_000)]);
      figures.allPublishedMs = performance.now() - started;
    } else {
      await client.waitFor((m) => m.method === 'window/logMessage' && /workspace indexed/.test((m.params as { message: string }).message));
    }
    await delay(500);
    for (let i = 0; i < WARMUP + EDITS; i++) {
      const version = i + 2;
      const done = client.waitFor(
        (m) =>
          m.method === 'textDocument/publishDiagnostics' &&
          (m.params as { uri: string; version?: number }).uri === uri &&
          (m.params as { version?: number }).version === version,
      );
      const t0 = performance.now();
      client.notify('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ text: endpoint('open', i % 2 === 0 ? 'TLSv1.2' : 'TLSv1') }],
      });
      await done;
      const t1 = performance.now();
      // The whole-model lint and (workspace) the 2,800 files' pass start now: the hover lands behind them.
      await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 6, character: 20 } });
      const t2 = performance.now();
      if (i >= WARMUP) {
        figures.change.push(t1 - t0);
        figures.hover.push(t2 - t1);
      }
      await delay(20);
    }
    return figures;
  } finally {
    await client.shutdown();
  }
}

const ms = (n: number): string => `${n.toFixed(1)} ms`;
const p = (values: number[]): string => `p50 ${ms(quantile(values, 0.5))}, p95 ${ms(quantile(values, 0.95))}`;
const ratio = (a: number[], b: number[], q: number): string => (quantile(b, q) / quantile(a, q)).toFixed(2);

export async function run(): Promise<void> {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigee-tls-bench-problems-'));
  try {
    const open = writeWorkspace(dir);
    const files = BUNDLES * 2;
    const openFiles = await measure(dir, open, 'openFiles');
    const workspace = await measure(dir, open, 'workspace');
    console.log(
      `(a) problems: workspace, ${files} TargetEndpoints never opened: all published ${ms(workspace.allPublishedMs ?? NaN)} after initialized (indexing included)`,
    );
    console.log(
      `(b) ${EDITS} edits of the open file after ${WARMUP} warm-up, each re-judging the ${files} files behind it: didChange → its publishDiagnostics ` +
        `openFiles ${p(openFiles.change)}; workspace ${p(workspace.change)} (p95 ×${ratio(openFiles.change, workspace.change, 0.95)})`,
    );
    console.log(
      `(c) hover in the open file right after each edit: openFiles ${p(openFiles.hover)}; workspace ${p(workspace.hover)} (p95 ×${ratio(openFiles.hover, workspace.hover, 0.95)})`,
    );
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
