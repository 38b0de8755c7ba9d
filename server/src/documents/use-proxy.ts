// `<Property name="use.proxy">` in an HTTPTargetConnection's <Properties>: whether the runtime calls the backend
// through its forward proxy (true, the default) or directly (false). Read by the lint rule (use-proxy-value) and by
// the probe, which goes the way the runtime would.
import type { Connection } from './connection';
import type { XmlElement } from './xml/types';

export const USE_PROXY_PROPERTY = 'use.proxy';

/** Every `<Property name="use.proxy">` of the connection's `<Properties>`, in document order. */
export function useProxyProperties(connection: Connection): XmlElement[] {
  return connection.element.children
    .filter((c) => c.name === 'Properties')
    .flatMap((p) => p.children)
    .filter((p) => p.name === 'Property' && p.attributes.find((a) => a.name === 'name')?.value === USE_PROXY_PROPERTY);
}
