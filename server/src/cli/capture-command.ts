// `apigee-tls-lint capture <file>`: the handshake failures in a tcpdump capture, named with the probe's cause codes.
import { resolve } from 'node:path';
import { diagnoseCapture } from '../capture/diagnose-capture';
import { readKeyLogFile, type KeyLog } from '../capture/keylog';
import { captureReportJson } from '../capture/report-json';
import { formatCaptureText } from '../capture/report-text';
import type { CaptureSide } from '../diagnosis/northbound';
import { trustFromPem, uncheckedTrust, type TrustStore } from '../diagnosis/trust';
import { readInputText } from './files';
import { PROFILES, type Profile } from '../tls/profile';
import { helpText, parseArgs, single, type CommandSpec } from './args';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from './io';

export const CAPTURE_SPEC: CommandSpec = {
  command: 'capture',
  usage: ['apigee-tls-lint capture <file.pcap|file.pcapng> [options]'],
  summary: "Reads a tcpdump capture and names the cause of each failed TLS handshake in it, with the probe's cause codes.",
  options: [
    { name: 'format', short: 'f', value: 'text|json', description: 'Output format (default text).' },
    { name: 'ca', value: 'FILE.pem', description: "Judge the server's chain against these certificates (the truststore's; repeatable)." },
    {
      name: 'side',
      value: 'southbound|northbound',
      description: 'southbound (default): Apigee calling a backend; northbound: a client calling Apigee.',
    },
    { name: 'profile', value: 'apigeex|edge', description: 'The runtime to judge as (default apigeex).' },
    { name: 'keylog', value: 'FILE', description: "An SSLKEYLOGFILE of the capture's clients: opens their TLS 1.3 handshakes." },
  ],
  notes: [
    'Exit status: 0 every TLS handshake in the capture completed, 1 one failed, 2 the file cannot be read, or the',
    'snaplen cut every handshake in it (nothing could be judged).',
  ].join('\n'),
  docs: 'README.md#capture',
};

const SIDES: readonly CaptureSide[] = ['southbound', 'northbound'];

function oneOf<T extends string>(list: readonly T[], value: string | undefined, fallback: T, flag: string): T {
  if (value === undefined) return fallback;
  if ((list as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`capture: --${flag} must be one of ${list.join(', ')}`);
}

/** The client's truststore when given (--ca); else unchecked: the capture's client is not this machine. */
function trustOf(files: readonly string[], cwd: string): TrustStore {
  if (files.length === 0) return uncheckedTrust();
  const pems = files.map((file) => ({ name: file, text: readInputText('capture', resolve(cwd, file), `--ca '${file}'`) }));
  try {
    return trustFromPem(pems);
  } catch (error) {
    throw new UsageError(`capture: --ca ${error instanceof Error ? error.message : String(error)}`);
  }
}

function keyLogOf(file: string | undefined, cwd: string): KeyLog | undefined {
  if (file === undefined) return undefined;
  try {
    return readKeyLogFile(resolve(cwd, file));
  } catch (error) {
    throw new UsageError(`capture: cannot read --keylog '${file}': ${error instanceof Error ? error.message : 'unreadable'}`);
  }
}

export async function runCaptureCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, CAPTURE_SPEC);
  if (args.help) {
    io.stdout(helpText(CAPTURE_SPEC));
    return EXIT_OK;
  }
  if (args.positionals.length !== 1) throw new UsageError('capture: name one capture file (see --help)');
  const file = args.positionals[0]!;
  const format = oneOf(['text', 'json'] as const, single(args, 'format'), 'text', 'format');
  const side = oneOf(SIDES, single(args, 'side'), 'southbound', 'side');
  const profile = oneOf<Profile>(PROFILES, single(args, 'profile'), 'apigeex', 'profile');
  const trust = trustOf(args.values.get('ca') ?? [], io.cwd);
  const keyLog = keyLogOf(single(args, 'keylog'), io.cwd);
  const result = await diagnoseCapture(resolve(io.cwd, file), file, { trust, profile, side, keyLog });
  if (!result.ok) {
    io.stderr(`apigee-tls-lint: capture: ${file}: ${result.error.message}\n`);
    return EXIT_USAGE;
  }
  const report = result.report;
  if (format === 'json') {
    io.stdout(JSON.stringify(captureReportJson(report, { evidence: false }), null, 2) + '\n');
  } else {
    io.stdout(formatCaptureText(report, { color: io.isTTY }));
  }
  if (report.tlsConnections === 0 && report.skipped.cut > 0) {
    io.stderr(`apigee-tls-lint: capture: ${file}: no TLS handshake could be read: the snaplen cut them (capture with \`tcpdump -s 0\`)\n`);
    return EXIT_USAGE;
  }
  return report.failed > 0 ? EXIT_FINDINGS : EXIT_OK;
}
