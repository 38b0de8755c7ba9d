// TLS records and handshake message headers for hand-made captures. The bodies are filler: the capture reader
// frames records and never parses the handshake messages.

export function record(contentType: number, fragment: Buffer, version = 0x0303): Buffer {
  const header = Buffer.alloc(5);
  header[0] = contentType;
  header.writeUInt16BE(version, 1);
  header.writeUInt16BE(fragment.length, 3);
  return Buffer.concat([header, fragment]);
}

export function message(type: number, length: number, fill = type): Buffer {
  const header = Buffer.from([type, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff]);
  return Buffer.concat([header, Buffer.alloc(length, fill)]);
}

export const clientHello = (length = 200): Buffer => record(22, message(1, length), 0x0301);
export const serverHello = (length = 90): Buffer => record(22, message(2, length));
export const certificate = (length = 3000): Buffer => record(22, message(11, length));
export const serverHelloDone = (): Buffer => record(22, message(14, 0));
export const changeCipherSpec = (): Buffer => record(20, Buffer.from([1]));
export const alert = (level: number, description: number): Buffer => record(21, Buffer.from([level, description]));
export const applicationData = (length: number): Buffer => record(23, Buffer.alloc(length, 0xab));
