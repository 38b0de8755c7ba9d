// The protocol versions the probe speaks, by their JSSE names (the names SSLInfo uses); wire codes come from
// the shared table. SSLv3 is not probed: no server Apigee can reach should speak it, and Apigee cannot.
import { PROTOCOL_VERSION } from './names';

export const TLS_PROTOCOLS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type TlsProtocol = (typeof TLS_PROTOCOLS)[number];

export function isTlsProtocol(name: string): name is TlsProtocol {
  return (TLS_PROTOCOLS as readonly string[]).includes(name);
}

export function wireVersion(protocol: TlsProtocol): number {
  return PROTOCOL_VERSION[protocol];
}

export function protocolOfWire(code: number): TlsProtocol | undefined {
  return TLS_PROTOCOLS.find((p) => PROTOCOL_VERSION[p] === code);
}

/** Oldest first, so `sortProtocols(x).at(-1)` is the newest offered. */
export function sortProtocols(protocols: readonly TlsProtocol[]): TlsProtocol[] {
  return TLS_PROTOCOLS.filter((p) => protocols.includes(p));
}
