// Records real captures in a test: tcpdump on an interface for one TCP port, started before the traffic and
// stopped (SIGINT, so it flushes) after it; editcap (Debian package tshark) converts to pcapng.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { readCapture } from '../../../server/src/capture/read-capture';

function installed(command: string): boolean {
  try {
    execFileSync('which', [command], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The skip reason for tests that record captures, or false when they can run. */
export const NO_TCPDUMP: string | false = installed('tcpdump') ? false : 'tcpdump is not installed (scripts/setup.sh installs it)';

const START_DEADLINE_MS = 10_000;
const STOP_DEADLINE_MS = 10_000;

export interface Recording {
  file: string;
  /** Stops tcpdump and waits until it has written and closed the file. */
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function deadline(ms: number, what: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(what)), ms).unref());
}

/**
 * `tcpdump -i <iface> --immediate-mode -B 16384 -U -w <file> <extra…> tcp and (port <port> or …)`, resolved once it says "listening on".
 * Immediate mode with the default buffer drops packets on `-i any` here ("dropped by kernel"); 16 MB does not.
 */
export async function record(iface: string, port: number | readonly number[], file: string, extra: string[] = []): Promise<Recording> {
  const ports = typeof port === 'number' ? [port] : port;
  const filter = ['tcp', 'and', '(', ...ports.flatMap((p, i) => [...(i === 0 ? [] : ['or']), 'port', String(p)]), ')'];
  const child = spawn('tcpdump', ['-i', iface, '--immediate-mode', '-B', '16384', '-U', '-w', file, ...extra, ...filter], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  const listening = new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
      if (log.includes('listening on')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`tcpdump exited (${code}): ${log}`)));
    child.once('error', reject);
  });
  try {
    await Promise.race([listening, deadline(START_DEADLINE_MS, `tcpdump did not start listening: ${log}`)]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    file,
    async stop() {
      child.kill('SIGINT');
      try {
        await Promise.race([exited(child), deadline(STOP_DEADLINE_MS, `tcpdump did not stop: ${log}`)]);
      } catch (error) {
        child.kill('SIGKILL');
        throw error;
      }
    },
  };
}

/** `editcap -F <format> in out`: pcapng, or nsecpcap, … */
export async function convert(input: string, output: string, format = 'pcapng'): Promise<string> {
  await promisify(execFile)('editcap', ['-F', format, input, output]);
  return output;
}

/** Waits until the capture holds `count` ended connections and no packet came in the last poll. */
export async function settled(file: string, count: number): Promise<void> {
  const end = Date.now() + 10_000;
  let packets = -1;
  while (Date.now() < end) {
    const result = readCapture(file);
    const ended = result.ok ? result.capture.connections.filter((c) => c.closedBy ?? c.resetBy).length : 0;
    if (ended >= count && result.ok && result.capture.packets === packets) return;
    packets = result.ok ? result.capture.packets : -1;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${file}: ${count} connections did not end in the capture within 10 s`);
}
