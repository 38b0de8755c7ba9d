// `apigeeTls/analyseCapture`: a capture file judged for the editor's capture view, so that it needs no engine code
// of its own. The analysis runs in a worker thread with a heap limit: a hostile capture costs that worker, never the
// server's main thread (hover, lint and cancel keep answering) nor its memory. Progress goes out as work-done
// progress (the share of the file read); $/cancelRequest terminates the worker. It only reads files: safe in an
// untrusted workspace.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import { ANALYSE_CAPTURE_METHOD, type AnalyseCaptureParams, type AnalyseCaptureResult } from '../shared/capture-protocol';

/** What the worker posts: progress, then one result. */
export type WorkerMessage = { type: 'progress'; percent: number } | { type: 'result'; result: AnalyseCaptureResult };

/** The heap a capture analysis may use; reports are bounded by count well below it. */
export const CAPTURE_WORKER_HEAP_MB = 512;

const CANCELLED: AnalyseCaptureResult = { ok: false, error: { code: 'cancelled', message: 'reading the capture was cancelled' } };

const failed = (message: string): AnalyseCaptureResult => ({ ok: false, error: { code: 'analysis-failed', message } });

/**
 * The worker's file beside this module's: dist/capture-worker.js beside the server (or CLI) bundle, or
 * capture-worker.ts when the server runs from its sources under tsx.
 */
function workerFile(): string {
  return join(__dirname, __filename.endsWith('.ts') ? 'capture-worker.ts' : 'capture-worker.js');
}

/** A worker runs a bundle as it is; the sources need tsx's require hook, which a worker does not inherit. */
function startWorker(file: string, options: WorkerOptions): Worker {
  if (!file.endsWith('.ts')) return new Worker(file, options);
  const tsx = createRequire(__filename).resolve('tsx/cjs');
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(file)});`, { ...options, eval: true });
}

function whyStopped(error: Error & { code?: string }, heapMb: number): string {
  if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') return `reading the capture needed more than ${heapMb} MB of memory and was stopped`;
  return `reading the capture failed: ${error.message}`;
}

export function analyseCapture(
  params: AnalyseCaptureParams,
  token: CancellationToken,
  progress?: (percent: number) => void,
  heapMb = CAPTURE_WORKER_HEAP_MB,
): Promise<AnalyseCaptureResult> {
  // A token cancelled before the call announces it only on a later tick: read its state too.
  if (token.isCancellationRequested) return Promise.resolve(CANCELLED);
  const file = workerFile();
  if (!existsSync(file)) return Promise.resolve(failed(`the capture worker ${file} is missing: run \`npm run build\``));
  return new Promise((resolve) => {
    const worker = startWorker(file, {
      workerData: params,
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
      // The worker's stdout must never reach the server's: that is the LSP channel.
      stdout: true,
    });
    worker.stdout.resume();
    let settled = false;
    const settle = (result: AnalyseCaptureResult): void => {
      if (settled) return;
      settled = true;
      subscription.dispose();
      void worker.terminate();
      resolve(result);
    };
    const subscription = token.onCancellationRequested(() => settle(CANCELLED));
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') progress?.(message.percent);
      else settle(message.result);
    });
    worker.on('error', (error) => settle(failed(whyStopped(error, heapMb))));
    worker.on('exit', (code) => settle(failed(`reading the capture stopped early (the worker exited with ${code})`)));
  });
}

/** Registers the request on the connection (one line in main.ts). */
export function registerCaptureService(connection: Connection): void {
  connection.onRequest(ANALYSE_CAPTURE_METHOD, async (params: AnalyseCaptureParams, token: CancellationToken) => {
    const reporter = await connection.window.attachWorkDoneProgress(params.workDoneToken);
    reporter.begin('Reading the capture', 0, undefined, true);
    try {
      return await analyseCapture(params, token, (percent) => reporter.report(percent, `${percent}%`));
    } finally {
      reporter.done();
    }
  });
}
