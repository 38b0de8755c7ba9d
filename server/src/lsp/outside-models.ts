// Workspace models for files the indexed workspace does not hold (no workspace folder, or a file opened from
// outside the folders), for planning probes. One model per project folder (the nearest above the bundle holding
// pom.xml, edge.json or src/main/apigee), built once: the project's files outside bundles (its environment
// configuration) and the bundles asked about, not every bundle of the project. Files are read as the editor holds
// them; an edited file is read again at the next request, and a change on disk under the project drops its model.
import { pathToFileURL } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { MAX_DOCUMENT_LENGTH } from '../documents/xml/document';
import { TextDocument as Documents } from 'vscode-languageserver-textdocument';
import { workspaceFiles, type WorkspaceFiles } from '../workspace/files';
import { listModelFiles } from '../workspace/model-files';
import { projectOfLooseFile } from '../workspace/load';
import { isInside } from '../workspace/paths';
import { Workspace } from '../workspace/workspace';

/** Projects kept at once: a session outside folders rarely spans more. */
const MAX_PROJECTS = 8;

interface ProjectModel {
  ws: Workspace;
  /** The one reader, confined to the project folder. */
  disk: WorkspaceFiles;
  /** The model files under the project, listed once. */
  files: readonly string[];
  /** The bundle folders read into the model. */
  bundles: Set<string>;
  /** The version each file was read at (0: from the disk). */
  versions: Map<string, number>;
  /** Files edited since: read again at the next request. */
  edited: Set<string>;
}

/** The `apiproxy` or `sharedflowbundle` folder holding `path`, if any. */
function bundleRootOf(path: string): string | undefined {
  return /^(.*[\\/](?:apiproxy|sharedflowbundle))[\\/]/.exec(path)?.[1];
}

export interface OutsideModelsOptions {
  /** A file as the editor holds it (open: its version; else read from the disk, version 0). */
  documentFor: (path: string) => TextDocument | undefined;
  /** Untrusted: certificate and key files are known by path only. */
  trusted: () => boolean;
}

export class OutsideModels {
  private readonly projects = new Map<string, ProjectModel>();
  /** How many project models were built: each one lists its project folder. */
  built = 0;

  constructor(private readonly options: OutsideModelsOptions) {}

  /** The model holding `path`, its bundle and the project's configuration read. */
  modelFor(path: string): Workspace {
    const bundle = bundleRootOf(path);
    const root = projectOfLooseFile(path);
    let model = this.projects.get(root);
    if (model === undefined) model = this.build(root);
    for (const file of model.edited) this.read(model, file);
    model.edited.clear();
    this.read(model, path);
    if (bundle !== undefined && !model.bundles.has(bundle)) {
      model.bundles.add(bundle);
      for (const file of model.files) if (isInside(bundle, file) && !model.versions.has(file)) this.read(model, file);
    }
    return model.ws;
  }

  /** An open file was edited: the models holding it read it again when next asked. */
  edited(path: string): void {
    for (const model of this.projects.values()) if (model.versions.has(path)) model.edited.add(path);
  }

  /** A file under a project changed on disk (created, changed, deleted): its model is built again when next asked. */
  changedOnDisk(path: string): void {
    for (const root of [...this.projects.keys()]) if (isInside(root, path)) this.projects.delete(root);
  }

  private build(root: string): ProjectModel {
    this.built++;
    const disk = workspaceFiles({ roots: [root], trusted: this.options.trusted });
    const ws = new Workspace({ files: disk });
    const model: ProjectModel = { ws, disk, files: listModelFiles(disk, root), bundles: new Set(), versions: new Map(), edited: new Set() };
    for (const file of model.files) if (bundleRootOf(file) === undefined) this.read(model, file);
    if (this.projects.size >= MAX_PROJECTS) this.projects.delete(this.projects.keys().next().value!);
    this.projects.set(root, model);
    return model;
  }

  /** A file into the model as the editor holds it, unless the model already has that version. */
  private read(model: ProjectModel, path: string): void {
    const doc = this.options.documentFor(path) ?? fromDisk(model.disk, path);
    // Longer than the engine reads: as if unreadable (what the workspace index does).
    if (doc === undefined || doc.getText().length > MAX_DOCUMENT_LENGTH) {
      model.ws.deleteFile(path);
      model.versions.delete(path);
      return;
    }
    if (model.versions.get(path) === doc.version) return;
    model.ws.setFile(path, doc.getText());
    model.versions.set(path, doc.version);
  }
}

/** A file the editor does not hold, read through the project's confined reader (version 0). */
function fromDisk(disk: WorkspaceFiles, path: string): TextDocument | undefined {
  const text = disk.readText(path);
  return text === undefined ? undefined : Documents.create(pathToFileURL(path).href, path.endsWith('.json') ? 'json' : 'xml', 0, text);
}
