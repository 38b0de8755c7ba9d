// The rule catalogue is a public contract: ids, docs, fixes, and the settings VS Code shows must agree.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../server/src/lint/registry';
import { configurationProperties } from '../../server/src/settings';
import { normaliseSettings, normaliseWorkspaceSettings, readLintSettings, readWorkspaceSettings } from '../../server/src/settings/lint';
import { readProbeSettings } from '../../server/src/settings/probe';
import { readProblemsScope } from '../../server/src/settings/problems';

const root = resolve(__dirname, '../..');
const read = (path: string): string => readFileSync(resolve(root, path), 'utf8');

describe('rule registry', () => {
  it('has unique kebab-case ids', () => {
    const ids = RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z]+(-[a-z]+)*$/);
  });
  it('every fixable rule has a fix test, and only those', () => {
    const tested = new Set([...read('test/unit/fixes.test.ts').matchAll(/expectFix\('([\w-]+)'/g)].map((m) => m[1]));
    for (const rule of RULES)
      assert.equal(tested.has(rule.id), rule.fixable, `${rule.id}: fixable=${rule.fixable} but fix test present=${tested.has(rule.id)}`);
  });
  it('every rule has a description, a why and a fix summary', () => {
    for (const rule of RULES) assert.ok(rule.description && rule.why && rule.fix, rule.id);
  });
});

describe('settings', () => {
  it('package.json contributes exactly what the settings module defines', () => {
    const manifest = JSON.parse(read('package.json')) as { contributes: { configuration: { properties: unknown } } };
    assert.deepEqual(manifest.contributes.configuration.properties, configurationProperties(), 'run `npx tsx scripts/sync-manifest.ts`');
  });
  // Every key typed and read by one reader, its default the manifest's: reading a configuration holding only a
  // key's manifest default gives what reading none gives.
  const readEvery = (values: Record<string, unknown>) => {
    const get = (key: string) => values[key];
    return { ...readLintSettings(get), ...readWorkspaceSettings(get), ...readProbeSettings(get), problems: readProblemsScope(get) };
  };
  it('each setting has one reader: the typed readers share no field', () => {
    const get = () => undefined;
    const fields = [readLintSettings(get), readWorkspaceSettings(get), readProbeSettings(get).settings].flatMap((r) => Object.keys(r));
    assert.equal(new Set(fields).size, fields.length, fields.join(' '));
  });
  const properties = Object.entries(configurationProperties()) as [string, { default?: unknown }][];
  for (const [key, entry] of properties) {
    it(`${key}: one default, the manifest's`, () => {
      assert.ok('default' in entry, 'the manifest entry has a default');
      assert.deepEqual(readEvery({ [key]: entry.default }), readEvery({}));
    });
  }
  it('apigeeTls.problems: openFiles unless workspace is asked for', () => {
    assert.equal(
      readProblemsScope(() => undefined),
      'openFiles',
    );
    assert.equal(
      readProblemsScope(() => 'workspace'),
      'workspace',
    );
    assert.equal(
      readProblemsScope(() => 'everything'),
      'openFiles',
    );
  });
  it('drops unknown rules, bad severities and bad profiles', () => {
    assert.deepEqual(
      normaliseSettings({ profile: 'nope', rules: { 'weak-cipher': 'off', 'no-such-rule': 'off', 'tls-on-http': 'loud' } }),
      {
        enabled: true,
        profile: 'auto',
        rules: { 'weak-cipher': 'off' },
      },
    );
    assert.deepEqual(normaliseSettings(null), { enabled: true, profile: 'auto', rules: {} });
    assert.equal(normaliseSettings({ enable: false }).enabled, false);
    assert.equal(normaliseSettings({ enable: 'no' }).enabled, true, 'a malformed value falls back to the default');
  });
  it('lints the workspace by default, 30 days ahead', () =>
    assert.deepEqual(normaliseWorkspaceSettings(undefined), { lint: true, expiryDays: 30 }));
  it('reads apigeeTls.lint.workspace and the expiry days', () =>
    assert.deepEqual(normaliseWorkspaceSettings({ lint: { workspace: false }, certificateExpiryDays: 7 }), { lint: false, expiryDays: 7 }));
  it('ignores malformed workspace settings', () =>
    assert.deepEqual(normaliseWorkspaceSettings({ lint: 'no', certificateExpiryDays: -1 }), { lint: true, expiryDays: 30 }));
});
