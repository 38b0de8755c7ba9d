// Order statistics for the benchmarks' figures.

/** The q-quantile (0 … 1) of the values, interpolated between neighbours; NaN for none. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** The median time of `runs` calls after one warm-up call (first-use costs are not the steady state), in ms. */
export async function medianOfRuns(runs: number, once: () => Promise<unknown>): Promise<number> {
  await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await once();
    times.push(performance.now() - start);
  }
  return quantile(times, 0.5);
}
