// Workspaces on disk for the tests: a temp folder written from {path → text}, with «marked» spans, linted
// through the same loader the CLI uses.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';
import { loadWorkspace } from '../../../server/src/workspace/load';
import type { Finding } from '../../../server/src/lint/model';
import { lintWorkspace, type WorkspaceLintOptions } from '../../../server/src/workspace/lint-workspace';
import type { Workspace } from '../../../server/src/workspace/workspace';
import { unmark } from '../../support/lint-cases';

const made: string[] = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'apigee-tls-ws-'));
  made.push(dir);
  return dir;
}

/** Writes the files (text or bytes) under a new temp folder; returns the folder. */
export function writeTree(files: Record<string, string | Uint8Array>, root = tempDir()): string {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

export function workspaceOf(files: Record<string, string | Uint8Array>): { root: string; ws: Workspace } {
  const root = writeTree(files);
  return { root, ws: loadWorkspace([root]) };
}

/** The cross-file findings of one rule, by relative path. */
export function findingsOf(
  ruleId: string,
  files: Record<string, string | Uint8Array>,
  options: WorkspaceLintOptions = {},
): Map<string, Finding[]> {
  const { root, ws } = workspaceOf(files);
  const out = new Map<string, Finding[]>();
  for (const [path, findings] of lintWorkspace(ws, options)) {
    const mine = findings.filter((f) => f.ruleId === ruleId);
    if (mine.length > 0) out.set(path.slice(root.length + 1), mine);
  }
  return out;
}

/** The rule reports exactly the «marked» spans, in every file (none when nothing is marked). */
export function expectSpans(ruleId: string, marked: Record<string, string | Uint8Array>, options?: WorkspaceLintOptions): void {
  checkSpans(ruleId, marked, options);
}

/** expectSpans, returning the findings for a closer look at their messages. */
export function checkSpans(ruleId: string, marked: Record<string, string | Uint8Array>, options?: WorkspaceLintOptions): Finding[] {
  const files: Record<string, string | Uint8Array> = {};
  const expected: string[] = [];
  for (const [path, text] of Object.entries(marked)) {
    if (typeof text !== 'string') {
      files[path] = text;
      continue;
    }
    const u = unmark(text);
    files[path] = u.text;
    for (const [a, b] of u.spans) expected.push(`${path} ${a}-${b} '${u.text.slice(a, b)}'`);
  }
  const found = findingsOf(ruleId, files, options);
  const actual = [...found].flatMap(([path, fs]) =>
    fs.map((f) => `${path} ${f.span.start}-${f.span.end} '${String(files[path]).slice(f.span.start, f.span.end)}'`),
  );
  assert.deepEqual(actual.sort(), expected.sort(), `${ruleId} spans`);
  return [...found.values()].flat();
}

// ------------------------------------------------------------------------------------------------- fixtures

export const endpoint = (connection: string, name = 'default'): string =>
  `<TargetEndpoint name="${name}">\n  <HTTPTargetConnection>\n${connection}\n  </HTTPTargetConnection>\n</TargetEndpoint>\n`;

export const loadBalanced = (...servers: string[]): string =>
  endpoint(
    `    <LoadBalancer>\n${servers.map((s) => `      <Server name="${s}"/>`).join('\n')}\n    </LoadBalancer>\n    <Path>/v1</Path>`,
  );

export const sslTarget = (ssl: string, url = 'https://api.example.com'): string =>
  endpoint(`    <SSLInfo>\n${ssl}\n    </SSLInfo>\n    <URL>${url}</URL>`);

export const json = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';

export const server = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name,
  host: `${name}.example.com`,
  port: 443,
  isEnabled: true,
  sSLInfo: { enabled: 'true' },
  ...extra,
});
