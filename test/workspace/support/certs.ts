// Certificates for the workspace tests, made with the openssl CLI (test/support/openssl-ca.ts): self-signed, with
// chosen validity dates (`openssl ca -selfsign` takes -startdate/-enddate, so an expired certificate is a real one).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DAY, issueSteps, keyStep, runStepsSync, writeCaDirectory } from '../../support/openssl-ca';
import { tempDir } from './tree';

const EXTENSIONS = `[ ext ]
basicConstraints = CA:false
`;

/** Writes `<name>.key` (PEM, EC P-256) and `<name>.crt` (PEM) valid from one day ago for `days` days (negative: expired). */
export function makeCertificate(dir: string, name: string, days: number): void {
  writeCaDirectory(dir, EXTENSIONS, (1000 + Math.floor(Math.random() * 1e6)).toString(16).padStart(6, '0'));
  const from = days < 0 ? new Date(Date.now() + (days - 10) * DAY) : new Date(Date.now() - DAY);
  const to = new Date(Date.now() + days * DAY);
  runStepsSync(dir, keyStep(name), ...issueSteps(name, name, name, 'ext', { from, to }));
}

/** The certificate in DER. */
export function toDer(dir: string, name: string, out: string): void {
  execFileSync('openssl', ['x509', '-in', `${name}.crt`, '-outform', 'DER', '-out', out], { cwd: dir });
}

/**
 * Writes `<name>.key` (EC P-256) and `<name>.crt`, self-signed for `days` days, CN the first of `dnsNames` and a SAN
 * naming them all.
 */
export function makeSanCertificate(dir: string, name: string, dnsNames: readonly string[], days = 365): void {
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${dnsNames[0]!}`]
      .concat(['-addext', `subjectAltName=${dnsNames.map((n) => `DNS:${n}`).join(',')}`, '-days', String(days)])
      .concat(['-keyout', `${name}.key`, '-out', `${name}.crt`]),
    { cwd: dir, stdio: 'ignore' },
  );
}

/** A self-signed certificate for these DNS names (PEM), as makeSanCertificate makes it. */
export function sanCertificate(dnsNames: readonly string[], days = 365): string {
  const dir = tempDir();
  makeSanCertificate(dir, 'c', dnsNames, days);
  return readFileSync(join(dir, 'c.crt'), 'utf8');
}
