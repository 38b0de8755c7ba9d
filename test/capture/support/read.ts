// Reads a capture in a test: the summary when it reads, an assertion failure with the reader's error otherwise.
import assert from 'node:assert/strict';
import {
  readCapture,
  type CaptureError,
  type CaptureOptions,
  type CaptureRecord,
  type CaptureSummary,
} from '../../../server/src/capture/read-capture';

export function summaryOf(bytes: Buffer, options?: CaptureOptions): CaptureSummary {
  const result = readCapture(bytes, options);
  assert.ok(result.ok, result.ok ? '' : `${result.error.code}: ${result.error.message}`);
  return result.capture;
}

export function errorOf(bytes: Buffer): CaptureError {
  const result = readCapture(bytes);
  assert.ok(!result.ok, 'expected the capture to be refused');
  return result.error;
}

/** "client 22", "server 21" …: who sent which content type, in time order. */
export function ladder(records: CaptureRecord[]): string[] {
  return records.map((r) => `${r.from} ${r.contentType}`);
}
