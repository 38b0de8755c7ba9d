// A documentation page's `## Heading` sections, for the tests that check the docs say what the code does.

/** `## Heading` → its body (up to the next `## `). */
export function sections(markdown: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of markdown.split(/^## /m).slice(1)) {
    const newline = part.indexOf('\n');
    map.set(part.slice(0, newline).trim(), part.slice(newline + 1));
  }
  return map;
}
