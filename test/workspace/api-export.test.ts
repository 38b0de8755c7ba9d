// A management API export of aliases committed as configuration (certsInfo with expiryDate and isValid; no
// keystorename or format): both shapes are read, the expiry it records is reported, and the file is said to be no
// plugin input.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSpans, expectSpans } from './support/tree';

const ALIASES = 'resources/edge/env/test/aliases.json';
const NOW = new Date('2026-01-01T00:00:00Z');
const edgeExport = (expiry: string): string =>
  `[{"alias": "«backend»", "keyName": "backend", "certsInfo": {"certName": "backend-cert", "certInfo": [{"subject": "CN=backend.example.com", "issuer": "CN=ca", "expiryDate": ${expiry}, "isValid": "No"}]}}]`;

describe('a management API export of aliases', () => {
  it('Edge shape (epoch ms number): the expired certificate is reported at its expiryDate', () => {
    const [f] = checkSpans(
      'certificate-expired',
      { [ALIASES]: edgeExport('«1577836800000»').replace('«backend»', 'backend') },
      { now: NOW },
    );
    assert.equal(
      f!.message,
      "Certificate 'CN=backend.example.com' of alias 'backend' expired on 2020-01-01, as the export records (environment test).",
    );
    assert.equal(f!.severity, 'error');
  });
  it('X shape (int64 as a string, type KEY_CERT): read too', () =>
    expectSpans(
      'certificate-expired',
      {
        [ALIASES]:
          '[{"alias": "a", "type": "KEY_CERT", "certsInfo": {"certInfo": [{"expiryDate": "«1577836800000»", "isValid": "false"}]}}]',
      },
      { now: NOW },
    ));
  it('expiring soon is reported with the days left', () => {
    const [f] = checkSpans(
      'certificate-expires-soon',
      { [ALIASES]: edgeExport(`«${Date.parse('2026-01-11T00:00:00Z')}»`).replace('«backend»', 'backend') },
      { now: NOW },
    );
    assert.match(f!.message, /expires on 2026-01-11, in 10 days, as the export records \(environment test\)\.$/);
  });
  it('a valid certificate passes', () =>
    expectSpans('certificate-expired', { [ALIASES]: edgeExport('1893456000000').replace(/[«»]/g, '') }, { now: NOW }));
  it('the file is said not to be plugin input, at its first exported alias', () => {
    const [f] = checkSpans('ignored-config-file', { [ALIASES]: edgeExport('1577836800000') });
    assert.match(f!.message, /^This is a management API export \(certsInfo\), not apigee-config-maven-plugin input/);
  });
  it("the plugin's own alias shape is no export", () =>
    expectSpans('ignored-config-file', {
      [ALIASES]: '[{"alias": "a", "keystorename": "ks", "format": "selfsignedcert", "subject": {"commonName": "a"}}]',
    }));
});
