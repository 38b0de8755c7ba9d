/** What a CLI command may touch, passed in so tests can run commands in-process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** True when stdout is a terminal (colour in text reports). */
  isTTY: boolean;
  /** The environment (HTTPS_PROXY, NO_PROXY…); omitted: process.env. */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** Exit statuses shared by every command. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

const USAGE = Symbol.for('apigee-tls-lint.usage-error');

/** A usage error: printed as one clear line, exit status 2, never a stack trace. */
export class UsageError extends Error {
  readonly [USAGE] = true;

  /**
   * Known by its mark, not by which copy of this class made it: probe, capture and clients are bundles of their own
   * beside dist/cli.js (scripts/build.mjs), each with its own copy, and cli/main.ts's catch must know theirs.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && USAGE in value;
  }
}

export function processIO(): CliIO {
  // A closed pipe (`apigee-tls-lint lint . | head`) is the reader's choice, not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
  };
}
