// A minimal LSP client over stdio (Content-Length framed JSON-RPC), to test the server without VS Code.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { pathToFileURL } from 'node:url';

interface Message {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { message: string };
}

type Waiter = { match: (m: Message) => boolean; resolve: (m: Message) => void; reject: (e: Error) => void; timer: NodeJS.Timeout };

export class LspClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly waiters: Waiter[] = [];
  /** Every notification received, in order. */
  readonly notifications: Message[] = [];
  /** Every message body sent and received, as JSON text: what an editor's `trace.server: verbose` would log. */
  readonly transcript: string[] = [];
  /** Every server → client request received, in order. */
  readonly requests: Message[] = [];
  /** Answers for server → client requests (workspace/configuration …). */
  onRequest: (method: string, params: unknown) => unknown = () => null;
  /** Called on each notification as it arrives (to answer it the way an editor would). */
  onNotification: (method: string, params: unknown) => void = () => undefined;

  constructor(command: string, args: string[]) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.on('data', () => undefined);
  }

  request<T = unknown>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    this.send({ jsonrpc: '2.0', id, method, params });
    return this.waitFor((m) => m.id === id && m.method === undefined).then((m) => {
      if (m.error) throw new Error(m.error.message);
      return m.result as T;
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** The next notification of `method` satisfying `predicate` (including ones already received after `since`). */
  notification<T>(method: string, predicate: (params: T) => boolean = () => true, since = 0): Promise<T> {
    const seen = this.notifications.slice(since).find((m) => m.method === method && predicate(m.params as T));
    if (seen !== undefined) return Promise.resolve(seen.params as T);
    return this.waitFor((m) => m.method === method && m.id === undefined && predicate(m.params as T)).then((m) => m.params as T);
  }

  async close(): Promise<void> {
    try {
      await this.request('shutdown', null);
      this.notify('exit', null);
    } finally {
      this.child.kill();
    }
  }

  private waitFor(match: (m: Message) => boolean, timeoutMs = 20_000): Promise<Message> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for the server')), timeoutMs);
      this.waiters.push({ match, resolve, reject, timer });
    });
  }

  private send(message: object): void {
    const text = JSON.stringify(message);
    this.transcript.push(text);
    const body = Buffer.from(text, 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const text = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.transcript.push(text);
      const message = JSON.parse(text) as Message;
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(message);
    }
  }

  private dispatch(message: Message): void {
    if (message.method !== undefined && message.id !== undefined) {
      this.requests.push(message);
      try {
        this.send({ jsonrpc: '2.0', id: message.id, result: this.onRequest(message.method, message.params) });
      } catch (error) {
        // An onRequest that throws answers with an error, as a client that does not support the method would.
        this.send({ jsonrpc: '2.0', id: message.id, error: { code: -32601, message: String(error) } });
      }
      return;
    }
    if (message.method !== undefined) {
      this.notifications.push(message);
      this.onNotification(message.method, message.params);
    }
    const index = this.waiters.findIndex((w) => w.match(message));
    if (index >= 0) {
      const [waiter] = this.waiters.splice(index, 1);
      clearTimeout(waiter!.timer);
      waiter!.resolve(message);
    }
  }
}

/** `initialize` (one workspace folder, `root`, workspace/configuration supported) and `initialized`. */
export async function initializeFolder(client: LspClient, root: string, initializationOptions: object = {}): Promise<void> {
  const uri = pathToFileURL(root).href;
  await client.request('initialize', {
    processId: process.pid,
    rootUri: uri,
    workspaceFolders: [{ uri, name: 'p' }],
    capabilities: { workspace: { configuration: true } },
    initializationOptions: { debounceMs: 0, ...initializationOptions },
  });
  client.notify('initialized', {});
}
