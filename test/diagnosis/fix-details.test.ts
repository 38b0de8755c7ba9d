// Each cause code takes only the details its own fix reads (review P2-6). The runtime cases check the wording; the
// compile-time cases below are checked by `npm run typecheck`, which fails when one of them stops being an error.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeCause, type CauseCode, type DetailsOf } from '../../server/src/diagnosis/causes';
import type { Judgement } from '../../server/src/diagnosis/judgement';

const call = { profile: 'apigeex', host: 'backend.example', port: 443 } as const;
const fix = <C extends CauseCode>(code: C, message: string, details: DetailsOf<C>): string => makeCause(code, message, details).fix;

test('a fix says what its details say', () => {
  assert.match(
    fix('certificate-expired', 'm', { ...call, subject: 'CN=api', date: '2026-01-01' }),
    /Renew the certificate 'CN=api' on the backend \(it expired on 2026-01-01\)/,
  );
  assert.match(
    fix('hostname-mismatch', 'm', { ...call, names: 'DNS:other.example' }),
    /carries \(DNS:other.example\), or reissue the certificate for 'backend.example'/,
  );
  assert.match(
    fix('unusable-configuration', 'm', { ...call, accepted: ['TLSv1', 'TLSv1.2'] }),
    /<Protocol>TLSv1.2<\/Protocol> \(or remove/,
  );
  assert.match(
    fix('cipher-mismatch', 'm', { ...call, suite: 'TLS_RSA_WITH_AES_128_GCM_SHA256', suiteFromJava: true }),
    /chose when offered every suite Java implements/,
  );
  assert.match(
    fix('incomplete-chain', 'm', { ...call, subject: 'CN=Inter', issuer: { name: 'CN=Root', trusted: true } }),
    /already holds its issuer 'CN=Root'/,
  );
  assert.match(fix('timeout', 'm', { ...call, timeoutMs: 4000 }), /^No answer within 4000 ms/);
});

// Never called: what the compiler must refuse.
function refusedByTheCompiler(j: Judgement): void {
  // @ts-expect-error a code whose fix names nothing takes no details
  makeCause('obsolete-protocol-accepted', 'm', { ...call, subject: 'CN=api' });
  // @ts-expect-error unusable-configuration must say what the backend accepts
  makeCause('unusable-configuration', 'm', call);
  // @ts-expect-error names belong to hostname-mismatch, not to an expired certificate
  j.add('certificate-expired', 'm', { names: 'DNS:api' });
  // @ts-expect-error nor a suite to a protocol mismatch
  j.add('protocol-mismatch', 'm', { suite: 'TLS_AES_128_GCM_SHA256' });
  // @ts-expect-error unusable-configuration needs its details through the judgement too
  j.add('unusable-configuration', 'm');
}
void refusedByTheCompiler;
