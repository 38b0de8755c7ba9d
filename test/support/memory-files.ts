// An in-memory file tree for the engine's FileReader: `{ '/p/apiproxy/proxies/default.xml': '<ProxyEndpoint…' }`.
import { posix } from 'node:path';
import type { FileReader } from '../../server/src/workspace/profile';

export function memoryReader(files: Readonly<Record<string, string>>): FileReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    list(dir) {
      const prefix = dir.endsWith('/') ? dir : `${dir}/`;
      const entries = new Map<string, boolean>();
      for (const path of Object.keys(files)) {
        if (!path.startsWith(prefix)) continue;
        const [name, ...rest] = path.slice(prefix.length).split('/');
        entries.set(name!, rest.length > 0 || entries.get(name!) === true);
      }
      if (entries.size === 0) return undefined;
      return [...entries].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, directory]) => ({ name, directory }));
    },
    read(path) {
      reads.push(posix.normalize(path));
      return files[posix.normalize(path)];
    },
  };
}
