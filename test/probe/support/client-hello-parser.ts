// What a server sees in a ClientHello: the tests' own reading, independent of the engine's encoder.

export interface SeenHello {
  recordVersion: number;
  clientVersion: number;
  suites: number[];
  sni: string | null;
  supportedVersions: number[] | null;
  keyShareGroups: number[];
  extensionTypes: number[];
  random: Buffer;
  sessionId: Buffer;
  /** The cookie extension's cookie, echoed from a HelloRetryRequest. */
  cookie: Buffer | null;
}

export function parseClientHelloRecord(record: Buffer): SeenHello {
  let at = 0;
  const take = (n: number): Buffer => {
    if (at + n > record.length) throw new Error('truncated ClientHello');
    const out = record.subarray(at, at + n);
    at += n;
    return out;
  };
  const num = (n: number): number => take(n).readUIntBE(0, n);
  if (num(1) !== 22) throw new Error('not a handshake record');
  const recordVersion = num(2);
  num(2);
  if (num(1) !== 1) throw new Error('not a ClientHello');
  num(3);
  const clientVersion = num(2);
  const random = take(32);
  const sessionId = take(num(1));
  const suiteBytes = take(num(2));
  const suites = Array.from({ length: suiteBytes.length / 2 }, (_, i) => suiteBytes.readUInt16BE(i * 2));
  take(num(1));
  const end = num(2) + at;
  let sni: string | null = null;
  let supportedVersions: number[] | null = null;
  const keyShareGroups: number[] = [];
  const extensionTypes: number[] = [];
  let cookie: Buffer | null = null;
  while (at < end) {
    const type = num(2);
    const data = take(num(2));
    extensionTypes.push(type);
    if (type === 0) sni = data.subarray(5).toString('ascii');
    if (type === 44) cookie = data.subarray(2);
    if (type === 43) supportedVersions = Array.from({ length: data[0]! / 2 }, (_, i) => data.readUInt16BE(1 + i * 2));
    if (type === 51) {
      for (let i = 2; i < data.length;) {
        keyShareGroups.push(data.readUInt16BE(i));
        i += 4 + data.readUInt16BE(i + 2);
      }
    }
  }
  return { recordVersion, clientVersion, suites, sni, supportedVersions, keyShareGroups, extensionTypes, random, sessionId, cookie };
}
