// Where every documentation link the product prints points (the CLI's help, SARIF's helpUri, the language
// server's codeDescription and probe cause links for editors other than VS Code): the docs installed with it (the
// npm package, the .vsix and a clone all hold README.md and docs/ beside dist/), so every link resolves offline and
// to this very version. APIGEE_TLS_LINT_DOCS_BASE (a URL ending in `/`, the package root's counterpart) overrides
// it, e.g. for a company's mirror or a hosted copy. There is no public default: a link never names a site that
// does not exist.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The environment variable naming the docs' base URL (the folder holding README.md and docs/). */
export const DOCS_BASE_VARIABLE = 'APIGEE_TLS_LINT_DOCS_BASE';

let installed: string | undefined | null = null;

/** The folder holding README.md and docs/rules beside this code (dist/*.js or server/src/fs/docs.ts). */
function installedRoot(): string | undefined {
  if (installed !== null) return installed;
  installed = undefined;
  for (let dir = __dirname, i = 0; i < 4; i++, dir = dirname(dir)) {
    if (existsSync(join(dir, 'docs', 'rules')) && existsSync(join(dir, 'README.md'))) {
      installed = dir;
      break;
    }
  }
  return installed;
}

/** The base every documentation link is resolved against (ends with `/`). */
export function docsRoot(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env[DOCS_BASE_VARIABLE];
  if (configured !== undefined && configured !== '') return configured.endsWith('/') ? configured : `${configured}/`;
  // Not found (a bundle copied away from its package): the folder above the bundle, where the package keeps them.
  return pathToFileURL((installedRoot() ?? dirname(__dirname)) + '/').href;
}

/** A documentation page (`README.md#lint`, `docs/rules/weak-cipher.md`) as a URL. */
export function docsLink(page: string, env: NodeJS.ProcessEnv = process.env): string {
  return new URL(page, docsRoot(env)).href;
}

/** The base of the rule pages, as `ruleDocsUrl` takes it (ends with `/`). */
export function ruleDocsBase(env: NodeJS.ProcessEnv = process.env): string {
  return docsLink('docs/rules/', env);
}
