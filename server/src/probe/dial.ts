// Every TCP connection of a probe starts here: direct to the backend, or through an HTTP proxy's CONNECT tunnel.
// Either way the caller gets the socket once it is open to the backend and writes its TLS bytes as it would
// directly; the handshake inside the tunnel is the same evidence as a direct one. What fails before that is
// the caller's `failed`: a socket failure when direct, the proxy's own failure when tunnelled (never the backend's).
import * as net from 'node:net';
import { fromSocketError, socketFailure, TIMED_OUT, type Endpoint, type SocketFailure } from './socket-failure';
import type { ProxyRoute } from './proxy';

export interface DialHandlers {
  /**
   * Write the first bytes now (called once, before `open` or just before it). Through a proxy that already granted a
   * tunnel to this backend in this diagnosis they follow the CONNECT request without waiting for its answer: the
   * proxy forwards them once the tunnel is open, and its refusal, should it come, still precedes any of the backend's.
   */
  ready?(): void;
  /** The connection reaches the backend: listen for data (called once). */
  open(): void;
  /** The connection could not be opened (called at most once, never after `open`). */
  failed(failure: SocketFailure): void;
}

/** A proxy's answer to CONNECT larger than this is no answer (its headers, not a body, come before the tunnel). */
const MAX_CONNECT_ANSWER_BYTES = 16 * 1024;
/** The proxy's reason phrase as quoted in a message. */
const MAX_REASON_CHARS = 200;

/** Through a proxy, what a deadline reaching each tunnel's socket finds (see waitingOn). */
const stalls = new WeakMap<net.Socket, () => SocketFailure>();

/**
 * What a connection dialled here was waiting on when its deadline passed: direct, the backend (a plain timeout);
 * through a proxy, the proxy (not connected, or CONNECT unanswered: proxy-timeout, the backend never reached), or,
 * once the proxy granted the tunnel, the backend through it (a timeout that says so).
 */
export function waitingOn(socket: net.Socket | undefined): SocketFailure {
  return (socket === undefined ? undefined : stalls.get(socket)?.()) ?? TIMED_OUT;
}

/** Opens a connection to `endpoint` (through `endpoint.proxy` when it has one). Destroy the socket to cancel. */
export function dial(endpoint: Endpoint, handlers: DialHandlers): net.Socket {
  if (endpoint.proxy !== undefined) return tunnel(endpoint, endpoint.proxy, handlers);
  const socket = net.connect({ host: endpoint.address, port: endpoint.port });
  const onError = (error: NodeJS.ErrnoException): void => handlers.failed(fromSocketError(error));
  socket.on('error', onError);
  socket.once('connect', () => {
    socket.off('error', onError);
    handlers.ready?.();
    handlers.open();
  });
  return socket;
}

/** `host:port` as a CONNECT request names it (IPv6 in brackets). */
export function authority(host: string, port: number): string {
  return `${net.isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

function tunnel(endpoint: Endpoint, proxy: ProxyRoute, outer: DialHandlers): net.Socket {
  const target = authority(endpoint.address, endpoint.port);
  let opened: (open: boolean) => void = () => undefined;
  endpoint.opening?.push(new Promise<boolean>((resolve) => (opened = resolve)));
  const handlers: DialHandlers = {
    open: () => {
      opened(true);
      outer.open();
    },
    failed: (failure) => {
      opened(false);
      outer.failed(failure);
    },
  };
  const socket = new net.Socket();
  /** Whether the caller writes right behind the CONNECT request (see DialHandlers.ready). */
  let pipelined = false;
  const connect = (granted: boolean): void => {
    pipelined = granted;
    if (!socket.destroyed) socket.connect({ host: proxy.host, port: proxy.port });
  };
  if (endpoint.after === undefined) connect(false);
  else endpoint.after.then(connect, () => connect(false));
  let answer = Buffer.alloc(0);
  let connected = false;
  let settled = false;
  let granted = false;
  stalls.set(socket, () =>
    granted
      ? socketFailure('timeout', `the server did not answer in time, through the tunnel the proxy ${proxy.url} opened to ${target}`)
      : socketFailure(
          'proxy-timeout',
          connected
            ? `the proxy ${proxy.url} accepted the connection but did not answer CONNECT ${target} in time`
            : `the proxy ${proxy.url} did not accept the connection in time`,
        ),
  );
  const detach = (): void => {
    settled = true;
    socket.off('data', onData);
    socket.off('error', onError);
    socket.off('close', onClose);
  };
  const fail = (failure: SocketFailure): void => {
    if (settled) return;
    detach();
    socket.on('error', () => undefined);
    socket.destroy();
    handlers.failed(failure);
  };
  const onError = (error: NodeJS.ErrnoException): void =>
    fail(
      connected
        ? socketFailure('proxy-refused', `the proxy ${proxy.url} dropped the CONNECT request to ${target} (${error.code ?? error.message})`)
        : socketFailure('proxy-unreachable', `the proxy ${proxy.url} is unreachable (${error.code ?? error.message})`),
    );
  const onClose = (): void =>
    fail(socketFailure('proxy-refused', `the proxy ${proxy.url} closed the connection without answering CONNECT ${target}`));
  const onData = (chunk: Buffer): void => {
    answer = Buffer.concat([answer, chunk]);
    const end = answer.indexOf('\r\n\r\n');
    if (end < 0) {
      if (answer.length > MAX_CONNECT_ANSWER_BYTES)
        fail(
          socketFailure(
            'proxy-refused',
            `the proxy ${proxy.url} answered CONNECT with more than ${MAX_CONNECT_ANSWER_BYTES} bytes of headers`,
          ),
        );
      return;
    }
    const statusLine = answer.subarray(0, answer.indexOf('\r\n')).toString('latin1');
    const status = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
    if (status === null)
      return fail(socketFailure('proxy-refused', `the proxy ${proxy.url} did not answer CONNECT in HTTP (${quote(statusLine)})`));
    const code = Number(status[1]);
    if (code < 200 || code > 299) return fail(proxyAnswer(proxy, target, code, status[2] ?? ''));
    // The tunnel is open: whatever followed the headers is the backend's, for the caller.
    granted = true;
    detach();
    socket.pause();
    const rest = answer.subarray(end + 4);
    if (rest.length > 0) socket.unshift(rest);
    if (!pipelined) outer.ready?.();
    handlers.open();
    socket.resume();
  };
  socket.on('data', onData);
  socket.on('error', onError);
  socket.on('close', onClose);
  socket.once('connect', () => {
    connected = true;
    socket.write(proxy.connectRequest(target));
    if (pipelined) outer.ready?.();
  });
  return socket;
}

/** The reason phrase, printable and bounded. */
function quote(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\x00-\x1f\x7f-\x9f]/g, '?');
  return clean.length > MAX_REASON_CHARS ? `${clean.slice(0, MAX_REASON_CHARS)}…` : clean;
}

/** A proxy's refusal (4xx and the like) or its failure to reach the backend (5xx), with its own status line. */
function proxyAnswer(proxy: ProxyRoute, target: string, code: number, reason: string): SocketFailure {
  const said = `${code}${reason === '' ? '' : ` ${quote(reason)}`}`;
  if (code >= 500) return socketFailure('proxy-backend-unreachable', `the proxy ${proxy.url} could not reach ${target} (${said})`);
  // 407 is the standard answer; some proxies (tinyproxy, to wrong credentials) answer 401.
  if (code === 407 || code === 401)
    return socketFailure(
      'proxy-refused',
      `the proxy ${proxy.url} ${proxy.authenticates ? 'refused the credentials given' : 'asks for credentials'} (${said})`,
    );
  return socketFailure('proxy-refused', `the proxy ${proxy.url} refused CONNECT ${target} (${said})`);
}
