// `npm run package`: production bundles, then a .vsix by @vscode/vsce (files chosen by the allow-list .vscodeignore).
//   node scripts/package.mjs [--out FILE.vsix]      (default: <name>-<version>.vsix in the repo root)
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const manifest = createRequire(import.meta.url)(join(root, 'package.json'));
const out = resolve(values.out ?? join(root, `${manifest.name}-${manifest.version}.vsix`));

execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production'], { cwd: root, stdio: 'inherit' });

const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
// The repository has no public home, so package.json names none: set yours with `npm pkg set repository.type=git
// repository.url=<where you host it>` and it is packed as given. README's relative links (docs/…) stay relative
// either way, and docs/ is packed beside it.
const args = ['package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out];
if (manifest.repository === undefined) args.push('--allow-missing-repository');
// vsce would stop at an interactive prompt without a LICENSE; say so instead of hanging.
if (!existsSync(join(root, 'LICENSE'))) {
  console.warn('package: no LICENSE file; packing without one');
  args.push('--skip-license');
}
execFileSync(process.execPath, [vsce, ...args], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
console.log(out);
