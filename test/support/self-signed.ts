// A throw-away self-signed certificate made with the openssl CLI (EC P-256, valid a year, SAN DNS:<name>).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** Writes cert.pem and key.pem into `dir` (the certificate naming `sans`, `name` alone by default). */
export async function makeSelfSignedCertificate(dir: string, name = 'probe.test', sans: readonly string[] = [name]): Promise<void> {
  await promisify(execFile)(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-subj',
      `/CN=${name}`,
      '-addext',
      `subjectAltName=${sans.map((s) => `DNS:${s}`).join(',')}`,
      '-days',
      '365',
      '-keyout',
      'key.pem',
      '-out',
      'cert.pem',
    ],
    { cwd: dir },
  );
}
