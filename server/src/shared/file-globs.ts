// The file names the server reads, as VS Code globs: the client's document selector and file watchers, and the
// server's own discovery, derive from these. Constants only, importing nothing, so that the client may import them.
// apigee-config-maven-plugin reads `targetServers*` files (case-sensitive) or one `edge.json`; Apigee X local
// development uses `targetservers.json`. Case is ignored here, so every spelling of them is linted.

/** A TargetServer file's name starts with one of these (in any case) and ends in `.json`. */
export const TARGET_SERVER_FILE_PREFIXES = ['targetServers', 'edge'] as const;

/** `edge` → `[eE][dD][gG][eE]`: VS Code's globs are case-sensitive, and this one must not be. */
const anyCase = (text: string): string =>
  [...text].map((c) => (c.toLowerCase() === c.toUpperCase() ? c : `[${c.toLowerCase()}${c.toUpperCase()}]`)).join('');

/** The TargetServer file names as a VS Code glob, for document selectors, file watchers and `workspaceContains`. */
export const TARGET_SERVER_GLOB = `**/{${TARGET_SERVER_FILE_PREFIXES.map(anyCase).join(',')}}*.${anyCase('json')}`;

/**
 * The files of the workspace model an editor should report changes of, besides XML: environment configuration in
 * the three layouts, property files, and the certificate and key files aliases name (re-read on change).
 */
export const ENVIRONMENT_FILES_GLOB =
  '**/{targetServers*,keystores*,aliases*,references*,resourcefiles*,edge.json,*targetservers*.json,*.properties,*.pem,*.crt,*.cer,*.der,*.key,*.p12,*.pfx}';
