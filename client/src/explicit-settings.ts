// What the language server hears of the `apigeeTls` section: only the keys a user set (in user, workspace or
// folder settings), never the manifest's defaults VS Code fills in. The server then tells an explicit setting
// from an unset one, and `.apigee-tls.json` fills what is unset (explicit setting > file > default), as the CLI's
// flags win over the file. No `vscode` import here: the extension passes VS Code's `inspect`.

/** Where a setting's value comes from, as `WorkspaceConfiguration.inspect` reports it (the fields read here). */
export interface SettingSources {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
  globalLanguageValue?: unknown;
  workspaceLanguageValue?: unknown;
  workspaceFolderLanguageValue?: unknown;
}

export function isExplicit(sources: SettingSources | undefined): boolean {
  if (sources === undefined) return false;
  return [
    sources.globalValue,
    sources.workspaceValue,
    sources.workspaceFolderValue,
    sources.globalLanguageValue,
    sources.workspaceLanguageValue,
    sources.workspaceFolderLanguageValue,
  ].some((v) => v !== undefined);
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The section with every key of `keys` (full keys, `apigeeTls.probe.sni`) that is not explicit removed, nested
 * (`{probe: {sni}}`) or dotted (`{'probe.sni'}`). Other keys are left as they are.
 */
export function explicitOnly(section: unknown, keys: readonly string[], explicit: (key: string) => boolean): unknown {
  const unset = new Set(keys.filter((k) => !explicit(k)).map((k) => k.split('.').slice(1).join('.')));
  // Folders of a key left out (`probe` for `probe.sni`): only these are copied level by level.
  const parents = new Set(
    [...unset].flatMap((k) =>
      k
        .split('.')
        .map((_, i, parts) => parts.slice(0, i).join('.'))
        .slice(1),
    ),
  );
  const prune = (value: unknown, prefix: string): unknown => {
    if (!isObject(value)) return value;
    const entries = Object.entries(value)
      .map(([key, v]): [string, unknown] => {
        const full = prefix === '' ? key : `${prefix}.${key}`;
        return [key, parents.has(full) ? prune(v, full) : v];
      })
      .filter(([key]) => !unset.has(prefix === '' ? key : `${prefix}.${key}`));
    return Object.fromEntries(entries);
  };
  return prune(section, '');
}
