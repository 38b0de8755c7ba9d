// The parsed tree of each open document, per version: hover parses a version once, not once per request, and
// parses only TargetEndpoints and ServiceCallouts (the root is sniffed first).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { sniffTlsRoot } from '../documents/sniff';
import { parseXml, type XmlDocument } from '../documents/xml/document';

export class ParsedDocuments {
  private readonly trees = new Map<string, { version: number; tree: XmlDocument | undefined }>();

  constructor(private readonly parse: (text: string) => XmlDocument = parseXml) {}

  /** The document's tree; undefined for anything but a TargetEndpoint or ServiceCallout. */
  get(doc: TextDocument): XmlDocument | undefined {
    const cached = this.trees.get(doc.uri);
    if (cached?.version === doc.version) return cached.tree;
    const text = doc.getText();
    const tree = sniffTlsRoot(text) === undefined ? undefined : this.parse(text);
    this.trees.set(doc.uri, { version: doc.version, tree });
    return tree;
  }

  forget(uri: string): void {
    this.trees.delete(uri);
  }
}
