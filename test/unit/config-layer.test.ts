// The editor's settings over `.apigee-tls.json`: an explicit setting wins, then the file, then the default; the
// VS Code client sends only explicit settings; JSON Pointers name the value a finding is at.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explicitOnly, isExplicit } from '../../client/src/explicit-settings';
import { parseJsonDocument } from '../../server/src/documents/json/json-document';
import { pointerAt, pointerHolds } from '../../server/src/documents/json/pointer';
import { layeredGetter } from '../../server/src/settings/config-layer';
import { readWorkspaceSettings } from '../../server/src/settings/lint';
import { readProbeSettings } from '../../server/src/settings/probe';
import { sectionGetter } from '../../server/src/settings/section';
import { readConfigFile } from '../../server/src/workspace/config-file';
import { addSuppressionEdit } from '../../server/src/workspace/suppressions';

const found = {
  path: '/repo/.apigee-tls.json',
  config: {
    rules: { 'weak-cipher': 'error', 'store-not-reference': 'off' } as const,
    certificateExpiryDays: 90,
    probe: { resolve: { 'a.example:443': '10.0.0.1' }, caFiles: ['certs/ca.pem', '/etc/ca.pem'], sni: 'off' as const, timeoutMs: 2000 },
  },
};
const layered = (section: unknown, trusted = true) => layeredGetter(sectionGetter(section), found, trusted);

describe('layeredGetter', () => {
  it('rules merge by id, the setting winning', () => {
    assert.deepEqual(layered({ rules: { 'weak-cipher': 'warning' } })('apigeeTls.rules'), {
      'weak-cipher': 'warning',
      'store-not-reference': 'off',
    });
  });
  it('a value: the setting when set, else the file, else the default', () => {
    assert.equal(readWorkspaceSettings(layered({ certificateExpiryDays: 10 })).expiryDays, 10);
    assert.equal(readWorkspaceSettings(layered({})).expiryDays, 90);
    assert.equal(readWorkspaceSettings(layeredGetter(sectionGetter({}), undefined, true)).expiryDays, 30);
  });
  it("probe keys: caFiles relative to the file's folder, resolve merged, sni and timeout", () => {
    const { settings } = readProbeSettings(layered({ probe: { resolve: { 'b.example:443': '10.0.0.2' } } }));
    assert.deepEqual(
      [settings.caFiles, [...settings.resolve], settings.sni, settings.timeoutMs],
      [
        ['/repo/certs/ca.pem', '/etc/ca.pem'],
        [
          ['a.example:443', '10.0.0.1'],
          ['b.example:443', '10.0.0.2'],
        ],
        'off',
        2000,
      ],
    );
  });
  it('untrusted: the file names no CA file and no address', () => {
    const { settings } = readProbeSettings(layered({}, false));
    assert.deepEqual([settings.caFiles, settings.resolve.size, settings.sni], [[], 0, 'off']);
  });
});

describe('explicitOnly (the VS Code client)', () => {
  const keys = ['apigeeTls.certificateExpiryDays', 'apigeeTls.probe.sni', 'apigeeTls.rules'];
  it('drops the keys no one set, nested and dotted', () => {
    const section = { certificateExpiryDays: 30, probe: { sni: 'send', codeLens: true }, 'probe.sni': 'send', rules: { x: 'off' } };
    assert.deepEqual(
      explicitOnly(section, keys, (k) => k === 'apigeeTls.rules'),
      { probe: { codeLens: true }, rules: { x: 'off' } },
    );
  });
  it('a value set anywhere (user, workspace, folder, language) is explicit', () => {
    assert.deepEqual(
      [isExplicit(undefined), isExplicit({}), isExplicit({ workspaceFolderValue: 30 }), isExplicit({ globalValue: false })],
      [false, false, true, true],
    );
  });
});

describe('JSON Pointers', () => {
  const text = '[{"name": "a", "sSLInfo": {"protocols": ["TLSv1.1"]}}, {"a/b~c": 1}]';
  const root = parseJsonDocument(text).root!;
  const at = (needle: string) => pointerAt(root, { start: text.indexOf(needle), end: text.indexOf(needle) + needle.length });
  it('names the innermost value holding a span, escaping ~ and /', () => {
    assert.deepEqual(
      [
        at('"TLSv1.1"'),
        at('"protocols"'),
        at('"a"'),
        pointerAt(root, { start: text.indexOf(': 1}') + 2, end: text.indexOf(': 1}') + 3 }),
        at(text),
      ],
      ['/0/sSLInfo/protocols/0', '/0/sSLInfo/protocols', '/0/name', '/1/a~1b~0c', ''],
    );
  });
  it('a pointer holds itself and what is below it, not a sibling sharing a prefix', () => {
    assert.deepEqual(
      [pointerHolds('/0', '/0/sSLInfo'), pointerHolds('/0', '/0'), pointerHolds('/1', '/10'), pointerHolds('', '/3')],
      [true, true, false, true],
    );
  });
});

describe('addSuppressionEdit', () => {
  const entry = { file: 'env/test/targetServers.json', pointer: '/0/sSLInfo', rule: 'weak-cipher' };
  const apply = (text: string | undefined) => {
    const edit = addSuppressionEdit(text, entry);
    if (edit === undefined) return undefined;
    const base = text ?? '';
    const edited = base.slice(0, edit.start) + edit.newText + base.slice(edit.end);
    const { config, problems } = readConfigFile(edited, () => true);
    return { suppressions: config.suppressions, problems: problems.length, profile: config.profile };
  };
  it('a new file, a file without the list, an empty list, a list with entries, comments kept', () => {
    const other = { file: 'a.json', pointer: '', rule: 'x' };
    assert.deepEqual(
      [
        apply(undefined),
        apply('{ "profile": "edge" } // trailing'),
        apply('{}'),
        apply('{"suppressions": []}'),
        apply(`{\n  // mine\n  "suppressions": [${JSON.stringify(other)}]\n}`),
      ],
      [
        { suppressions: [entry], problems: 0, profile: undefined },
        { suppressions: [entry], problems: 0, profile: 'edge' },
        { suppressions: [entry], problems: 0, profile: undefined },
        { suppressions: [entry], problems: 0, profile: undefined },
        { suppressions: [other, entry], problems: 0, profile: undefined },
      ],
    );
  });
  it('no edit where the file is not an object, or the list is not a list', () => {
    assert.deepEqual(
      [addSuppressionEdit('[]', entry), addSuppressionEdit('{"suppressions": 1}', entry), addSuppressionEdit('{', entry)],
      [undefined, undefined, undefined],
    );
  });
});
