// dial(): when a connection's first bytes go out through a CONNECT tunnel. Once the proxy has granted a tunnel to the
// backend (`after` true) they follow the CONNECT request at once; otherwise they wait for its 200. Either way the
// caller reads only the backend's bytes, and a refusal is the proxy's, with its status line.
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { after, before, test } from 'node:test';
import { dial } from '../../server/src/probe/dial';
import { parseProxyUrl, type ProxyRoute } from '../../server/src/probe/proxy';
import { socketFailure, type Endpoint, type SocketFailure } from '../../server/src/probe/socket-failure';
import { startTinyproxy, type RunningProxy } from './support/proxies';

let tinyproxy: RunningProxy;
let refusing: RunningProxy;
let echo: net.Server;
let echoPort: number;
before(async () => {
  tinyproxy = await startTinyproxy();
  refusing = await startTinyproxy({ connectPorts: [443] });
  echo = net.createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoPort = (echo.address() as net.AddressInfo).port;
});
after(async () => {
  echo.close();
  await Promise.all([tinyproxy.stop(), refusing.stop()]);
});

const route = (url: string): ProxyRoute => parseProxyUrl(url) as ProxyRoute;

/** Dials, writes `hello` when allowed, and returns what the caller read (up to `hello`'s length) or its failure. */
function exchange(endpoint: Endpoint, hello: string, log: string[] = []): Promise<string | SocketFailure> {
  return new Promise((resolve) => {
    let read = '';
    const socket = dial(endpoint, {
      ready: () => {
        log.push('ready');
        socket.write(hello);
      },
      open: () => {
        log.push('open');
        socket.on('data', (chunk: Buffer) => {
          read += chunk.toString('latin1');
          if (read.length >= hello.length) {
            socket.destroy();
            resolve(read);
          }
        });
      },
      failed: (failure) => {
        log.push('failed');
        resolve(failure);
      },
    });
  });
}

/** A proxy that records what it got before answering 200 to the CONNECT request, then echoes. */
async function recordingProxy(log: string[]): Promise<{ port: number; close: () => void }> {
  const server = net.createServer((socket) => {
    let got = '';
    const onData = (chunk: Buffer): void => {
      got += chunk.toString('latin1');
      if (!got.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      log.push('answered');
      socket.write('HTTP/1.1 200 Connection established\r\n\r\n');
      const early = got.slice(got.indexOf('\r\n\r\n') + 4);
      if (early !== '') socket.write(early);
      socket.pipe(socket);
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, close: () => server.close() };
}

test('after a granted tunnel the first bytes follow the CONNECT request at once; otherwise they wait for its 200', async () => {
  const order = async (after: Promise<boolean> | undefined): Promise<[string[], string | SocketFailure]> => {
    const log: string[] = [];
    const proxy = await recordingProxy(log);
    try {
      const read = await exchange(
        { address: 'backend.example', port: 443, proxy: route(`http://127.0.0.1:${proxy.port}`), after },
        'hello',
        log,
      );
      return [log, read];
    } finally {
      proxy.close();
    }
  };
  assert.deepEqual(await order(Promise.resolve(true)), [['ready', 'answered', 'open'], 'hello']);
  assert.deepEqual(await order(Promise.resolve(false)), [['answered', 'ready', 'open'], 'hello']);
  assert.deepEqual(await order(undefined), [['answered', 'ready', 'open'], 'hello']);
});

test('through tinyproxy, bytes sent ahead of the 200 reach the backend and only its answer is read', async () => {
  const endpoint = { address: '127.0.0.1', port: echoPort, proxy: route(tinyproxy.url), after: Promise.resolve(true) };
  assert.equal(await exchange(endpoint, 'x'.repeat(600)), 'x'.repeat(600));
});

test('through tinyproxy refusing the port, bytes sent ahead of the answer change nothing: proxy-refused with its 403', async () => {
  const endpoint = { address: '127.0.0.1', port: echoPort, proxy: route(refusing.url), after: Promise.resolve(true) };
  assert.deepEqual(
    await exchange(endpoint, 'x'.repeat(600)),
    socketFailure('proxy-refused', `the proxy ${refusing.url} refused CONNECT 127.0.0.1:${echoPort} (403 Access violation)`),
  );
});
