// What the language server may read for a document opened outside every workspace folder (a file opened alone, or
// no folder at all): the project folder of that file (projectOfLooseFile), through the same confined reader as the
// folders. Each such project joins when one of its files is opened; nothing else outside the folders is read.
import { PROFILE_FILE_BYTES, type FileReader } from '../workspace/profile';
import { workspaceFiles, type WorkspaceFiles } from '../workspace/files';
import { projectOfLooseFile } from '../workspace/load';

export class LooseFiles {
  private readonly projects = new Map<string, WorkspaceFiles>();

  constructor(
    private readonly folders: () => WorkspaceFiles,
    private readonly trusted: () => boolean,
    private readonly openText: (path: string) => string | undefined,
  ) {}

  /** A document was opened: outside the folders, its project becomes readable. */
  opened(path: string): void {
    if (this.folders().contains(path) || [...this.projects.values()].some((f) => f.contains(path))) return;
    const root = projectOfLooseFile(path);
    this.projects.set(root, workspaceFiles({ roots: [root], trusted: this.trusted }));
  }

  /** The folders and the loose files' projects, the innermost of each first. */
  roots(): string[] {
    return [...this.folders().roots, ...this.projects.keys()];
  }

  /** Profile inference's reader: each path through the reader of the folder or project holding it. */
  reader(): FileReader {
    const pick = (path: string): WorkspaceFiles => {
      const folders = this.folders();
      if (folders.contains(path)) return folders;
      return [...this.projects.values()].find((f) => f.contains(path)) ?? folders;
    };
    return {
      list: (dir) => pick(dir).list(dir),
      read: (path) => this.openText(path) ?? pick(path).readText(path, PROFILE_FILE_BYTES),
    };
  }
}
