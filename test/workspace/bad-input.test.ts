// Bad input gives a clear finding or nothing: never an exception, never a hang.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadWorkspace } from '../../server/src/workspace/load';
import { workspaceFiles } from '../../server/src/workspace/files';
import { lintWorkspace } from '../../server/src/workspace/lint-workspace';
import { inventory } from '../../server/src/workspace/inventory';
import { Workspace } from '../../server/src/workspace/workspace';
import { expectSpans, json, loadBalanced, server, tempDir, writeTree } from './support/tree';

const T = 'apiproxy/targets/default.xml';

describe('bad files', () => {
  const lintsQuietly = (files: Record<string, string | Uint8Array>): void => {
    const ws = loadWorkspace([writeTree(files)]);
    assert.doesNotThrow(() => lintWorkspace(ws));
    assert.doesNotThrow(() => inventory(ws));
  };
  it('malformed JSON, XML and properties', () =>
    lintsQuietly({
      [T]: '<TargetEndpoint><HTTPTargetConnection><LoadBalancer><Server name="a"',
      'resources/edge/env/test/targetServers.json': '[{"name": "a", "host": ',
      'resources/edge/env/test/references.json': '{"not": "an array"}',
      'resources/edge/env/test/keystores.json': '\u0000\u0001\u0002',
      'resources/edge/env/test/aliases.json': '[{"alias": 1, "keystorename": null}, "x", 3]',
      'apiproxy/resources/properties/p.properties': '\\\\\\\n=\n:\n\\u12',
      'edge.json': '{"envConfig": {"test": 5, "prod": {"targetServers": {"x": 1}}}}',
    }));
  it('deeply nested JSON', () => lintsQuietly({ 'resources/edge/env/test/targetServers.json': '['.repeat(100_000) }));
  it('a reference naming itself, and one naming another reference', () =>
    lintsQuietly({
      [T]: loadBalanced('a'),
      'resources/edge/env/test/targetServers.json': json([server('a', { sSLInfo: { enabled: true, trustStore: 'ref://self' } })]),
      'resources/edge/env/test/references.json': json([
        { name: 'self', refers: 'ref://self' },
        { name: 'r2', refers: 'self' },
      ]),
    }));
  it('an unparseable environment file is read as nothing', () =>
    expectSpans('unknown-target-server', { [T]: loadBalanced('a'), 'resources/edge/env/test/targetServers.json': '{{{' }));
});

describe('scale', () => {
  it('10,000 environments', () => {
    const root = tempDir();
    const ws = new Workspace({ files: workspaceFiles({ roots: [root] }) });
    ws.setFile(join(root, T), loadBalanced('a', 'b'));
    const envConfig: Record<string, unknown> = {};
    for (let i = 0; i < 10_000; i++) envConfig[`env${i}`] = { targetServers: [server(i % 2 === 0 ? 'a' : 'b')] };
    ws.setFile(join(root, 'edge.json'), JSON.stringify({ envConfig }));
    const findings = lintWorkspace(ws).get(join(root, T)) ?? [];
    assert.equal(findings.length, 2);
    assert.equal(
      findings[0]!.message,
      "TargetServer 'a' is missing in environments env1, env1001, env1003, env1005, env1007, env1009, env101, env1011 and 4,992 more (defined in environments env0, env10, env100, env1000, env1002, env1004, env1006, env1008 and 4,992 more).",
    );
  });
  it('missing files named by the configuration are findings, not errors', () => {
    const root = writeTree({});
    mkdirSync(join(root, 'resources/edge/env/test'), { recursive: true });
    writeFileSync(
      join(root, 'resources/edge/env/test/aliases.json'),
      json([{ alias: 'a', keystorename: 'k', format: 'keycertfile', certFilePath: 'nope.pem', keyFilePath: 'nope.key' }]),
    );
    const all = [...lintWorkspace(loadWorkspace([root])).values()].flat().map((f) => f.ruleId);
    assert.deepEqual(all, ['certificate-file-missing', 'certificate-file-missing']);
  });
});
