// What crossfile-terraform.bench.ts runs in process, bundled by esbuild as dist/ is: the per-file lint and the CLI.
export { lintEachAlone } from './per-file-entry';
export { runCli } from '../../server/src/cli/main';
