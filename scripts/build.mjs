// Bundles each half (client, server, CLI) into one file with esbuild, and the capture worker that the server (run
// by VS Code from server.js, or by `apigee-tls-lint lsp` from cli.js) starts from the same folder.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { __VERSION__: JSON.stringify(version) },
};

// The CLI's commands other than lint and inventory, each bundled beside dist/cli.js (dist/cli-<name>.js) and loaded by
// cli/main.ts's `import()` only when run: `lint` (pre-commit hooks, CI) then reads and compiles 1 MB less (1.57 MB,
// not 2.59 MB) and starts none of their modules (the language server, the probe, the capture, the client tables).
// Code both use is in both.
const onDemand = {
  '../lsp/main': ['server/src/lsp/main.ts', 'lsp'],
  './probe-command': ['server/src/cli/probe-command.ts', 'probe'],
  './capture-command': ['server/src/cli/capture-command.ts', 'capture'],
  './clients-command': ['server/src/cli/clients-command.ts', 'clients'],
};
const commandsApart = {
  name: 'cli-commands-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\/(lsp\/main|[a-z]+-command)$/ }, (args) => {
      const apart = args.kind === 'dynamic-import' && args.importer.endsWith('cli/main.ts') ? onDemand[args.path] : undefined;
      return apart === undefined ? undefined : { path: `./cli-${apart[1]}.js`, external: true };
    });
  },
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', plugins: [commandsApart] }),
  ...Object.values(onDemand).map(([entry, name]) => esbuild.build({ ...common, entryPoints: [entry], outfile: `dist/cli-${name}.js` })),
  esbuild.build({ ...common, entryPoints: ['server/src/lsp/capture-worker.ts'], outfile: 'dist/capture-worker.js' }),
]);
