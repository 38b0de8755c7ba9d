// A diagnosis as editor findings (severity, code, "Fix:") and as the summary notification.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsOf, hostPort, summaryOf } from '../../client/src/diagnose/present';
import type { Cause } from '../../server/src/diagnosis/causes';
import type { Diagnosis } from '../../server/src/probe/types';

function diagnosis(causes: Cause[], negotiated: Diagnosis['negotiated'] = null): Diagnosis {
  return {
    target: { host: 'probe.test', port: 8443, sni: 'probe.test' },
    ok: !causes.some((c) => c.severity === 'error'),
    causes,
    negotiated,
    server: {
      protocols: { TLSv1: false, 'TLSv1.1': false, 'TLSv1.2': true, 'TLSv1.3': true },
      sniRequired: false,
      clientCertificate: 'none',
    },
    chain: [],
    elapsedMs: 7,
    evidence: [],
  };
}
const mismatch: Cause = { code: 'protocol-mismatch', severity: 'error', message: 'It accepts only TLSv1.1.', fix: 'Upgrade the backend.' };
const obsolete: Cause = {
  code: 'obsolete-protocol-accepted',
  severity: 'warning',
  message: 'It still accepts TLSv1.1.',
  fix: 'Disable it.',
};

test('a healthy backend: one Information finding naming protocol, suite and time', () => {
  assert.deepEqual(findingsOf(diagnosis([], { protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256' })), [
    { severity: 'information', code: undefined, message: 'TLS handshake OK: TLSv1.3, TLS_AES_128_GCM_SHA256 (7 ms)' },
  ]);
});

test('causes become errors and warnings with their code, message and fix, root cause first', () => {
  assert.deepEqual(findingsOf(diagnosis([mismatch, obsolete])), [
    { severity: 'error', code: 'protocol-mismatch', message: 'It accepts only TLSv1.1. Fix: Upgrade the backend.' },
    { severity: 'warning', code: 'obsolete-protocol-accepted', message: 'It still accepts TLSv1.1. Fix: Disable it.' },
  ]);
});

test('a handshake that works with warnings: OK first, then the warnings', () => {
  const found = findingsOf(diagnosis([obsolete], { protocol: 'TLSv1.2', cipher: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256' }));
  assert.deepEqual(
    found.map((f) => [f.severity, f.code]),
    [
      ['information', undefined],
      ['warning', 'obsolete-protocol-accepted'],
    ],
  );
});

test('the summary: level and the codes that matter', () => {
  assert.deepEqual(summaryOf(diagnosis([mismatch, obsolete])), {
    level: 'error',
    text: 'The TLS handshake Apigee would make with probe.test:8443 fails: protocol-mismatch.',
  });
  assert.equal(summaryOf(diagnosis([obsolete], { protocol: 'TLSv1.2', cipher: 'X' })).level, 'warning');
  assert.deepEqual(summaryOf(diagnosis([], { protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256' })), {
    level: 'information',
    text: 'The TLS handshake with probe.test:8443 works (TLSv1.3, TLS_AES_128_GCM_SHA256).',
  });
});

test('IPv6 hosts are bracketed', () => assert.equal(hostPort({ host: '::1', port: 443 }), '[::1]:443'));
