// `ignorePatterns` of .apigee-tls.json: gitignore-like globs relative to the file's folder. `*` matches within a
// path segment, `**` across segments, `?` one character; a pattern without `/` matches a name at any depth; a
// pattern ending in `/` matches everything under that folder. Compiled once to anchored, linear regular expressions.
import { relative, sep } from 'node:path';

export function ignoreMatcher(base: string, patterns: readonly string[]): (path: string) => boolean {
  const compiled = patterns.filter((p) => p.trim() !== '').map(compile);
  if (compiled.length === 0) return () => false;
  return (path) => {
    const rel = relative(base, path).split(sep).join('/');
    if (rel === '' || rel.startsWith('../')) return false;
    return compiled.some((re) => re.test(rel));
  };
}

function compile(pattern: string): RegExp {
  let p = pattern.trim().replace(/^\.\//, '');
  const folder = p.endsWith('/');
  if (folder) p = p.slice(0, -1);
  const anywhere = !p.includes('/');
  if (p.startsWith('/')) p = p.slice(1);
  let body = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '*' && p[i + 1] === '*') {
      // `**/` is any number of folders; a trailing `**` is anything.
      body += p[i + 2] === '/' ? '(?:[^/]+/)*' : '.*';
      i += p[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') body += '[^/]*';
    else if (c === '?') body += '[^/]';
    else body += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${anywhere ? '(?:[^/]+/)*' : ''}${body}(?:/.*)?$`);
}
