// `apigeeTls.problems`: which files the Problems panel holds per-file findings for. `openFiles` (the default, as
// ESLint's extension): the documents open in the editor, plus the cross-file findings wherever they land.
// `workspace` (as TypeScript's project diagnostics): every file the workspace model holds, judged as
// `lint <folder>` judges it, published in batches after indexing and whenever files change.
import type { SettingGetter } from './section';

export const PROBLEMS_KEY = 'apigeeTls.problems';

export const PROBLEMS_SCOPES = ['openFiles', 'workspace'] as const;
export type ProblemsScope = (typeof PROBLEMS_SCOPES)[number];

const MANIFEST = {
  [PROBLEMS_KEY]: {
    type: 'string',
    enum: [...PROBLEMS_SCOPES],
    enumDescriptions: [
      'Per-file findings of the open documents only (as ESLint); cross-file findings wherever they land.',
      "Per-file findings of every file of the workspace folders, as `apigee-tls-lint lint <folder>` reports them (as TypeScript's project diagnostics).",
    ],
    default: 'openFiles' as ProblemsScope,
    markdownDescription:
      'Which files the Problems panel shows findings for: `openFiles` (open documents, and the cross-file findings wherever they land) or `workspace` (every file of the folder, as `lint <folder>` reports them, without waiting for each to be opened). Workspace files are judged in small batches: typing is never queued behind them.',
    scope: 'resource',
  },
};

export function problemsConfigurationProperties(): Record<string, unknown> {
  return structuredClone(MANIFEST);
}

/** The scope a folder's settings ask for; anything else is the default. */
export function readProblemsScope(get: SettingGetter): ProblemsScope {
  const value = get(PROBLEMS_KEY);
  return PROBLEMS_SCOPES.includes(value as ProblemsScope) ? (value as ProblemsScope) : MANIFEST[PROBLEMS_KEY].default;
}
