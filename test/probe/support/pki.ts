// A throw-away PKI for the probe tests, generated once per process with the openssl CLI in a temp dir.
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Pki {
  dir: string;
  /** Absolute path of a generated file, e.g. `path('root.crt')`. */
  path(name: string): string;
  pem(name: string): Promise<string>;
}

const SERVER_BASE = `basicConstraints = CA:false
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
subjectAltName = DNS:localhost,DNS:*.probe.test,IP:127.0.0.1`;
const SERVER_EXT = `${SERVER_BASE}
authorityKeyIdentifier = keyid`;

// Leaves issued by an intermediate carry AIA caIssuers, as public CAs' leaves do; the private CA's (Acme) do not,
// as internal CAs usually issue. server_named_ext also names the issuer's own issuer in the authority key identifier.
const CA_CONFIG = `
[ ca ]
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
[ ca_ext ]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ server_ext ]
${SERVER_EXT}
[ server_aia_ext ]
${SERVER_EXT}
authorityInfoAccess = caIssuers;URI:http://pki.probe.test/intermediate.crt
[ server_named_ext ]
${SERVER_BASE}
authorityKeyIdentifier = keyid,issuer:always
[ wrong_name_ext ]
basicConstraints = CA:false
subjectAltName = DNS:other.example
[ client_ext ]
basicConstraints = CA:false
extendedKeyUsage = clientAuth
`;

type KeyType = 'ec' | 'rsa2048' | 'rsa1024';

const KEY_ARGS: Record<KeyType, string[]> = {
  ec: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  rsa2048: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  rsa1024: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024'],
};

/** openssl ca date format, YYYYMMDDHHMMSSZ. */
export function caDate(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
}

const DAY = 86_400_000;

/** A common name, or a whole subject when it starts with a slash. */
const subject = (cn: string): string => (cn.startsWith('/') ? cn : `/CN=${cn}`);

async function generate(dir: string): Promise<void> {
  const ossl = (...args: string[]) => run('openssl', args, { cwd: dir });
  await writeFile(join(dir, 'ca.cnf'), CA_CONFIG);
  await writeFile(join(dir, 'index.txt'), '');
  await writeFile(join(dir, 'serial'), '1000\n');
  await mkdir(join(dir, 'issued'));

  const key = (name: string, type: KeyType = 'ec') => ossl('genpkey', ...KEY_ARGS[type], '-out', `${name}.key`);
  const selfSigned = async (name: string, cn: string, ext: string) => {
    await ossl(
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
    );
  };
  // Sequential: openssl ca shares one database.
  const sign = async (name: string, cn: string, issuer: string, ext: string, opts: { from?: Date; to?: Date; md?: string } = {}) => {
    await ossl('req', '-new', '-key', `${name}.key`, '-subj', subject(cn), '-out', `${name}.csr`);
    await ossl(
      'ca',
      '-batch',
      '-notext',
      '-config',
      'ca.cnf',
      '-cert',
      `${issuer}.crt`,
      '-keyfile',
      `${issuer}.key`,
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
    );
  };

  await Promise.all([
    key('root'),
    key('inter'),
    key('unknown-root'),
    key('good', 'rsa2048'),
    key('lone'),
    key('self'),
    key('expired'),
    key('future'),
    key('wrong-name'),
    key('soon'),
    key('client'),
    key('stranger'),
    key('sha1'),
    key('small', 'rsa1024'),
    key('expired-inter'),
    key('under-expired'),
    key('private-root'),
    key('private-inter'),
    key('private-leaf'),
    key('private-leaf-named'),
    key('lone-named'),
    key('stray-inter'),
    key('stray-leaf'),
    key('inter-namesake'),
  ]);
  await selfSigned('root', 'Probe Test Root', 'ca_ext');
  await selfSigned('unknown-root', 'Probe Unknown Root', 'ca_ext');
  await selfSigned('self', 'localhost', 'server_ext');
  await sign('inter', 'Probe Test Intermediate', 'root', 'ca_ext');
  await sign('expired-inter', 'Probe Expired Intermediate', 'root', 'ca_ext', {
    from: new Date(Date.now() - 400 * DAY),
    to: new Date(Date.now() - 2 * DAY),
  });
  await sign('under-expired', 'localhost', 'expired-inter', 'server_ext', { from: new Date(Date.now() - 300 * DAY) });
  await sign('good', 'localhost', 'inter', 'server_aia_ext');
  await sign('lone', 'localhost', 'unknown-root', 'server_ext');
  await sign('expired', 'localhost', 'inter', 'server_aia_ext', {
    from: new Date('2020-01-01T00:00:00Z'),
    to: new Date('2021-01-01T00:00:00Z'),
  });
  await sign('future', 'localhost', 'inter', 'server_aia_ext', {
    from: new Date(Date.now() + 3650 * DAY),
    to: new Date(Date.now() + 4000 * DAY),
  });
  await sign('wrong-name', 'other.example', 'inter', 'wrong_name_ext');
  await sign('soon', 'localhost', 'inter', 'server_aia_ext', { to: new Date(Date.now() + 10 * DAY) });
  await sign('sha1', 'localhost', 'inter', 'server_aia_ext', { md: 'sha1' });
  await sign('small', 'localhost', 'inter', 'server_aia_ext');
  await sign('client', 'Probe Client', 'root', 'client_ext');
  await sign('stranger', 'Probe Stranger', 'unknown-root', 'client_ext');
  // A private CA: root, one intermediate, leaves without AIA.
  await selfSigned('private-root', '/CN=Acme Private Root/O=Acme Corp', 'ca_ext');
  await sign('private-inter', '/CN=Acme Services CA/O=Acme Corp', 'private-root', 'ca_ext');
  await sign('private-leaf', '/CN=localhost/O=Acme Corp', 'private-inter', 'server_ext');
  await sign('private-leaf-named', '/CN=localhost/O=Acme Corp', 'private-inter', 'server_named_ext');
  await sign('lone-named', 'localhost', 'unknown-root', 'server_named_ext');
  // An intermediate under the root the tests never trust.
  await sign('stray-inter', 'Probe Stray Intermediate', 'unknown-root', 'ca_ext');
  await sign('stray-leaf', 'localhost', 'stray-inter', 'server_ext');
  // Another key under the intermediate's name, as a re-keyed CA leaves in old truststores.
  await selfSigned('inter-namesake', 'Probe Test Intermediate', 'ca_ext');
  const pem = (name: string) => readFile(join(dir, `${name}.crt`), 'utf8');
  await writeFile(join(dir, 'stray-chain.crt'), (await pem('stray-inter')) + (await pem('unknown-root')));
}

let shared: Promise<Pki> | undefined;

/** The PKI of this test process (generated on first use, removed at exit). */
export function testPki(): Promise<Pki> {
  shared ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'probe-pki-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    await generate(dir);
    return { dir, path: (name) => join(dir, name), pem: (name) => readFile(join(dir, name), 'utf8') };
  })();
  return shared;
}
