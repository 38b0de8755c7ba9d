// Protocol versions by their JSSE names (the names SSLInfo uses) and their wire codes.

export const JSSE_PROTOCOLS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type JsseProtocol = (typeof JSSE_PROTOCOLS)[number];

const WIRE: Record<JsseProtocol, number> = { TLSv1: 0x0301, 'TLSv1.1': 0x0302, 'TLSv1.2': 0x0303, 'TLSv1.3': 0x0304 };

export function isJsseProtocol(name: string): name is JsseProtocol {
  return (JSSE_PROTOCOLS as readonly string[]).includes(name);
}

export function wireVersion(protocol: JsseProtocol): number {
  return WIRE[protocol];
}

export function protocolOfWire(code: number): JsseProtocol | undefined {
  return JSSE_PROTOCOLS.find((p) => WIRE[p] === code);
}

/** Oldest first, so `sortProtocols(x).at(-1)` is the newest offered. */
export function sortProtocols(protocols: readonly JsseProtocol[]): JsseProtocol[] {
  return JSSE_PROTOCOLS.filter((p) => protocols.includes(p));
}

/** TLS 1.0 and 1.1: Apigee X cannot use them, and they are deprecated (RFC 8996). */
export function isObsolete(protocol: JsseProtocol): boolean {
  return protocol === 'TLSv1' || protocol === 'TLSv1.1';
}
