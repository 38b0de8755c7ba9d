// XML comments found in linear time (indexOf, never a lazy `[\s\S]*?` regex that rescans the rest of the text for
// each `<!--` without its `-->`): a hostile file of four megabytes of `<!--` costs one pass.

export interface XmlComment {
  /** Offset of `<!--`. */
  start: number;
  /** Offset after `-->`. */
  end: number;
  /** Offset of the body (after `<!--`), and the body itself. */
  bodyStart: number;
  body: string;
}

/** Every closed comment, in order; a `<!--` with no `-->` after it ends the scan (the rest of the text is its body). */
export function* xmlComments(text: string): Generator<XmlComment> {
  for (let start = text.indexOf('<!--'); start >= 0;) {
    const close = text.indexOf('-->', start + 4);
    if (close < 0) return;
    yield { start, end: close + 3, bodyStart: start + 4, body: text.slice(start + 4, close) };
    start = text.indexOf('<!--', close + 3);
  }
}

/** The text with its comments removed (an unclosed one removes the rest): commented-out settings say nothing. */
export function withoutComments(text: string): string {
  let out = '';
  let at = 0;
  for (const c of xmlComments(text)) {
    out += text.slice(at, c.start);
    at = c.end;
  }
  const open = text.indexOf('<!--', at);
  return out + text.slice(at, open < 0 ? text.length : open);
}

/** Whether a line holds nothing but comments (and white space), at least one. */
export function onlyComments(line: string): boolean {
  let at = 0;
  let seen = false;
  for (const c of xmlComments(line)) {
    if (line.slice(at, c.start).trim() !== '') return false;
    at = c.end;
    seen = true;
  }
  return seen && line.slice(at).trim() === '';
}
