// Re-lint on change: debounced, and work for a version that has been superseded is dropped.
import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ProfileDecision } from '../../server/src/workspace/profile-evidence';
import { DEFAULT_SETTINGS, type Settings } from '../../server/src/settings/lint';
import { LintService } from '../../server/src/lsp/lint-service';
import { ssl } from '../support/lint-cases';

const uri = 'file:///b/apiproxy/targets/default.xml';
const version = (v: number, protocol: string): TextDocument =>
  TextDocument.create(
    uri,
    'xml',
    v,
    ssl(`<Enforce>true</Enforce><TrustStore>ref://t</TrustStore><Protocols><Protocol>${protocol}</Protocol></Protocols>`),
  );

/** Lets pending promise callbacks run (setImmediate is not mocked). */
const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Settles until `done()` holds; a bounded number of turns, so a regression fails instead of spinning forever. */
async function settleUntil(what: string, done: () => boolean): Promise<void> {
  for (let turn = 0; !done(); turn++) {
    if (turn === 1_000) assert.fail(`still waiting for ${what} after ${turn} event-loop turns`);
    await settle();
  }
}

function service(debounceMs: number, settingsFor: (uri: string) => Promise<Settings> = () => Promise.resolve(DEFAULT_SETTINGS)) {
  const published: Array<{ version: number; rules: string[] }> = [];
  let resolveIdle: () => void = () => undefined;
  const idle = new Promise<void>((r) => (resolveIdle = r));
  const lint = new LintService({
    debounceMs,
    settingsFor,
    publish: (doc, findings) => {
      published.push({ version: doc.version, rules: findings.map((f) => f.ruleId) });
      resolveIdle();
    },
    log: (message) => assert.fail(message),
  });
  return { lint, published, idle };
}

describe('LintService', () => {
  it('publishes once, for the last of several quick changes', async (t) => {
    t.after(() => mock.timers.reset());
    mock.timers.enable({ apis: ['setTimeout'] });
    const { lint, published } = service(150);
    lint.schedule(version(1, 'TLSv1'));
    mock.timers.tick(100);
    lint.schedule(version(2, 'TLSv1.1'));
    mock.timers.tick(100);
    lint.schedule(version(3, 'TLSv1.2'));
    mock.timers.tick(149);
    await settle();
    assert.deepEqual(published, [], 'nothing before the debounce delay has passed');
    mock.timers.tick(1);
    await settle();
    mock.timers.tick(10_000);
    await settle();
    assert.deepEqual(published, [{ version: 3, rules: [] }]);
  });

  it('drops a lint whose settings arrive after a newer change', async () => {
    let releaseFirst: () => void = () => undefined;
    let calls = 0;
    const settingsFor = (): Promise<Settings> => {
      calls++;
      if (calls === 1) return new Promise((r) => (releaseFirst = () => r(DEFAULT_SETTINGS)));
      return Promise.resolve(DEFAULT_SETTINGS);
    };
    const { lint, published, idle } = service(0, settingsFor);
    lint.schedule(version(1, 'TLSv1'), true);
    await settleUntil('the first settings request', () => calls > 0);
    lint.schedule(version(2, 'TLSv1.2'), true);
    await idle;
    releaseFirst();
    await settle();
    assert.deepEqual(published, [{ version: 2, rules: [] }]);
  });

  it('an open is linted at once even when the content event for it follows (as TextDocuments sends it)', async (t) => {
    t.after(() => mock.timers.reset());
    mock.timers.enable({ apis: ['setTimeout'] });
    const { lint, published } = service(150);
    const doc = version(1, 'TLSv1.1');
    lint.schedule(doc, true);
    lint.schedule(doc);
    mock.timers.tick(0);
    await settle();
    assert.deepEqual(published, [{ version: 1, rules: ['obsolete-protocol'] }]);
  });

  it('a lint of a closed document still waiting for settings does not publish over the reopened one', async () => {
    const releases: Array<() => void> = [];
    const settingsFor = (): Promise<Settings> => new Promise((r) => releases.push(() => r(DEFAULT_SETTINGS)));
    const { lint, published } = service(0, settingsFor);
    lint.schedule(version(1, 'TLSv1.1'), true);
    await settleUntil('the first settings request', () => releases.length >= 1);
    lint.forget(uri);
    lint.schedule(version(1, 'TLSv1.2'), true);
    await settleUntil('the second settings request', () => releases.length >= 2);
    releases[1]!();
    await settle();
    releases[0]!();
    await settle();
    assert.deepEqual(published, [{ version: 1, rules: [] }]);
  });

  it('judges a document under the profile inferred for its bundle when the setting is auto', async () => {
    const edge: ProfileDecision = { profile: 'edge', decided: true, evidence: [], root: '/b/apiproxy' };
    const lint = new LintService({
      debounceMs: 0,
      settingsFor: () => Promise.resolve({ enabled: true, profile: 'auto', rules: {} }),
      publish: () => undefined,
      log: (message) => assert.fail(message),
      profileFor: (u) => (u === uri ? edge : undefined),
    });
    const doc = version(1, 'TLSv1.1');
    assert.deepEqual(
      (await lint.findings(doc)).map((f) => [f.ruleId, f.severity]),
      [
        ['enforce-on-edge', 'warning'],
        ['obsolete-protocol', 'warning'],
      ],
    );
    assert.equal(await lint.decision(doc), edge);
  });

  it('answers code actions for exactly the current version', async () => {
    const { lint } = service(1000);
    assert.deepEqual(
      (await lint.findings(version(7, 'TLSv1.1'))).map((f) => f.ruleId),
      ['obsolete-protocol'],
    );
    assert.deepEqual(
      (await lint.findings(version(8, 'TLSv1.2'))).map((f) => f.ruleId),
      [],
    );
  });
});
