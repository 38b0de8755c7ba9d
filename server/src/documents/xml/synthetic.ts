// An XML element the engine makes itself (no tag in any file): the SSLInfo a TargetServer's JSON `sSLInfo` or a
// Terraform `s_sl_info` block stands for, so that the per-file SSLInfo rules judge them as they judge XML.
import type { Span, XmlElement } from './types';

/** An empty element at `span`, its name at `nameSpan`, with no attributes, children or text yet. */
export function syntheticElement(name: string, span: Span, nameSpan: Span, parent: XmlElement | undefined): XmlElement {
  return {
    name,
    span,
    nameSpan,
    startTag: nameSpan,
    endTag: undefined,
    attributes: [],
    children: [],
    parent,
    text: '',
    textSpan: undefined,
    opaque: false,
  };
}
