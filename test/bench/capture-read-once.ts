// Child of capture-reader.bench.ts: reads one capture and prints what it found, how long it took and the peak RSS
// as one JSON line, so that the measurement holds only the reader (not the generator) in memory.
import { readCapture } from '../../server/src/capture/read-capture';

const file = process.argv[2]!;
const started = performance.now();
const result = readCapture(file);
const ms = performance.now() - started;
if (!result.ok) throw new Error(result.error.message);
const capture = result.capture;
console.log(
  JSON.stringify({
    ms,
    packets: capture.packets,
    connections: capture.connections.length,
    records: capture.connections.reduce((n, c) => n + c.records.length, 0),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
