// Bundles test/vscode/suite/*.ts (index + *.test.ts) with esbuild into out/test/vscode/suite/.
// `vscode` comes from the extension host; mocha is resolved from the repo's node_modules at run time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot, suiteEntry, suiteOutDir } from './paths';

export async function buildSuite(): Promise<string> {
  const sourceDir = path.join(repoRoot, 'test', 'vscode', 'suite');
  const entryPoints = fs
    .readdirSync(sourceDir)
    .filter((name) => name === 'index.ts' || name.endsWith('.test.ts'))
    .map((name) => path.join(sourceDir, name));
  fs.rmSync(suiteOutDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints,
    outdir: suiteOutDir,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return suiteEntry;
}
