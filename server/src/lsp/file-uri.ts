import { fileURLToPath } from 'node:url';

/** The local path of a file: URI; undefined for untitled and virtual documents. */
export function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
