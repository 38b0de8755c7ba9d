// The openssl CLI plumbing behind the tests' certificates: key generation, an `openssl ca` directory (config,
// database, serial), self-signed and issued certificates with named extension sections and chosen dates, and a
// temp dir removed at exit. The certificate sets live with their tests (probe/support/pki.ts,
// workspace/support/certs.ts). Steps are openssl argument lists, run in the CA directory in order: asynchronously
// where a set is generated once, in parallel; synchronously where a test makes a certificate inline.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const DAY = 86_400_000;

/** The arguments of one openssl invocation. */
export type Step = string[];

export type KeyType = 'ec' | 'rsa2048' | 'rsa1024';

const KEY_ARGS: Record<KeyType, string[]> = {
  ec: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  rsa2048: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  rsa1024: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024'],
};

/** openssl ca date format, YYYYMMDDHHMMSSZ. */
export function caDate(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
}

/** A common name, or a whole subject when it starts with a slash. */
const subject = (cn: string): string => (cn.startsWith('/') ? cn : `/CN=${cn}`);

const CA_CONFIG = `[ ca ]
default_ca = ca_default
[ ca_default ]
database = index.txt
new_certs_dir = issued
serial = serial
default_md = sha256
policy = policy_any
unique_subject = no
email_in_dn = no
[ policy_any ]
commonName = supplied
organizationName = optional
`;

/**
 * Makes `dir` an `openssl ca` directory: ca.cnf with the given extension sections (`[ name ]` blocks, used by
 * name in selfSigned and issue), an empty database, and the first serial (hex).
 */
export function writeCaDirectory(dir: string, extensionSections: string, firstSerial = '1000'): void {
  mkdirSync(join(dir, 'issued'), { recursive: true });
  writeFileSync(join(dir, 'ca.cnf'), CA_CONFIG + extensionSections);
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), `${firstSerial}\n`);
}

/** `<name>.key`, PEM. */
export function keyStep(name: string, type: KeyType = 'ec'): Step {
  return ['genpkey', ...KEY_ARGS[type], '-out', `${name}.key`];
}

/** `<name>.crt`, self-signed with `<name>.key` and the extension section `ext`, valid from now for ten years. */
export function selfSignedStep(name: string, cn: string, ext: string): Step {
  return [
    'req',
    '-new',
    '-x509',
    '-key',
    `${name}.key`,
    '-subj',
    subject(cn),
    '-days',
    '3650',
    '-out',
    `${name}.crt`,
    '-config',
    'ca.cnf',
    '-extensions',
    ext,
  ];
}

export interface IssueOptions {
  /** Default: one day ago. */
  from?: Date;
  /** Default: in a year. */
  to?: Date;
  /** Signature digest; default sha256. */
  md?: string;
}

/**
 * `<name>.crt` for `<name>.key` with the extension section `ext` and chosen dates, signed by `issuer` (its .crt and
 * .key), or by itself when the issuer is `name`. Steps of one CA directory run one after another: they share its
 * database.
 */
export function issueSteps(name: string, cn: string, issuer: string, ext: string, opts: IssueOptions = {}): Step[] {
  const signer = issuer === name ? ['-selfsign', '-keyfile', `${name}.key`] : ['-cert', `${issuer}.crt`, '-keyfile', `${issuer}.key`];
  return [
    ['req', '-new', '-key', `${name}.key`, '-subj', subject(cn), '-out', `${name}.csr`],
    [
      'ca',
      '-batch',
      '-notext',
      '-config',
      'ca.cnf',
      ...signer,
      '-in',
      `${name}.csr`,
      '-out',
      `${name}.crt`,
      '-extensions',
      ext,
      '-md',
      opts.md ?? 'sha256',
      '-startdate',
      caDate(opts.from ?? new Date(Date.now() - DAY)),
      '-enddate',
      caDate(opts.to ?? new Date(Date.now() + 365 * DAY)),
    ],
  ];
}

const execFileAsync = promisify(execFile);

/** Runs the steps in `dir`, one after another. */
export async function runSteps(dir: string, ...steps: Step[]): Promise<void> {
  for (const args of steps) await execFileAsync('openssl', args, { cwd: dir });
}

/** Runs the steps in `dir`, one after another, blocking. */
export function runStepsSync(dir: string, ...steps: Step[]): void {
  for (const args of steps) execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A new temp dir, removed when the process exits. */
export async function tempDirRemovedAtExit(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
