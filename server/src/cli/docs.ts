// Where the CLI's help and reports point for documentation: the docs installed with it (the npm package and a
// clone both hold README.md and docs/ beside dist/), so every link resolves offline and to this very version;
// APIGEE_TLS_LINT_DOCS_BASE (a URL ending in `/`, the package root's counterpart) overrides it, e.g. for a
// company's mirror. Without either, the public default.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_DOCS_BASE } from '../lint/registry';

/** The environment variable naming the docs' base URL (the folder holding README.md and docs/). */
export const DOCS_BASE_VARIABLE = 'APIGEE_TLS_LINT_DOCS_BASE';

let installed: string | undefined | null = null;

/** The folder holding README.md and docs/rules beside this code (dist/cli.js or server/src/cli/docs.ts). */
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
  const root = installedRoot();
  // The public default names docs/rules/; its package root is two levels up.
  return root !== undefined ? pathToFileURL(root + '/').href : new URL('../../', DEFAULT_DOCS_BASE).href;
}

/** A documentation page (`README.md#lint`, `docs/rules/weak-cipher.md`) as a URL. */
export function docsLink(page: string, env: NodeJS.ProcessEnv = process.env): string {
  return new URL(page, docsRoot(env)).href;
}

/** The base of the rule pages, as `ruleDocsUrl` takes it. */
export function ruleDocsBase(env: NodeJS.ProcessEnv = process.env): string {
  return docsLink('docs/rules/', env);
}
