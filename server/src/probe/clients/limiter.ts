// At most N connections at once to one front door: the simulation is many handshakes, and must not look like a flood.

/** Runs tasks at most `size` at a time, in the order they came. */
export class Limiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** The most connections that were ever open at once (for tests and the bench). */
  peak = 0;
  /** Tasks run so far (each one a connection). */
  served = 0;

  constructor(private readonly size: number) {}

  async run<R>(task: () => Promise<R>): Promise<R> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    this.served++;
    this.peak = Math.max(this.peak, this.running);
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
