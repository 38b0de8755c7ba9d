// `probe` arguments, checked up front: every mistake is one clear line and exit status 2, never a stack.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { PROFILES, type Profile } from '../lint/model';
import { trustFromPem, type TrustStore } from '../diagnosis/trust';
import { isTlsProtocol, type TlsProtocol } from '../tls/versions';
import { canonicalProtocol, cipherSuiteByName, cipherSuiteByOpenSslName } from '../tls/names';
import { parseArgs, single, type ParsedArgs } from './args';
import { UsageError } from './io';
import { resolveKey } from '../probe/from-sslinfo';
import { normalizeHost, parseUrlHost, unbracket } from '../tls/host-names';

export const PROBE_USAGE = `Usage:
  apigee-tls-lint probe <https-url | host:port> [--sni NAME | --no-sni] [--protocols TLSv1.2,TLSv1.3]
                  [--ciphers IANA_NAME,...] [--ca FILE.pem]... [--client-cert FILE --client-key FILE]
                  [--resolve HOST:PORT:ADDR]... [--timeout MS] [--profile apigeex|edge] [--format text|json]
  apigee-tls-lint probe --bundle <dir> [--target NAME] [--no-sni] [--ca FILE.pem]... [--client-cert FILE
                  --client-key FILE] [--resolve HOST:PORT:ADDR]... [--timeout MS] [--profile apigeex|edge]
                  [--format text|json]
Exit status: 0 the handshake Apigee would make succeeds, 1 it fails, 2 usage error.
`;

const FORMATS = ['text', 'json'] as const;
export type ProbeFormat = (typeof FORMATS)[number];

export interface ProbeOptions {
  target: { host: string; port: number } | undefined;
  bundle: string | undefined;
  targetName: string | undefined;
  /** undefined: the default (the host name, or none for an IP); null: --no-sni. */
  sni: string | null | undefined;
  protocols: TlsProtocol[] | undefined;
  ciphers: string[] | undefined;
  trust: TrustStore | undefined;
  clientCertificate: { cert: string; key: string } | undefined;
  /** `host:port` (lower-case host) → address. */
  resolve: Map<string, string>;
  timeoutMs: number;
  profile: Profile;
  format: ProbeFormat;
  help: boolean;
}

const fail = (message: string): never => {
  throw new UsageError(`probe: ${message}`);
};

function readText(cwd: string, file: string, what: string): string {
  try {
    return readFileSync(resolve(cwd, file), 'utf8');
  } catch (error) {
    return fail(`cannot read ${what} '${file}': ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
}

function parsePort(text: string, context: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) fail(`bad port '${text}' in '${context}'`);
  return port;
}

export function parseTarget(text: string): { host: string; port: number } {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    // A command-line URL holds no templates: `{` in a host is just invalid.
    const url = parseUrlHost(text, () => false);
    if (url.kind !== 'host')
      return url.kind === 'other-scheme'
        ? fail(`'${text}' is not an https URL: only TLS backends can be probed`)
        : fail(`'${text}' is not a valid URL`);
    if (url.scheme !== 'https') fail(`'${text}' is not an https URL: only TLS backends can be probed`);
    return { host: url.host, port: url.port };
  }
  const m = /^(\[[^\]]+\]|[^:\s/[\]]+):([^:]+)$/.exec(text);
  if (m === null) return fail(`'${text}' is neither an https URL nor host:port`);
  return { host: normalizeHost(m[1]!), port: parsePort(m[2]!, text) };
}

function parseResolve(entries: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of entries) {
    const m = /^(\[[^\]]+\]|[^:[\]]+):(\d+):(.+)$/.exec(entry);
    const address = m && unbracket(m[3]!);
    if (m === null || !isIP(address!)) fail(`--resolve takes HOST:PORT:ADDRESS with an IP address, not '${entry}'`);
    map.set(resolveKey(m![1]!, parsePort(m![2]!, entry)), address!);
  }
  return map;
}

function parseProtocols(text: string): TlsProtocol[] {
  return text.split(',').map((raw) => {
    const name = raw.trim();
    if (isTlsProtocol(name)) return name;
    const meant = canonicalProtocol(name);
    return fail(
      `unknown protocol '${name}'${meant && isTlsProtocol(meant) ? ` (the JSSE name is ${meant})` : ''}; use TLSv1, TLSv1.1, TLSv1.2, TLSv1.3`,
    );
  });
}

function parseCiphers(text: string): string[] {
  return text.split(',').map((raw) => {
    const name = raw.trim();
    if (cipherSuiteByName(name) !== undefined) return name;
    const openssl = cipherSuiteByOpenSslName(name);
    return fail(
      openssl !== undefined
        ? `'${name}' is an OpenSSL name; Apigee needs the IANA name ${openssl.name}`
        : `unknown cipher suite '${name}' (use IANA names such as TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)`,
    );
  });
}

function parseTrust(cwd: string, files: readonly string[]): TrustStore | undefined {
  if (files.length === 0) return undefined;
  try {
    return trustFromPem(files.map((name) => ({ name, text: readText(cwd, name, 'CA file') })));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    return fail(`--ca: ${error instanceof Error ? error.message : 'not a PEM certificate file'}`);
  }
}

function parseClientCertificate(cwd: string, args: ParsedArgs): ProbeOptions['clientCertificate'] {
  const certFile = single(args, 'client-cert');
  const keyFile = single(args, 'client-key');
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined || keyFile === undefined) fail('--client-cert and --client-key go together');
  const cert = readText(cwd, certFile!, 'client certificate');
  const key = readText(cwd, keyFile!, 'client key');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch {
    return fail(`'${certFile}' is not a PEM certificate`);
  }
  try {
    // Never echo the key: only whether it parses and belongs to the certificate.
    if (!certificate.checkPrivateKey(createPrivateKey(key))) fail(`the key in '${keyFile}' does not belong to '${certFile}'`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    fail(`'${keyFile}' is not an unencrypted PEM private key`);
  }
  return { cert, key };
}

function parseTimeout(text: string | undefined): number {
  if (text === undefined) return 10_000;
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < 1 || ms > 600_000) fail(`--timeout takes milliseconds from 1 to 600000, not '${text}'`);
  return ms;
}

function parseSni(args: ParsedArgs): string | null | undefined {
  const sni = single(args, 'sni');
  if (args.flags.has('no-sni')) {
    if (sni !== undefined) fail('--sni and --no-sni exclude each other');
    return null;
  }
  if (sni !== undefined && isIP(sni)) fail('--sni takes a host name: an IP address is never sent as SNI');
  return sni;
}

export function parseProbeArgs(argv: string[], cwd: string): ProbeOptions {
  const args = parseArgs(
    argv,
    {
      values: [
        'sni',
        'protocols',
        'ciphers',
        'ca',
        'client-cert',
        'client-key',
        'resolve',
        'timeout',
        'profile',
        'format',
        'bundle',
        'target',
      ],
      flags: ['no-sni', 'help'],
    },
    'probe',
  );
  const profile = (single(args, 'profile') ?? 'apigeex') as Profile;
  if (!PROFILES.includes(profile)) fail(`--profile must be one of ${PROFILES.join(', ')}`);
  const format = (single(args, 'format') ?? 'text') as ProbeFormat;
  if (!FORMATS.includes(format)) fail(`--format must be one of ${FORMATS.join(', ')}`);
  const bundle = single(args, 'bundle');
  const help = args.flags.has('help');
  if (!help && bundle === undefined && args.positionals.length !== 1) fail('name one https URL or host:port (or --bundle DIR)');
  if (bundle !== undefined) {
    if (args.positionals.length > 0) fail('--bundle takes no URL: each target is probed with its own SSLInfo');
    for (const name of ['sni', 'protocols', 'ciphers'])
      if (args.values.has(name)) fail(`--${name} cannot be combined with --bundle: SSLInfo decides`);
  } else if (args.values.has('target')) fail('--target needs --bundle');
  const protocolsText = single(args, 'protocols');
  const ciphersText = single(args, 'ciphers');
  return {
    target: bundle === undefined && !help ? parseTarget(args.positionals[0]!) : undefined,
    bundle,
    targetName: single(args, 'target'),
    sni: parseSni(args),
    protocols: protocolsText === undefined ? undefined : parseProtocols(protocolsText),
    ciphers: ciphersText === undefined ? undefined : parseCiphers(ciphersText),
    trust: parseTrust(cwd, args.values.get('ca') ?? []),
    clientCertificate: parseClientCertificate(cwd, args),
    resolve: parseResolve(args.values.get('resolve') ?? []),
    timeoutMs: parseTimeout(single(args, 'timeout')),
    profile,
    format,
    help,
  };
}
