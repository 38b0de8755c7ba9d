// Waiting inside the extension host: on an event where VS Code has one, else polling, always with a deadline.
import * as vscode from 'vscode';

export const DEFAULT_TIMEOUT_MS = Number(process.env.VSCODE_TEST_WAIT_MS ?? 20_000);

/** Re-evaluates `probe` each time `event` fires (and once at once) until it returns a value. */
export function waitForEvent<T>(
  what: string,
  event: vscode.Event<unknown>,
  probe: () => T | undefined,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  describeLast: () => string = () => '',
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const check = (): boolean => {
      const value = probe();
      if (value === undefined) return false;
      finish();
      resolve(value);
      return true;
    };
    const subscription = event(() => void check());
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}${describeLast()}`));
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      subscription.dispose();
    };
    check();
  });
}

/** Polls an async probe (for providers that answer only once the language server is up). */
export async function eventually<T>(what: string, probe: () => Thenable<T | undefined>, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
