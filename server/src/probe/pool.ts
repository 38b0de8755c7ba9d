// At most a few probes at once: each diagnosis opens several connections, and dozens of backends probed together
// from one host look like a scan (review P2-8).
export const PROBE_POOL_SIZE = 4;

/** `run` over every item, at most `size` at a time; results in the items' order. */
export async function mapPool<T, R>(items: readonly T[], size: number, run: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return results;
}
