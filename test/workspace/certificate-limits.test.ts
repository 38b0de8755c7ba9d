// certificate-unreadable says this tool's own limit (a file outside the workspace folder, not read) once per file,
// naming every alias and environment that uses it, as info: not one line per alias and environment.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkSpans, tempDir, writeTree } from './support/tree';

const outside = join(writeTree({ 'shared.pem': 'not read anyway' }, tempDir()), 'shared.pem');
const alias = (name: string, path: string): string =>
  `{"alias": "${name}", "keystorename": "client", "format": "keycertfile", "certFilePath": "${path}"}`;

describe('certificate-unreadable: a file outside the workspace', () => {
  it('is said once, at its first use, naming the aliases and environments', () => {
    const [f, ...rest] = checkSpans('certificate-unreadable', {
      'resources/edge/env/prod/aliases.json': `[${alias('a', `«${outside}»`)}, ${alias('b', outside)}]`,
      'resources/edge/env/test/aliases.json': `[${alias('a', outside)}]`,
    });
    assert.deepEqual(rest, []);
    assert.equal(
      f!.message,
      `File '${outside}' is outside the workspace folder (not read): its certificates are not checked (aliases 'a', 'b', environments prod and test).`,
    );
    assert.equal(f!.severity, 'info');
  });
  it('one alias in one environment', () => {
    const [f] = checkSpans('certificate-unreadable', { 'resources/edge/env/test/aliases.json': `[${alias('a', `«${outside}»`)}]` });
    assert.equal(
      f!.message,
      `File '${outside}' is outside the workspace folder (not read): its certificates are not checked (alias 'a', environment test).`,
    );
  });
  it('a key file: what is not checked is the key against the certificate', () => {
    const keyAlias = `{"alias": "tls", "keystorename": "client", "format": "keycertfile", "certFilePath": "certs/tls.pem", "keyFilePath": "«${outside}»"}`;
    const [f] = checkSpans('certificate-unreadable', { 'resources/edge/env/test/aliases.json': `[${keyAlias}]` });
    assert.equal(
      f!.message,
      `File '${outside}' is outside the workspace folder (not read): whether the key matches the certificate is not checked (alias 'tls', environment test).`,
    );
  });
});
