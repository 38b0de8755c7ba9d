// The <Protocol> and <Cipher> entries of an SSLInfo, with their literal values.
import { child, type SslInfoView } from '../documents/sslinfo';
import { isTemplate } from '../documents/values';
import type { XmlElement } from '../documents/xml/types';

export interface ListEntry {
  element: XmlElement;
  /** The trimmed value; undefined when it is a template or holds an unexpanded entity. */
  literal: string | undefined;
}

function entries(ssl: SslInfoView, container: string, item: string): ListEntry[] {
  const list = child(ssl, container);
  if (list === undefined) return [];
  return list.children
    .filter((c) => c.name === item)
    .map((element) => ({ element, literal: element.opaque || isTemplate(element.text) ? undefined : element.text }));
}

export const protocolEntries = (ssl: SslInfoView): ListEntry[] => entries(ssl, 'Protocols', 'Protocol');
export const cipherEntries = (ssl: SslInfoView): ListEntry[] => entries(ssl, 'Ciphers', 'Cipher');
