// The elements open at an offset, read tolerantly from raw text: completion runs on half-typed documents
// that no XML parser accepts.

/** Names of the elements enclosing `offset`, outermost first. */
export function openElementsAt(text: string, offset: number): string[] {
  const stack: string[] = [];
  const before = text.slice(0, offset);
  const tag =
    /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<\?[\s\S]*?(?:\?>|$)|<(\/?)([A-Za-z_][\w.:-]*)(?:"[^"]*"|'[^']*'|[^'">])*?(\/?)>/g;
  for (const m of before.matchAll(tag)) {
    const name = m[2];
    if (name === undefined) continue;
    if (m[1] === '/') {
      const at = stack.lastIndexOf(name);
      if (at >= 0) stack.length = at;
    } else if (m[3] !== '/') {
      stack.push(name);
    }
  }
  return stack;
}
