// A TCP relay on 127.0.0.1 that delays every chunk by a fixed time in each direction: a slow network on loopback
// (this kernel has no netem). Userland cannot delay the TCP handshake itself, so a connection costs no round trip
// here where it costs one on a real network. Connections go round-robin to the targets: `openssl s_server` serves
// one connection at a time, so a pool of them stands for one backend that answers connections in parallel.
import * as net from 'node:net';
import type { RunningServer } from './servers';

export async function startDelayingRelay(targets: readonly number[], delayMs: number): Promise<RunningServer> {
  let next = 0;
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket): net.Socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    return socket;
  };
  // Timers of equal duration fire in the order they were set, so chunks keep their order.
  const pipeDelayed = (from: net.Socket, to: net.Socket): void => {
    from.on('data', (chunk: Buffer) => setTimeout(() => to.destroyed || to.write(chunk), delayMs));
    from.on('end', () => setTimeout(() => to.end(), delayMs));
    from.on('close', () => setTimeout(() => to.destroy(), delayMs));
  };
  const server = net.createServer((client) => {
    const upstream = track(net.connect({ host: '127.0.0.1', port: targets[next++ % targets.length]! }));
    track(client);
    pipeDelayed(client, upstream);
    pipeDelayed(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
