// apigeeTls/analyseCapture over stdio (the request the VS Code capture view sends): a committed capture judged by
// the language server, with work-done progress, a clear answer for a file that is not a capture, and hover
// answered while a hostile capture is read (the analysis runs in a worker thread).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import type { AnalyseCaptureResult } from '../../server/src/shared/capture-protocol';
import { ANALYSE_CAPTURE_METHOD } from '../../server/src/shared/capture-protocol';
import { writeHostileCapture } from '../capture/support/hostile-captures';
import { LspClient } from '../support/lsp-client';

const root = resolve(__dirname, '../..');
const fixture = (name: string): string => resolve(root, 'test/capture/fixtures', name);
let client: LspClient;

before(async () => {
  assert.ok(existsSync(resolve(root, 'dist/cli.js')), 'run `npm run build` first');
  client = new LspClient(process.execPath, [resolve(root, 'bin/apigee-tls-lint'), 'lsp', '--stdio']);
  await client.request('initialize', { processId: null, rootUri: null, capabilities: { window: { workDoneProgress: true } } });
  client.notify('initialized', {});
});
const dir = mkdtempSync(join(tmpdir(), 'capture-lsp-'));
after(async () => {
  await client.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a committed capture: the report with its verdict and ladder, and progress from begin to end', async () => {
  const since = client.notifications.length;
  const result = await client.request<AnalyseCaptureResult>(ANALYSE_CAPTURE_METHOD, {
    path: fixture('ipv6-protocol-mismatch.pcapng'),
    workDoneToken: 'capture-1',
  });
  assert.ok(result.ok);
  const [c] = result.report.connections;
  assert.deepEqual(
    [c!.causes.map((x) => x.code), c!.ladder.find((s) => s.decisive)?.label],
    [['protocol-mismatch'], 'Alert fatal protocol_version'],
  );
  const progress = client.notifications.slice(since).filter((m) => m.method === '$/progress');
  const kinds = progress.map((m) => (m.params as { value: { kind: string } }).value.kind);
  assert.deepEqual([kinds[0], kinds.at(-1)], ['begin', 'end']);
});

test("a file that is not a capture: ok false with the reader's reason", async () => {
  const result = await client.request<AnalyseCaptureResult>(ANALYSE_CAPTURE_METHOD, { path: resolve(root, 'package.json') });
  assert.deepEqual(result, {
    ok: false,
    error: { code: 'not-a-capture', message: 'the file is neither pcap nor pcapng (unknown magic number)' },
  });
});

test('a CA file that cannot be read: ok false, naming it', async () => {
  const result = await client.request<AnalyseCaptureResult>(ANALYSE_CAPTURE_METHOD, {
    path: fixture('vlan-tls12-self-signed.pcap'),
    caFiles: [resolve(root, 'no-such.pem')],
  });
  assert.ok(!result.ok && result.error.code === 'bad-ca-file' && result.error.message.includes('no-such.pem'), JSON.stringify(result));
});

test('hover is answered before the result of a capture sent first (80,000 segments in reverse order, 5.6 MB)', async () => {
  const path = writeHostileCapture(join(dir, 'reverse.pcap'), 'reverse', 80_000);
  const uri = 'file:///x/default.xml';
  const text = '<TargetEndpoint><HTTPTargetConnection><SSLInfo><Enabled>true</Enabled></SSLInfo></HTTPTargetConnection></TargetEndpoint>';
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
  const order: string[] = [];
  const capture = client.request<AnalyseCaptureResult>(ANALYSE_CAPTURE_METHOD, { path }).then((r) => order.push(`capture ${r.ok}`));
  const hover = client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 45 } });
  await Promise.all([capture, hover.then(() => order.push('hover'))]);
  assert.deepEqual(order, ['hover', 'capture true']);
});
