// "ip:port" for people: dotted IPv4, RFC 5952 IPv6 (lower case, longest zero run as "::") in brackets.

export function formatAddress(data: Buffer, at: number, length: number): string {
  if (length === 4) return `${data[at]}.${data[at + 1]}.${data[at + 2]}.${data[at + 3]}`;
  const groups = Array.from({ length: 8 }, (_, i) => data.readUInt16BE(at + i * 2));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

export function formatEndpoint(data: Buffer, at: number, length: number, port: number): string {
  const address = formatAddress(data, at, length);
  return length === 4 ? `${address}:${port}` : `[${address}]:${port}`;
}
