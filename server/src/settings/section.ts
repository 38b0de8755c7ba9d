// What a client sends for the `apigeeTls` section (workspace/configuration, didChangeConfiguration,
// initializationOptions), read by full key: nested (`{probe: {sni}}`) or dotted (`{'probe.sni'}`) alike.

/** A full key (`apigeeTls.probe.sni`) → its value in the section; undefined when absent. */
export type SettingGetter = (key: string) => unknown;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function sectionGetter(section: unknown): SettingGetter {
  return (key) => {
    const path = key.split('.').slice(1);
    const dotted = isObject(section) ? section[path.join('.')] : undefined;
    if (dotted !== undefined) return dotted;
    return path.reduce<unknown>((v, k) => (isObject(v) ? v[k] : undefined), section);
  };
}
