// Certificates for the workspace tests, made with the openssl CLI: self-signed, with chosen validity dates
// (`openssl ca -selfsign` takes -startdate/-enddate, so an expired certificate is a real one).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { caDate } from '../../probe/support/pki';

const CONFIG = `[ ca ]
default_ca = ca_default
[ ca_default ]
database = index.txt
new_certs_dir = issued
serial = serial
default_md = sha256
policy = policy_any
unique_subject = no
[ policy_any ]
commonName = supplied
[ ext ]
basicConstraints = CA:false
`;

const DAY = 86_400_000;

/** Writes `<name>.key` (PEM, EC P-256) and `<name>.crt` (PEM) valid from one day ago for `days` days (negative: expired). */
export function makeCertificate(dir: string, name: string, days: number): void {
  const ossl = (...args: string[]): Buffer => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  mkdirSync(join(dir, 'issued'), { recursive: true });
  writeFileSync(join(dir, 'ca.cnf'), CONFIG);
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), `${(1000 + Math.floor(Math.random() * 1e6)).toString(16).padStart(6, '0')}\n`);
  ossl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`);
  ossl('req', '-new', '-key', `${name}.key`, '-subj', `/CN=${name}`, '-out', `${name}.csr`);
  const from = days < 0 ? new Date(Date.now() + (days - 10) * DAY) : new Date(Date.now() - DAY);
  const to = new Date(Date.now() + days * DAY);
  ossl(
    'ca',
    '-batch',
    '-selfsign',
    '-notext',
    '-config',
    'ca.cnf',
    '-keyfile',
    `${name}.key`,
    '-in',
    `${name}.csr`,
    '-out',
    `${name}.crt`,
    '-extensions',
    'ext',
    '-startdate',
    caDate(from),
    '-enddate',
    caDate(to),
  );
}

/** The certificate in DER. */
export function toDer(dir: string, name: string, out: string): void {
  execFileSync('openssl', ['x509', '-in', `${name}.crt`, '-outform', 'DER', '-out', out], { cwd: dir });
}
