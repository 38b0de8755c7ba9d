// Counted nouns in messages people read: "1 TLS connection", "2 TLS connections", "1,000 packets".

/** `n` and the noun, singular for exactly one; `many` defaults to the noun with an s. */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
