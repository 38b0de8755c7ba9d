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
 * Runs tasks at most `size` at a time and at most one at a time per key (the backend's host:port). One pool for a
 * whole language server: two requests that name the same backend wait for each other, and the bound on sockets
 * holds across requests. Tasks start in the order they came, skipping those whose backend is busy.
 */
export class ProbePool {
  private running = 0;
  private readonly busy = new Set<string>();
  private readonly waiting: { key: string; start: () => void }[] = [];

  constructor(private readonly size: number) {}

  run<R>(key: string, task: () => Promise<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const start = (): void => {
        let result: Promise<R>;
        try {
          result = task();
        } catch (error) {
          result = Promise.reject(error as Error);
        }
        void result.then(resolve, reject).finally(() => {
          this.busy.delete(key);
          this.running--;
          this.startMore();
        });
      };
      this.waiting.push({ key, start });
      this.startMore();
    });
  }

  private startMore(): void {
    while (this.running < this.size) {
      const at = this.waiting.findIndex((w) => !this.busy.has(w.key));
      if (at < 0) return;
      const [next] = this.waiting.splice(at, 1);
      this.busy.add(next!.key);
      this.running++;
      next!.start();
    }
  }
}

/**
 * `run` over every item, at most `size` at a time and at most one at a time per `keyOf` (the backend's host:port);
 * results in the items' order. A failing run rejects the whole, and no further item starts.
 */
export async function mapPool<T, R>(
  items: readonly T[],
  size: number,
  run: (item: T, index: number) => Promise<R>,
  keyOf?: (item: T) => string,
): Promise<R[]> {
  const pool = new ProbePool(size);
  let failed = false;
  return Promise.all(
    items.map((item, index) =>
      pool.run(keyOf === undefined ? `#${index}` : keyOf(item), async () => {
        // After a failure the results are never read: the rest end without running.
        if (failed) return undefined as R;
        try {
          return await run(item, index);
        } catch (error) {
          failed = true;
          throw error;
        }
      }),
    ),
  );
}

/** The backend a planned probe dials (host:port), so that one backend gets one diagnosis at a time. */
export function backendOf(probe: {
  id: string;
  plan: { probeable: true; request: { host: string; port: number } } | { probeable: false };
}): string {
  return probe.plan.probeable ? `${probe.plan.request.host.toLowerCase()}:${probe.plan.request.port}` : probe.id;
}
