// The files that hold environment TargetServers, named once: the CLI's discovery, the VS Code client's document
// selector and the extension's activation event all derive from these prefixes (a test reads package.json).
// apigee-config-maven-plugin reads `targetServers*` files (case-sensitive) or one `edge.json`; Apigee X local
// development uses `targetservers.json`. Case is ignored here, so every spelling of them is linted.

/** A TargetServer file's name starts with one of these (in any case) and ends in `.json`. */
export const TARGET_SERVER_FILE_PREFIXES = ['targetServers', 'edge'] as const;

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const FILE_NAME = new RegExp(`^(?:${TARGET_SERVER_FILE_PREFIXES.map(escape).join('|')}).*\\.json$`, 'i');

/** Whether a file name (not a path) names a TargetServer file. */
export function isTargetServerFileName(name: string): boolean {
  return FILE_NAME.test(name);
}

/** `edge` → `[eE][dD][gG][eE]`: VS Code's globs are case-sensitive, and this one must not be. */
const anyCase = (text: string): string =>
  [...text].map((c) => (c.toLowerCase() === c.toUpperCase() ? c : `[${c.toLowerCase()}${c.toUpperCase()}]`)).join('');

/** The same names as a VS Code glob, for document selectors, file watchers and `workspaceContains`. */
export const TARGET_SERVER_GLOB = `**/{${TARGET_SERVER_FILE_PREFIXES.map(anyCase).join(',')}}*.${anyCase('json')}`;

/** The activation event that starts the extension in a workspace holding TargetServer files. */
export const TARGET_SERVER_ACTIVATION = `workspaceContains:${TARGET_SERVER_GLOB}`;
