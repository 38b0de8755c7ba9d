// `apigee-tls-lint <command>`: lint (CI), probe (a live backend), capture (a tcpdump file), lsp --stdio (any editor).
import { EXIT_USAGE, processIO, UsageError, type CliIO } from './io';
import { runInventoryCommand } from './inventory-command';
import { runLintCommand } from './lint-command';
import { VERSION } from './version';
import { docsLink } from '../fs/docs';
import { closest } from '../lint/suggest';

const COMMANDS: ReadonlyArray<readonly [string, string]> = [
  ['lint', 'Lint bundles, environment configuration and bundle zips (CI, pre-commit).'],
  ['inventory', 'List every outbound TLS connection per environment (audits).'],
  ['probe', 'Connect to a backend as Apigee would and name why a handshake fails.'],
  ['clients', 'Which API clients (Java, .NET, browsers, curl…) can connect to a front door, and why not.'],
  ['capture', 'Name the cause of each failed TLS handshake in a tcpdump capture.'],
  ['lsp', 'Run the language server on stdio (lsp --stdio), for any LSP editor.'],
];

function usage(): string {
  return [
    'Usage: apigee-tls-lint <command> [options]     (apigee-tls-lint <command> --help for its options)',
    '',
    'Catches Apigee TLS (SSLInfo) misconfiguration before deployment, and diagnoses live handshakes.',
    '',
    'Commands:',
    ...COMMANDS.map(([name, what]) => `  ${name.padEnd(11)}${what}`),
    '',
    'Options:',
    '  -h, --help     Show this help and exit.',
    '  -v, --version  Print the version and exit.',
    '',
    'Exit status: 0 clean, 1 findings (or a failed handshake), 2 usage error or nothing to check.',
    `Docs: ${docsLink('README.md')}`,
    '',
  ].join('\n');
}

const LSP_HELP = `Usage:
  apigee-tls-lint lsp --stdio

Runs the language server on stdin/stdout for any LSP editor (Neovim, Helix, Emacs eglot...).

Docs: `;

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'lint':
        return await runLintCommand(rest, io);
      // probe, capture, clients and lsp are loaded on demand (each its own bundle beside dist/cli.js, see
      // scripts/build.mjs) so that `lint`, run by every pre-commit hook and CI job, neither reads nor starts them.
      case 'probe':
        return await (await import('./probe-command')).runProbeCommand(rest, io);
      case 'capture':
        return await (await import('./capture-command')).runCaptureCommand(rest, io);
      case 'clients':
        return await (await import('./clients-command')).runClientsCommand(rest, io);
      case 'inventory':
        return await runInventoryCommand(rest, io);
      case 'lsp':
        if (rest.includes('--help') || rest.includes('-h')) {
          io.stdout(`${LSP_HELP}${docsLink('README.md#lsp---stdio')}\n`);
          return 0;
        }
        if (!rest.includes('--stdio')) throw new UsageError('lsp: only --stdio is supported');
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
        // `help lint` is `lint --help`.
        if (command === 'help' && rest[0] !== undefined && COMMANDS.some(([name]) => name === rest[0]))
          return await runCli([rest[0], '--help'], io);
        (command === undefined ? io.stderr : io.stdout)(usage());
        return command === undefined ? EXIT_USAGE : 0;
      default: {
        const near = closest(
          command,
          COMMANDS.map(([name]) => name),
        );
        throw new UsageError(`unknown command '${command}'${near !== undefined ? `; did you mean '${near}'?` : ''} (see --help)`);
      }
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
