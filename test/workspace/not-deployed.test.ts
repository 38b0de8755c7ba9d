// Files the build never deploys (a lower-case targetservers.json in a Maven env folder, an edge.json beside a pom.xml
// that sets apigee.config.dir): said once by ignored-config-file, and everything else in them is info.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lintFile, lintWorkspace } from '../../server/src/workspace/lint-workspace';
import { checkSpans, expectSpans, json, server, workspaceOf } from './support/tree';

const POM_DIR =
  '<project>\n  <properties>\n    <apigee.config.dir>./target/resources/edge</apigee.config.dir>\n  </properties>\n</project>\n';
const EDGE = json({
  envConfig: { test: { targetServers: [server('b', { port: 8443, sSLInfo: { enabled: 'true', ignoreValidationErrors: true } })] } },
});
const LOWER = 'resources/edge/env/test/targetservers.json';
const IGNORING = json([server('b', { sSLInfo: { enabled: 'true', ignoreValidationErrors: true } })]);

/** Severities of every finding in the file (its own lint and the cross-file rules), by rule. */
function severities(files: Record<string, string>, file: string): Record<string, string> {
  const { root, ws } = workspaceOf(files);
  const path = join(root, file);
  const all = [...lintFile(ws, path, files[file]!, {}), ...(lintWorkspace(ws).get(path) ?? [])];
  return Object.fromEntries(all.map((f) => [f.ruleId, f.severity]));
}

describe('configuration the build never deploys', () => {
  it('an edge.json beside a pom.xml that sets apigee.config.dir is said once, at line 1', () => {
    const [f] = checkSpans('ignored-config-file', { 'pom.xml': POM_DIR, 'edge.json': `«{»\n${EDGE.slice(2)}` });
    assert.equal(
      f!.message,
      "pom.xml sets apigee.config.dir: the apigee-config-maven-plugin reads that folder, never 'edge.json', so nothing in it is deployed. Its other findings are shown as info only.",
    );
  });
  it('its content is judged as info', () =>
    assert.deepEqual(severities({ 'pom.xml': POM_DIR, 'edge.json': EDGE }, 'edge.json'), {
      'enforce-not-set': 'info',
      'ignore-validation-errors': 'info',
      'ignored-config-file': 'warning',
    }));
  it('without apigee.config.dir the edge.json is read and judged in full', () => {
    expectSpans('ignored-config-file', { 'pom.xml': '<project/>', 'edge.json': EDGE });
    assert.equal(severities({ 'pom.xml': '<project/>', 'edge.json': EDGE }, 'edge.json')['ignore-validation-errors'], 'warning');
  });
  it('a pom that may name the single file (apigee.config.file) keeps it', () =>
    expectSpans('ignored-config-file', {
      'pom.xml': POM_DIR.replace('</properties>', '<apigee.config.file>edge.json</apigee.config.file></properties>'),
      'edge.json': EDGE,
    }));
  it('a lower-case targetservers.json: its content is info too', () => {
    const found = severities({ [LOWER]: IGNORING }, LOWER);
    assert.equal(found['ignored-config-file'], 'warning');
    assert.ok(
      Object.entries(found).every(([id, s]) => id === 'ignored-config-file' || s === 'info'),
      JSON.stringify(found),
    );
    assert.ok(Object.keys(found).length > 1, JSON.stringify(found));
  });
});
