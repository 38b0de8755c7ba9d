// One environment file of n TargetServers with TLS (for the tests and the bench of reading it in linear time).
export function manyTargetServers(n: number): string {
  return JSON.stringify(
    Array.from({ length: n }, (_, i) => ({
      name: `ts${i}`,
      host: `backend${i}.example.com`,
      port: 443,
      isEnabled: true,
      sSLInfo: { enabled: 'true', enforce: 'true', trustStore: 'ref://ts', protocols: ['TLSv1.2'] },
    })),
  );
}
