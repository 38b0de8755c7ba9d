// node-forge reads PKCS#12 archives only; bundled, it is 590 KB whose start-up (its cipher suites, PKI tables) cost
// every `apigee-tls-lint lint` run ~10 ms although most repositories hold no archive. Required on first use instead:
// the CLI's bundle is CommonJS, which esbuild cannot split, so a call-time require() is what keeps it unstarted.
import type Forge from 'node-forge';

let loaded: typeof Forge | undefined;

export function nodeForge(): typeof Forge {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: deferred on purpose
  return (loaded ??= require('node-forge') as typeof Forge);
}
