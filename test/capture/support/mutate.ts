// Seeded damage to a capture's bytes: bytes and words overwritten, the file cut, spliced, padded with noise or
// zeroed in runs. The same seed gives the same mutation.

export function mutate(base: Buffer, random: () => number): Buffer {
  let bytes = Buffer.from(base);
  const edits = 1 + Math.floor(random() * 8);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * bytes.length);
    const kind = random();
    if (kind < 0.45) bytes[at] = Math.floor(random() * 256);
    else if (kind < 0.6) bytes.writeUInt32LE(Math.floor(random() * 2 ** 32), Math.min(at, bytes.length - 4));
    else if (kind < 0.7) bytes = bytes.subarray(0, at);
    else if (kind < 0.8) bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(Math.floor(random() * bytes.length))]);
    else if (kind < 0.9)
      bytes = Buffer.concat([
        bytes.subarray(0, at),
        Buffer.from(Array.from({ length: 1 + Math.floor(random() * 40) }, () => Math.floor(random() * 256))),
        bytes.subarray(at),
      ]);
    else bytes.fill(random() < 0.5 ? 0 : 0xff, at, Math.min(bytes.length, at + Math.floor(random() * 64)));
    if (bytes.length < 4) break;
  }
  return bytes;
}
