// Relays what the workbench hands to codeAutomationLog. The suite marks its own console lines (see
// suite/output-marker.ts): those go to stdout; the workbench's own chatter is kept and shown only when the
// run fails, or at once with VSCODE_TEST_VERBOSE=1.
import { format } from 'node:util';
import { OUTPUT_MARKER } from '../suite/output-marker';

export class LogRelay {
  private readonly other: string[] = [];

  constructor(private readonly verbose = process.env.VSCODE_TEST_VERBOSE === '1') {}

  readonly log = (level: string, message: unknown): void => {
    const text = Array.isArray(message) ? format(...(message as unknown[])) : String(message);
    if (text.startsWith(OUTPUT_MARKER)) {
      process.stdout.write(`${text.slice(OUTPUT_MARKER.length)}\n`);
      return;
    }
    const line = `[workbench ${level}] ${text}`;
    if (this.verbose) process.stderr.write(`${line}\n`);
    else this.other.push(line);
  };

  /** Prints the withheld workbench lines (call when the run failed). */
  flush(): void {
    for (const line of this.other.splice(0)) process.stderr.write(`${line}\n`);
  }
}
