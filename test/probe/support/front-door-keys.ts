// The key material of the client simulation's front doors that the test PKI does not hold: a 1024-bit DH group
// (RFC 5114's, for the DH-minimum cases) and an ECDSA P-384 certificate for localhost. Shared by the tests and the
// bench, which stand up the same front doors.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Writes dh1024.pem, p384.key and p384.crt into `dir`. */
export function writeFrontDoorKeys(dir: string): void {
  execFileSync('openssl', ['genpkey', '-genparam', '-algorithm', 'DH', '-pkeyopt', 'dh_rfc5114:1', '-out', join(dir, 'dh1024.pem')]);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-384',
      '-nodes',
      '-keyout',
      join(dir, 'p384.key'),
      '-out',
      join(dir, 'p384.crt'),
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost',
      '-days',
      '30',
    ],
    { stdio: 'ignore' },
  );
}
