// One list of clean-up steps, run once (newest first) on normal exit, failure, timeout or a signal.
type Step = () => Promise<void> | void;

const steps: Step[] = [];
let running: Promise<void> | undefined;

export function onCleanup(step: Step): void {
  steps.push(step);
}

export function runCleanup(): Promise<void> {
  running ??= (async () => {
    while (steps.length > 0) {
      const step = steps.pop()!;
      try {
        await step();
      } catch (error) {
        console.error('cleanup step failed:', error);
      }
    }
  })();
  return running;
}

/** Runs main with an overall deadline; cleans up and exits with its code (1 on error or timeout, 130 on a signal). */
export function runMain(name: string, main: () => Promise<number>, timeoutMs: number): void {
  let finished = false;
  const finish = (code: number): void => {
    if (finished) return;
    finished = true;
    void runCleanup().finally(() => process.exit(code));
  };
  const timer = setTimeout(() => {
    console.error(`${name}: timed out after ${timeoutMs} ms`);
    finish(1);
  }, timeoutMs);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      console.error(`${name}: ${signal}`);
      finish(130);
    });
  }
  main().then(
    (code) => {
      clearTimeout(timer);
      finish(code);
    },
    (error: unknown) => {
      clearTimeout(timer);
      if (finished) return;
      console.error(`${name}:`, error);
      finish(1);
    },
  );
}
