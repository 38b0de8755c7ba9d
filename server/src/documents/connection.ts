// Where TLS is configured in a file: the HTTPTargetConnection of a TargetEndpoint or a ServiceCallout, with
// its URL, LoadBalancer and SSLInfo. Rules and the probe both read connections through this module.
import { firstChild, type XmlDocument, type XmlElement } from './xml/document';

/** Root elements whose HTTPTargetConnection/SSLInfo configures a southbound TLS connection. */
export const TLS_ROOTS = ['TargetEndpoint', 'ServiceCallout'] as const;
export type TlsRoot = (typeof TLS_ROOTS)[number];

export interface Connection {
  /** Where the connection is configured: a bundle file's root, or an environment TargetServer (JSON). */
  kind: TlsRoot | 'TargetServer';
  /** The TargetEndpoint's or policy's `name` attribute, if any. */
  ownerName: string | undefined;
  root: XmlElement;
  element: XmlElement;
  url: XmlElement | undefined;
  loadBalancer: XmlElement | undefined;
  /** Every SSLInfo in the connection (Apigee allows one; duplicates are reported). */
  sslInfos: XmlElement[];
  /** The first SSLInfo, the one Apigee reads. */
  sslInfo: XmlElement | undefined;
}

export function isTlsRoot(name: string): name is TlsRoot {
  return (TLS_ROOTS as readonly string[]).includes(name);
}

/** The TLS connections a document configures (none when its root is not a TargetEndpoint or ServiceCallout). */
export function findConnections(doc: XmlDocument): Connection[] {
  const root = doc.root;
  if (root === undefined || !isTlsRoot(root.name)) return [];
  const kind = root.name;
  const ownerName = root.attributes.find((a) => a.name === 'name')?.value;
  return root.children
    .filter((c) => c.name === 'HTTPTargetConnection')
    .map((element) => {
      const sslInfos = element.children.filter((c) => c.name === 'SSLInfo');
      return {
        kind,
        ownerName,
        root,
        element,
        url: firstChild(element, 'URL'),
        loadBalancer: firstChild(element, 'LoadBalancer'),
        sslInfos,
        sslInfo: sslInfos[0],
      };
    });
}
