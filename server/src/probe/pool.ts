// How many probes run at once. Each diagnosis opens several connections to its backend: one backend sees one
// diagnosis at a time, so that no host gets a burst that looks like a scan (review P2-8), while different
// backends are probed side by side: a "Diagnose all" over an environment's TargetServers (rarely more than a few
// dozen) starts them all at once, so that on a real network it takes about as long as its slowest backend (a
// second wave would double that). A diagnosis opens at most nine connections (the offer, the other SNI choice,
// the Java suites, one hello per version, two client-certificate trials): 64 at once is 576 sockets, far below
// the descriptor limit (Node raises its soft limit to the hard one at start).
/** At once: a client-certificate retry comes after its first trial has ended. Pinned by test/probe/offer.test.ts. */
export const MAX_CONNECTIONS_PER_DIAGNOSIS = 9;
export const PROBE_POOL_SIZE = 64;

/**
 * `run` over every item, at most `size` at a time and at most one at a time per `keyOf` (the backend's host:port);
 * results in the items' order.
 */
export async function mapPool<T, R>(
  items: readonly T[],
  size: number,
  run: (item: T, index: number) => Promise<R>,
  keyOf?: (item: T) => string,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  const waiting = items.map((item, index) => ({ item, index, key: keyOf === undefined ? `#${index}` : keyOf(item) }));
  const busy = new Set<string>();
  return new Promise<R[]>((resolve, reject) => {
    let running = 0;
    let failed = false;
    const startMore = (): void => {
      if (failed) return;
      if (waiting.length === 0 && running === 0) return resolve(results);
      while (running < size) {
        const at = waiting.findIndex((w) => !busy.has(w.key));
        if (at < 0) return;
        const [next] = waiting.splice(at, 1);
        const { item, index, key } = next!;
        busy.add(key);
        running++;
        run(item, index).then(
          (result) => {
            results[index] = result;
            busy.delete(key);
            running--;
            startMore();
          },
          (error: unknown) => {
            failed = true;
            reject(error);
          },
        );
      }
    };
    startMore();
  });
}

/** The backend a planned probe dials (host:port), so that one backend gets one diagnosis at a time. */
export function backendOf(probe: {
  id: string;
  plan: { probeable: true; request: { host: string; port: number } } | { probeable: false };
}): string {
  return probe.plan.probeable ? `${probe.plan.request.host.toLowerCase()}:${probe.plan.request.port}` : probe.id;
}
