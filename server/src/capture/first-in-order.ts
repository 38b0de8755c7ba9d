// The first `limit` items by a rank (a connection's index in the capture), from items that arrive in any order:
// at most 2 × limit are held, cut back to the first `limit` by a sort when full (O(log limit) per item, amortised).

export class FirstInOrder<T> {
  private items: { rank: number; item: T }[] = [];
  /** Items offered, kept or not. */
  offered = 0;

  constructor(private readonly limit: number) {}

  add(rank: number, item: T): void {
    this.offered++;
    if (this.limit === 0) return;
    this.items.push({ rank, item });
    if (this.items.length >= 2 * this.limit) this.cut();
  }

  /** Items held now (at most 2 × limit): what the bound is measured on. */
  get held(): number {
    return this.items.length;
  }

  /** The first `limit` items, by rank. */
  first(): { rank: number; item: T }[] {
    this.cut();
    return this.items;
  }

  private cut(): void {
    this.items.sort((x, y) => x.rank - y.rank);
    if (this.items.length > this.limit) this.items.length = this.limit;
  }
}
