// The capture worker's entry (bundled as dist/capture-worker.js): one analysis per worker, its parameters in
// workerData; it posts progress messages, then the result. The language server terminates it to cancel.
import { parentPort, workerData } from 'node:worker_threads';
import type { AnalyseCaptureParams } from '../shared/capture-protocol';
import { analyseCaptureFile } from './capture-analysis';
import type { WorkerMessage } from './capture-service';

const port = parentPort;
if (port !== null) {
  const post = (message: WorkerMessage): void => port.postMessage(message);
  void analyseCaptureFile(workerData as AnalyseCaptureParams, (percent) => post({ type: 'progress', percent })).then((result) =>
    post({ type: 'result', result }),
  );
}
