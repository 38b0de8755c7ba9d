// JSON with comments, as VS Code's settings files are written: `//` and `/* */` comments outside strings are
// blanked (each character becomes a space, line breaks kept), so the strict parser reads the rest and every
// offset still points into the original text. Trailing commas stay errors: the file is strict otherwise.

/** The text with its comments blanked, or the offset of an unterminated block comment. Linear. */
export function blankComments(text: string): { text: string } | { unterminated: number } {
  let out = '';
  let from = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // A string: up to its closing quote, escapes skipped (a line break ends it for the parser to report).
      i++;
      while (i < text.length && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c !== 0x2f /* / */ || (text[i + 1] !== '/' && text[i + 1] !== '*')) {
      i++;
      continue;
    }
    const block = text[i + 1] === '*';
    const end = block ? text.indexOf('*/', i + 2) : text.indexOf('\n', i);
    if (block && end < 0) return { unterminated: i };
    const stop = block ? end + 2 : end < 0 ? text.length : end;
    out += text.slice(from, i) + text.slice(i, stop).replace(/[^\r\n]/g, ' ');
    from = i = stop;
  }
  return { text: out + text.slice(from) };
}
