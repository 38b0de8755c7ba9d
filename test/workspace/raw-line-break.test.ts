// A developer app's attribute holding a PEM with raw line breaks (seen in a real edge.json): the Maven plugin's
// parser reads it, so the file is read on, its TargetServers judged, and lenient-json offers the escapes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseJson } from '../../server/src/documents/json/json-document';
import { applyEdits } from '../../server/src/lint/fix-all';
import { lintFile, lintWorkspace } from '../../server/src/workspace/lint-workspace';
import { checkSpans, expectSpans, loadBalanced, workspaceOf } from './support/tree';

const T = 'apiproxy/targets/default.xml';
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\nAAAA\n-----END CERTIFICATE-----';
const edgeJson = (cert: string): string =>
  `{\n  "envConfig": {"test": {"targetServers": [\n    {"name": "mtls-backend", "host": "b.example.com", "port": 443, "sSLInfo": {"enabled": "true", "clientAuthEnabled": "true"}}\n  ]}},\n` +
  `  "orgConfig": {"developerApps": {"dev@example.com": [{"name": "app", "attributes": [{"name": "cert", "value": ${cert}}]}]}}\n}\n`;

describe('a raw line break inside a JSON string', () => {
  it('is lenient-json at the string, not a fatal json-syntax', () => {
    const [f] = checkSpans('lenient-json', {
      [T]: loadBalanced('mtls-backend'),
      'edge.json': edgeJson(`«"-----BEGIN CERTIFICATE-----»\nMIIB\nAAAA\n-----END CERTIFICATE-----"`),
    });
    assert.equal(
      f!.message,
      'Line break inside a string (4 lines): the apigee-config-maven-plugin accepts it, strict JSON parsers do not. Write the line breaks as \\n.',
    );
    assert.equal(f!.severity, 'warning');
  });
  it('keeps reading the file: its TargetServers resolve', () =>
    expectSpans('unknown-target-server', {
      [T]: loadBalanced('mtls-backend', '«other»'),
      'edge.json': edgeJson(JSON.stringify(PEM).replaceAll('\\n', '\n')),
    }));
  it("the file's own lint judges its TargetServers and reports no syntax error", () => {
    const text = edgeJson(JSON.stringify(PEM).replaceAll('\\n', '\n'));
    const { root, ws } = workspaceOf({ 'edge.json': text });
    const ids = lintFile(ws, join(root, 'edge.json'), text, {}).map((f) => f.ruleId);
    assert.ok(!ids.includes('json-syntax'), ids.join());
    assert.ok(ids.includes('client-auth-incomplete'), ids.join());
  });
  it('the fix writes \\n and \\r\\n escapes: strict JSON with the same value', () => {
    const text = edgeJson('"-----BEGIN CERTIFICATE-----\r\nMIIB\nAAAA\r\n-----END CERTIFICATE-----"');
    const { root, ws } = workspaceOf({ 'edge.json': text });
    const [f] = lintWorkspace(ws)
      .get(join(root, 'edge.json'))!
      .filter((x) => x.ruleId === 'lenient-json');
    const fixed = applyEdits(text, f!.fixes[0]!.edits);
    assert.ok(parseJson(fixed));
    const app = (JSON.parse(fixed) as { orgConfig: { developerApps: Record<string, Array<{ attributes: Array<{ value: string }> }>> } })
      .orgConfig.developerApps['dev@example.com']![0]!;
    assert.equal(app.attributes[0]!.value, '-----BEGIN CERTIFICATE-----\r\nMIIB\nAAAA\r\n-----END CERTIFICATE-----');
  });
});
