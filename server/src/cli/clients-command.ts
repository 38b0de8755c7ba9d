// `apigee-tls-lint clients`: which API clients can connect to Apigee's front door (a virtual host's host alias, a
// hybrid ingress or an Apigee X load balancer), each judged from its own ClientHello.
import { isIP } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import { resolveKey } from '../tls/host-names';
import { readNamedText } from '../fs/regular-file';
import { trustFromPem } from '../diagnosis/trust';
import { simulateClients, type ClientsReport } from '../probe/clients/simulate';
import { CLIENT_PROFILES } from '../tls/clients/table';
import type { ClientProfile } from '../tls/clients/profile';
import { chooseClients } from '../probe/clients/choose';
import { findConfig } from './config';
import { formatClientsText, clientsJson } from './clients-format';
import { helpText, parseArgs, single, type CommandSpec } from './args';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIO } from './io';
import { parseProxy, parseResolve, parseSni, parseTarget, parseTimeout, PROXY_OPTIONS } from './probe-args';

export const CLIENTS_SPEC: CommandSpec = {
  command: 'clients',
  usage: ['apigee-tls-lint clients <https-url | host[:port]> [options]'],
  summary: [
    'Simulates the handshake of each client of the profile table (docs/clients.md) against the front door and says',
    'which clients cannot connect, why, and the Apigee setting that fixes it (Edge virtual host, Private Cloud router,',
    'hybrid overrides, Apigee X load balancer). Default set: the `clients` of .apigee-tls.json, else the clients Apigee\nAPI consumers run (--list shows all).',
  ].join('\n'),
  options: [
    { name: 'sni', value: 'NAME', description: 'The SNI the clients send (default: the host name; none for an IP address).' },
    { name: 'no-sni', description: 'The clients send no SNI.' },
    { name: 'resolve', value: 'HOST:PORT:ADDR', description: 'Connect to ADDR for HOST:PORT, as curl --resolve (repeatable).' },
    { name: 'client', value: 'ID|all', description: 'Simulate this client (repeatable); all: every client of the table.' },
    { name: 'ca', value: 'FILE.pem', description: 'The certificates the clients trust (repeatable; default: the system roots).' },
    { name: 'timeout', value: 'MS', description: 'The limit for the whole run, in milliseconds (default 10000).' },
    { name: 'format', short: 'f', value: 'text|json', description: 'Output format (default text).' },
    { name: 'config', value: 'FILE', description: 'The .apigee-tls.json whose `clients` is the default set (default: the nearest).' },
    { name: 'list', description: 'List the clients of the table and exit.' },
    ...PROXY_OPTIONS,
  ],
  notes: 'Exit status: 0 every chosen client connects, 1 one does not, 2 usage error.',
  docs: 'docs/clients.md',
};

const FORMATS = ['text', 'json'] as const;

const fail = (message: string): never => {
  throw new UsageError(`clients: ${message}`);
};

/** The probe's parsers, with this command's name in their messages. */
function asClients<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(error.message.replace(/^probe: /, 'clients: '));
    throw error;
  }
}

/** --client, else the config file's `clients` (a team's own set), else the default set. */
function clientsOf(ids: readonly string[], teamSet: readonly string[] | undefined): ClientProfile[] {
  const choice = chooseClients(ids, teamSet);
  if ('unknown' in choice) return fail(`unknown client '${choice.unknown[0]}' (apigee-tls-lint clients --list names them)`);
  return choice.clients;
}

function target(text: string): { host: string; port: number } {
  // host alone: port 443, as a browser would.
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /:\d+$/.test(text) ? parseTarget(text) : parseTarget(`${text}:443`);
}

function listClients(): string {
  const width = Math.max(...CLIENT_PROFILES.map((p) => p.id.length));
  return CLIENT_PROFILES.map((p) => `${p.id.padEnd(width)}  ${p.consumer ? '*' : ' '} ${p.name}\n`).join('') + '(* in the default set)\n';
}

export async function runClientsCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, CLIENTS_SPEC);
  if (args.help) {
    io.stdout(helpText(CLIENTS_SPEC));
    return EXIT_OK;
  }
  if (args.flags.has('list')) {
    io.stdout(listClients());
    return EXIT_OK;
  }
  const format = (single(args, 'format') ?? 'text') as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) fail(`--format must be one of ${FORMATS.join(', ')}`);
  if (args.positionals.length !== 1) fail('name one https URL or host[:port]');
  const { host, port } = asClients(() => target(args.positionals[0]!));
  const sniOption = asClients(() => parseSni(args));
  const resolve = asClients(() => parseResolve(args.values.get('resolve') ?? []));
  const timeoutMs = asClients(() => parseTimeout(single(args, 'timeout')));
  const proxy = asClients(() => parseProxy(args, io.env ?? process.env));
  // The config file's unknown ids are reported by its lint rule and left out here.
  const clients = clientsOf(args.values.get('client') ?? [], findConfig([], io.cwd, single(args, 'config'), 'clients')?.config.clients);
  const caFiles = args.values.get('ca') ?? [];
  let trust;
  try {
    trust =
      caFiles.length === 0 ? undefined : trustFromPem(caFiles.map((name) => ({ name, text: readNamedText(resolvePath(io.cwd, name)) })));
  } catch (error) {
    return fail(`cannot read --ca: ${error instanceof Error ? error.message : String(error)}`);
  }
  const report: ClientsReport = await simulateClients({
    host,
    port,
    sni: sniOption === undefined ? (isIP(host) ? null : host) : sniOption,
    address: resolve.get(resolveKey(host, port)),
    trust,
    clients,
    timeoutMs,
    proxy,
  });
  io.stdout(format === 'json' ? JSON.stringify(clientsJson(report), null, 2) + '\n' : formatClientsText(report, { color: io.isTTY }));
  return report.server !== undefined && report.clients.every((c) => c.ok) ? EXIT_OK : EXIT_FINDINGS;
}
