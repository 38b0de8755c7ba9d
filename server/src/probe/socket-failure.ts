// What can go wrong below TLS, shared by the raw hello probes and the full handshake.

import { socketFailure, type SocketFailure } from '../diagnosis/evidence';
import type { ProxyRoute } from './proxy';

export { socketFailure, type SocketFailure } from '../diagnosis/evidence';

export function fromSocketError(error: NodeJS.ErrnoException): SocketFailure {
  switch (error.code) {
    case 'ECONNREFUSED':
      return socketFailure('connection-refused', 'the connection was refused: nothing listens on that port');
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return socketFailure('connection-refused', `the host is unreachable (${error.code})`);
    case 'ETIMEDOUT':
      return socketFailure('timeout', 'the TCP connection timed out');
    case 'ECONNRESET':
    case 'EPIPE':
      return socketFailure('connection-reset', `the server reset the connection (${error.code})`);
    default:
      return socketFailure('connection-reset', `the connection failed: ${error.code ?? error.message}`);
  }
}

/** Where to connect and how long the whole diagnosis may take. */
export interface Endpoint {
  /** An IP address (resolved once per diagnosis); through a proxy, the host name as well (the proxy resolves it). */
  address: string;
  port: number;
  /** The HTTP proxy every connection tunnels through (dial.ts); undefined: direct. */
  proxy?: ProxyRoute | undefined;
  /**
   * Through a proxy: each tunnel's opening (settled true once open, false once failed) is added here, and none is
   * asked for before `after` settles. Connections then reach the backend in the order the diagnosis made them, as
   * they do direct. `after` true (the proxy granted the tunnels before): the connection's first bytes follow its
   * CONNECT request at once (dial.ts), so that waiting for the others costs one round trip, not two.
   */
  opening?: Promise<boolean>[] | undefined;
  after?: Promise<boolean> | undefined;
}

export interface Limits {
  /** Epoch milliseconds after which every operation gives up with `timeout`. */
  deadline: number;
  signal?: AbortSignal | undefined;
}

export const TIMED_OUT: SocketFailure = socketFailure('timeout', 'the server did not answer in time');

/**
 * Settles a socket operation exactly once: on the result, the deadline or the abort signal, whichever comes
 * first; then runs `cleanup` (which must close the socket). `timedOut` says what the deadline found (through a
 * proxy: whether the proxy or the backend kept the connection waiting, dial.ts waitingOn).
 */
export function settleOnce<T>(
  limits: Limits,
  cleanup: () => void,
  start: (finish: (result: T | SocketFailure) => void) => void,
  timedOut: () => SocketFailure = () => TIMED_OUT,
): Promise<T | SocketFailure> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (result: T | SocketFailure): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      limits.signal?.removeEventListener('abort', onAbort);
      cleanup();
      resolve(result);
    };
    const onAbort = (): void => finish(socketFailure('aborted', 'the probe was cancelled'));
    const timer = setTimeout(() => finish(timedOut()), Math.max(0, limits.deadline - Date.now()));
    if (limits.signal?.aborted) return onAbort();
    limits.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      start(finish);
    } catch (error) {
      // A socket that cannot even be started (a bad address, say): settle now, and let cleanup close what was made.
      finish(
        socketFailure(
          'connection-refused',
          `the connection could not be started: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }
  });
}
