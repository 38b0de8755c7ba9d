// The engine's FileReader on the local file system, for the CLI and the language server (hosts only).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { FileReader } from '../lint/profile-inference';

/** Files larger than this are not read for evidence. */
const MAX_BYTES = 1024 * 1024;

export function nodeFileReader(overlay: (path: string) => string | undefined = () => undefined): FileReader {
  return {
    list(dir) {
      try {
        return readdirSync(dir, { withFileTypes: true }).map((e) => ({ name: e.name, directory: e.isDirectory() }));
      } catch {
        return undefined;
      }
    },
    read(path) {
      const open = overlay(path);
      if (open !== undefined) return open;
      try {
        return statSync(path).size > MAX_BYTES ? undefined : readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}
