// The rule catalogue is a public contract: ids, docs, fixes, and the settings VS Code shows must agree.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../server/src/lint/registry';
import { configurationProperties, normaliseSettings, normaliseWorkspaceSettings } from '../../server/src/lint/settings';

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
  it('drops unknown rules, bad severities and bad profiles', () => {
    assert.deepEqual(
      normaliseSettings({ profile: 'nope', rules: { 'weak-cipher': 'off', 'no-such-rule': 'off', 'tls-on-http': 'loud' } }),
      {
        profile: 'auto',
        rules: { 'weak-cipher': 'off' },
      },
    );
    assert.deepEqual(normaliseSettings(null), { profile: 'auto', rules: {} });
  });
  it('lints the workspace by default, 30 days ahead', () =>
    assert.deepEqual(normaliseWorkspaceSettings(undefined), { lint: true, expiryDays: 30 }));
  it('reads apigeeTls.lint.workspace and the expiry days', () =>
    assert.deepEqual(normaliseWorkspaceSettings({ lint: { workspace: false }, certificateExpiryDays: 7 }), { lint: false, expiryDays: 7 }));
  it('ignores malformed workspace settings', () =>
    assert.deepEqual(normaliseWorkspaceSettings({ lint: 'no', certificateExpiryDays: -1 }), { lint: true, expiryDays: 30 }));
});
