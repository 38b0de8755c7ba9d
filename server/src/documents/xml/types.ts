/** A half-open range of offsets into the document text: [start, end). */
export interface Span {
  start: number;
  end: number;
}

export interface XmlAttribute {
  name: string;
  nameSpan: Span;
  /** The raw value between the quotes. */
  value: string;
  /** The value between the quotes (empty span for `a=""`). */
  valueSpan: Span;
  /** From the name to the closing quote. */
  span: Span;
}

export interface XmlElement {
  name: string;
  /** The whole element, from `<` to the end of its end tag (or of `/>`). */
  span: Span;
  /** The name in the start tag. */
  nameSpan: Span;
  /** `<Name …>` or `<Name …/>`. */
  startTag: Span;
  /** `</Name>`; undefined for a self-closing element. */
  endTag: Span | undefined;
  attributes: XmlAttribute[];
  children: XmlElement[];
  parent: XmlElement | undefined;
  /** Decoded, trimmed text of a leaf element (comments removed, CDATA unwrapped); '' otherwise. */
  text: string;
  /** Where that text stands in the source (trimmed); undefined when the element has no text or has children. */
  textSpan: Span | undefined;
  /** The text holds an entity reference that is deliberately not expanded: never judge it as a literal. */
  opaque: boolean;
}
