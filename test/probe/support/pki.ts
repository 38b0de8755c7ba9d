// A throw-away PKI for the probe tests, generated once per process with the openssl CLI in a temp dir
// (test/support/openssl-ca.ts runs it).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DAY,
  issueSteps,
  keyStep,
  runSteps,
  selfSignedStep,
  tempDirRemovedAtExit,
  writeCaDirectory,
  type IssueOptions,
  type KeyType,
} from '../../support/openssl-ca';

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
const EXTENSIONS = `[ ca_ext ]
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

async function generate(dir: string): Promise<void> {
  writeCaDirectory(dir, EXTENSIONS);
  const key = (name: string, type?: KeyType) => runSteps(dir, keyStep(name, type));
  const selfSigned = (name: string, cn: string, ext: string) => runSteps(dir, selfSignedStep(name, cn, ext));
  // Sequential: openssl ca shares one database.
  const sign = (name: string, cn: string, issuer: string, ext: string, opts?: IssueOptions) =>
    runSteps(dir, ...issueSteps(name, cn, issuer, ext, opts));

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
    const dir = await tempDirRemovedAtExit('probe-pki-');
    await generate(dir);
    return { dir, path: (name) => join(dir, name), pem: (name) => readFile(join(dir, name), 'utf8') };
  })();
  return shared;
}
