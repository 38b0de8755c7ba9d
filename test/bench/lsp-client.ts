// A minimal LSP client over stdio (Content-Length framing, JSON-RPC 2.0) for benchmarks: requests, notifications,
// and waiting for a server notification that matches a predicate.
import { spawn, type ChildProcess } from 'node:child_process';

export interface LspMessage {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

interface Waiter {
  match: (message: LspMessage) => boolean;
  resolve: (message: LspMessage) => void;
}

export class LspClient {
  readonly process: ChildProcess;
  private buffer: Buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (m: LspMessage) => void; reject: (e: Error) => void }>();
  private waiters: Waiter[] = [];
  private readonly listeners: Array<(message: LspMessage) => void> = [];

  constructor(command: string, args: string[]) {
    this.process = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stdout!.on('data', (chunk: Buffer) => this.receive(chunk));
    this.process.stderr!.resume(); // drained, not shown
    this.process.on('exit', (code, signal) => {
      for (const p of this.pending.values()) p.reject(new Error(`server exited (${code ?? signal})`));
      this.pending.clear();
    });
  }

  get pid(): number {
    return this.process.pid!;
  }

  onNotification(listener: (message: LspMessage) => void): void {
    this.listeners.push(listener);
  }

  request(method: string, params: unknown): Promise<LspMessage> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with the first server notification (from now on) that `match` accepts. */
  waitFor(match: (message: LspMessage) => boolean): Promise<LspMessage> {
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  async shutdown(): Promise<void> {
    if (this.process.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    try {
      await Promise.race([this.request('shutdown', null), delay(2000)]);
      this.notify('exit', null);
    } catch {
      // already gone
    }
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }

  private send(message: LspMessage): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.process.stdin!.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.process.stdin!.write(body);
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const length = Number(/Content-Length:\s*(\d+)/i.exec(header)?.[1]);
      if (!Number.isFinite(length)) throw new Error(`bad LSP header: ${header}`);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body) as LspMessage);
    }
  }

  private dispatch(message: LspMessage): void {
    if (message.method === undefined && typeof message.id === 'number') {
      const p = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error !== undefined) p?.reject(new Error(message.error.message));
      else p?.resolve(message);
      return;
    }
    if (message.method !== undefined && message.id !== undefined) {
      // A request from the server (registerCapability, workspace/configuration): answer it plainly.
      const result = message.method === 'workspace/configuration' ? [] : null;
      this.send({ jsonrpc: '2.0', id: message.id, result });
      return;
    }
    for (const listener of this.listeners) listener(message);
    const keep: Waiter[] = [];
    for (const waiter of this.waiters) {
      if (waiter.match(message)) waiter.resolve(message);
      else keep.push(waiter);
    }
    this.waiters = keep;
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
