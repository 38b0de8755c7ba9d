// unknown-target-server-key: a key a TargetServer or its sSLInfo does not have is named where it is written, with the
// rename (a real repository wrote "SSLInfo" for "sSLInfo": TLS off, and only the symptom was reported).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSpans, expectSpans, json, server } from './support/tree';

const TS = 'resources/edge/env/test/targetServers.json';
const ID = 'unknown-target-server-key';

describe('unknown-target-server-key', () => {
  it('names "SSLInfo" and renames it to "sSLInfo"', () => {
    const [f] = checkSpans(ID, { [TS]: '[{"name": "b", "host": "b.example.com", "port": 443, "«SSLInfo»": {"enabled": "true"}}]' });
    assert.equal(
      f!.message,
      '"SSLInfo" is not a key of a TargetServer: the management API rejects the TargetServer or leaves it without TLS. Did you mean "sSLInfo"?',
    );
    assert.equal(f!.severity, 'warning');
    assert.deepEqual(f!.fixes, [{ title: 'Rename to "sSLInfo"', edits: [{ start: 54, end: 61, newText: 'sSLInfo' }], preferred: true }]);
  });
  it('names a misspelt sSLInfo key', () => {
    const [f] = checkSpans(ID, {
      [TS]: '[{"name": "b", "host": "h", "port": 443, "sSLInfo": {"enabled": true, "«trustore»": "ref://t"}}]',
    });
    assert.equal(
      f!.message,
      '"trustore" is not a key of "sSLInfo": the management API rejects it or drops the setting. Did you mean "trustStore"?',
    );
  });
  it('lists the keys when nothing is close', () => {
    const [f] = checkSpans(ID, {
      [TS]: '[{"name": "b", "host": "h", "port": 443, "sSLInfo": {"commonName": {"value": "h", "«matchAnything»": true}}}]',
    });
    assert.equal(
      f!.message,
      '"matchAnything" is not a key of "commonName": the management API rejects it or drops the setting. Keys here: value, wildcardMatch.',
    );
    assert.deepEqual(f!.fixes, []);
  });
  it('does not prefer a rename onto a key already there', () => {
    const [f] = checkSpans(ID, { [TS]: '[{"name": "b", "host": "h", "sSLInfo": {"enabled": true}, "«SSLInfo»": {"enabled": true}}]' });
    assert.equal(f!.fixes[0]!.preferred, false);
  });
  it('reads edge.json TargetServers too', () =>
    expectSpans(ID, { 'edge.json': '{"envConfig": {"prod": {"targetServers": [{"name": "b", "host": "h", "«isEnable»": true}]}}}' }));
  it('accepts every key of the API', () =>
    expectSpans(ID, {
      [TS]: json([
        server('b', {
          description: 'd',
          protocol: 'HTTP',
          sSLInfo: {
            enabled: true,
            enforce: true,
            clientAuthEnabled: true,
            keyStore: 'ks',
            keyAlias: 'a',
            trustStore: 'ts',
            ignoreValidationErrors: false,
            protocols: ['TLSv1.2'],
            ciphers: [],
            commonName: { value: 'h', wildcardMatch: false },
          },
        }),
      ]),
    }));
  it("accepts the emulator workspace's enabled and tlsInfo", () =>
    expectSpans(ID, {
      'src/main/apigee/environments/dev/targetservers.json': json([
        { enabled: true, name: 'b', host: 'b', port: 8080, tlsInfo: { enabled: false } },
      ]),
    }));
  it('is restricted by --env', () =>
    expectSpans(
      ID,
      { 'resources/edge/env/prod/targetServers.json': '[{"name": "b", "host": "h", "SSLInfo": {}}]' },
      { only: new Set(['test']) },
    ));
});
