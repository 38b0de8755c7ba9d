// The real-world corpus (test/corpus/data, in the repository; provenance in its NOTICE.md): its XML files and bundles.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const CORPUS_DIR = path.resolve(__dirname, '../corpus/data');

export interface CorpusFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the corpus root, with forward slashes (stable across machines). */
  rel: string;
  /** Inside an `apiproxy/` or `sharedflowbundle/` folder: lint with `inBundle: true`. */
  inBundle: boolean;
}

export function corpusExists(): boolean {
  return fs.existsSync(CORPUS_DIR);
}

/** Every .xml file under the corpus, sorted by relative path. */
export function corpusXmlFiles(): CorpusFile[] {
  return corpusFiles(['.xml']);
}

/** Every TargetServer/config .json file under the corpus, sorted by relative path. */
export function corpusJsonFiles(): CorpusFile[] {
  return corpusFiles(['.json']);
}

/** Every file under the corpus whose name ends with one of `extensions` (lower case), sorted by relative path. */
export function corpusFiles(extensions: readonly string[]): CorpusFile[] {
  const out: CorpusFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && extensions.some((ext) => entry.name.toLowerCase().endsWith(ext))) {
        const rel = path.relative(CORPUS_DIR, full).split(path.sep).join('/');
        out.push({ path: full, rel, inBundle: isInBundle(rel) });
      }
    }
  };
  walk(CORPUS_DIR);
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

export function isInBundle(rel: string): boolean {
  return rel.split('/').some((part) => part === 'apiproxy' || part === 'sharedflowbundle');
}

/** Every bundle folder (`…/apiproxy` or `…/sharedflowbundle`), sorted. */
export function corpusBundles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const full = path.join(dir, entry.name);
      if (entry.name === 'apiproxy' || entry.name === 'sharedflowbundle') out.push(full);
      else walk(full);
    }
  };
  walk(CORPUS_DIR);
  return out.sort();
}
