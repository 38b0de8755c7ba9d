// `apigee-tls-lint <command>`: lint (CI), probe (a live backend), capture (a tcpdump file), lsp --stdio (any editor).
import { EXIT_USAGE, processIO, UsageError, type CliIO } from './io';
import { runCaptureCommand } from './capture-command';
import { runClientsCommand } from './clients-command';
import { runInventoryCommand } from './inventory-command';
import { runLintCommand } from './lint-command';
import { runProbeCommand } from './probe-command';
import { VERSION } from './version';

const USAGE = `Usage:
  apigee-tls-lint lint <file|dir>... [--profile auto|apigeex|edge] [--format stylish|json|sarif]
                  [--rule id=off|error|warning|info]... [--max-warnings N] [--fix] [--verbose]
                  [--env NAME]... [--expiry-days N]
  apigee-tls-lint inventory <dir>... [--env NAME]... [--format text|json|markdown]
  apigee-tls-lint probe <https-url | host:port> [options]    (apigee-tls-lint probe --help)
  apigee-tls-lint probe --bundle <dir> [--target NAME]
  apigee-tls-lint clients <https-url | host[:port]> [--sni NAME | --no-sni] [--client ID|all]... [--ca FILE]...
                  [--resolve HOST:PORT:ADDR]... [--timeout MS] [--format text|json]   (clients --help)
  apigee-tls-lint capture <file.pcap|file.pcapng> [--format text|json] [--ca FILE]... [--side southbound|northbound]
  apigee-tls-lint lsp --stdio
`;

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'lint':
        return await runLintCommand(rest, io);
      case 'probe':
        return await runProbeCommand(rest, io);
      case 'capture':
        return await runCaptureCommand(rest, io);
      case 'clients':
        return await runClientsCommand(rest, io);
      case 'inventory':
        return await runInventoryCommand(rest, io);
      case 'lsp':
        if (!rest.includes('--stdio')) throw new UsageError('lsp: only --stdio is supported');
        // Loaded on demand so `lint` and `probe` do not pay for the server's start-up.
        (await import('../lsp/main')).startServer();
        return await new Promise<number>(() => undefined);
      case '--version':
      case '-v':
        io.stdout(`${VERSION}\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.stdout(USAGE);
        return command === undefined ? EXIT_USAGE : 0;
      default:
        throw new UsageError(`unknown command '${command}'\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`apigee-tls-lint: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

export { processIO };

/** Entry point of `bin/apigee-tls-lint`: runs a command and sets the exit status. */
export function main(argv: string[]): void {
  runCli(argv, processIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`apigee-tls-lint: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
