// The per-file lint of a repository, as the CLI does it minus the workspace model: the same discovery and reads, each
// file's profile decided by the same resolver, then each file judged alone — XML and JSON through lintText, a
// Terraform file through a model of that one file (its literals only) — with no model over the other files.
// Used in process by crossfile-terraform.bench.ts, and bundled by esbuild as a whole process of its own
// (`node out/bench/per-file.js DIR` prints the files and findings) to compare with the CLI's `lint DIR`.
import { discoverFiles } from '../../server/src/cli/discover';
import { cliFiles, readInputText } from '../../server/src/cli/files';
import { lintText } from '../../server/src/lint/lint';
import { isBundlePath } from '../../server/src/lint/model';
import { workspaceFiles } from '../../server/src/workspace/files';
import { lintFile } from '../../server/src/workspace/lint-workspace';
import { ProfileResolver, profileReader } from '../../server/src/workspace/profile';
import { Workspace } from '../../server/src/workspace/workspace';

export function lintEachAlone(dir: string): { files: number; findings: number } {
  const files = cliFiles([dir], dir);
  const resolver = new ProfileResolver(profileReader(files), { roots: files.roots });
  let findings = 0;
  const paths = discoverFiles([dir], dir, files);
  for (const path of paths) {
    const text = readInputText('lint', path);
    const options = { profile: resolver.decisionFor(path).profile, inBundle: isBundlePath(path) };
    if (/\.(tf|tfvars)(\.json)?$/.test(path)) {
      const ws = new Workspace({ files: workspaceFiles({ roots: [dir] }) });
      ws.setFile(path, text);
      findings += lintFile(ws, path, text, options).length;
    } else findings += lintText(text, options).length;
  }
  return { files: paths.length, findings };
}

if (require.main === module && process.argv[2] !== undefined) {
  const { files, findings } = lintEachAlone(process.argv[2]);
  process.stdout.write(`${files} files, ${findings} findings\n`);
}
