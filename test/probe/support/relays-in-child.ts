// Delaying relays (./relay.ts) run in a child process, so that forwarding the bytes takes none of the measuring
// process's event loop: a benchmark of many parallel probes through a slow network measures the probe, not the relay.
import { fork } from 'node:child_process';
import { join } from 'node:path';

export interface ChildRelays {
  /** One port per target, in the targets' order; each relays to its target with the delay in each direction. */
  ports: number[];
  /** The child process relaying. */
  pid: number;
  stop(): Promise<void>;
}

export function startRelaysInChild(targets: readonly number[], delayMs: number): Promise<ChildRelays> {
  const child = fork(join(__dirname, 'relays-child.ts'), [String(delayMs), ...targets.map(String)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => {
      child.kill();
      reject(new Error('the relay process did not start within 10 s'));
    }, 10_000);
    child.once('message', (ports: number[]) => {
      clearTimeout(deadline);
      resolve({ ports, pid: child.pid!, stop });
    });
    child.once('exit', (code) => {
      clearTimeout(deadline);
      reject(new Error(`the relay process exited (${code ?? 'signal'}) before listening`));
    });
  });
}
