// The `.apigee-tls.json` the editor applies to a file: the one `lint <folder>` would read for its workspace folder
// (the nearest at or above the folder, no higher than the repository root), so the editor and CI judge alike.
// Inside the folder it is read through the confined reader; above it only in a trusted workspace. Read once per
// folder, again when a configuration file changes.
import { basename, dirname, join } from 'node:path';
import { ignoreMatcher } from '../workspace/ignore-patterns';
import { CONFIG_FILE, readConfigFile } from '../workspace/config-file';
import { innermostFolder } from '../workspace/paths';
import { anyRuleById } from '../workspace/registry';
import { suppressionTest, type SuppressionTest } from '../workspace/suppressions';
import type { FoundConfigFile } from '../settings/config-layer';
import type { Finding } from '../lint/model';

const MAX_LEVELS = 32;
const MAX_CONFIG_BYTES = 64 * 1024;

export interface ConfigFileAccess {
  roots: () => readonly string[];
  /** A file inside the folders, through the confined reader. */
  readInside: (path: string) => string | undefined;
  /** A `.apigee-tls.json` above the folders (undefined when untrusted or absent). */
  readAbove: (path: string) => string | undefined;
  isRepositoryRoot: (dir: string) => boolean;
}

interface Entry {
  found: FoundConfigFile | undefined;
  /** The file's text as read (the quick fix that adds a suppression edits it). */
  text: string | undefined;
  ignored: (path: string) => boolean;
  suppressed: SuppressionTest;
}

export class ConfigFiles {
  private readonly byFolder = new Map<string, Entry>();

  constructor(private readonly access: ConfigFileAccess) {}

  /** The configuration file of the workspace folder holding `path` (none for a file outside the folders). */
  forPath(path: string): FoundConfigFile | undefined {
    return this.entry(path)?.found;
  }

  /** Where a suppression for `path` is written: the file in force, or a new one at the top of its workspace folder. */
  suppressionTarget(path: string): { path: string; text: string | undefined } | undefined {
    const folder = innermostFolder(this.access.roots(), path);
    const entry = this.entry(path);
    if (folder === undefined || entry === undefined) return undefined;
    return entry.found === undefined ? { path: join(folder, CONFIG_FILE), text: undefined } : { path: entry.found.path, text: entry.text };
  }

  /** Whether a finding is to be published: its file not ignored (ignorePatterns), itself not suppressed. */
  keeps(path: string, text: string, finding: Finding): boolean {
    const entry = this.entry(path);
    return entry === undefined || (!entry.ignored(path) && !entry.suppressed(path, text, finding));
  }

  /** Read every folder's file again (trust was granted: the files above the folders count now). */
  clear(): void {
    this.byFolder.clear();
  }

  /** Whether a changed file is a configuration file (then every folder's is read again). */
  changed(path: string): boolean {
    if (basename(path) !== CONFIG_FILE) return false;
    this.byFolder.clear();
    return true;
  }

  private entry(path: string): Entry | undefined {
    const folder = innermostFolder(this.access.roots(), path);
    if (folder === undefined) return undefined;
    let entry = this.byFolder.get(folder);
    if (entry === undefined) {
      const { found, text } = this.find(folder) ?? {};
      entry = {
        found,
        text,
        ignored: found === undefined ? () => false : ignoreMatcher(dirname(found.path), found.config.ignorePatterns ?? []),
        suppressed: suppressionTest(found === undefined ? folder : dirname(found.path), found?.config.suppressions),
      };
      this.byFolder.set(folder, entry);
    }
    return entry;
  }

  private find(folder: string): { found: FoundConfigFile; text: string } | undefined {
    let dir = folder;
    for (let level = 0; level < MAX_LEVELS; level++) {
      const path = join(dir, CONFIG_FILE);
      const text = level === 0 ? this.access.readInside(path) : this.access.readAbove(path);
      if (text !== undefined && text.length <= MAX_CONFIG_BYTES) {
        // Problems are the config-file rule's to report; the values that read well apply.
        return { found: { path, config: readConfigFile(text, (id) => anyRuleById(id) !== undefined).config }, text };
      }
      if (this.access.isRepositoryRoot(dir) || dirname(dir) === dir) return undefined;
      dir = dirname(dir);
    }
    return undefined;
  }
}
