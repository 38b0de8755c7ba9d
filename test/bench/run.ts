// `npm run bench [-- name...]`: imports every test/bench/*.bench.ts and runs its `run()`, one after another
// (benchmarks measure time: they never run concurrently). Names filter by file name (`npm run bench -- lint`).
// Benchmarks print figures; they are not tests and assert nothing about time.
import * as fs from 'node:fs';
import * as path from 'node:path';

interface BenchModule {
  run(): Promise<void>;
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => filters.length === 0 || filters.some((name) => f.includes(name)))
    .sort();
  if (files.length === 0) throw new Error(`no benchmark matches ${filters.join(', ')}`);
  let failed = 0;
  for (const file of files) {
    console.log(`\n=== ${file}`);
    const started = performance.now();
    try {
      const mod = (await import(path.join(__dirname, file))) as BenchModule;
      await mod.run();
    } catch (error) {
      failed++;
      console.error(`${file} failed:`, error);
    }
    console.log(`=== ${file}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  if (failed > 0) process.exitCode = 1;
}

void main();
