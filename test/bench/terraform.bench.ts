// `npm run bench -- terraform`: the whole `apigee-tls-lint lint DIR` process (the built CLI, after `npm run build`;
// node start-up included) on one configuration written two ways: a Terraform repository (a root module calling a
// TargetServer module, a tfvars file per environment giving its hosts, 20 `google_apigee_target_server` instances
// per environment over 10 environments: 200) and the Maven plugin's JSON layout
// (resources/edge/env/<env>/targetServers.json, the same 200 TargetServers). Best of 3 wall times each, and the
// ratio. Figures only; nothing is asserted.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const repoRoot = join(__dirname, '..', '..');
const ENVS = 10;
const SERVERS = 20;

const envName = (e: number): string => `env${String(e).padStart(2, '0')}`;
const serverName = (s: number): string => `svc-${String(s).padStart(2, '0')}`;
const host = (e: number, s: number): string => `${serverName(s)}.${envName(e)}.backend.example.com`;
/** One server in ten still allows TLS 1.1, in both layouts, so both report the same findings. */
const protocols = (s: number): string[] => (s % 10 === 0 ? ['TLSv1.1', 'TLSv1.2'] : ['TLSv1.2']);

export function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** The Terraform repository: root module, one tfvars per environment, the TargetServer module it calls. */
export function terraformFiles(): Record<string, string> {
  const maps =
    'variable "backends" {\n  type = map(string)\n}\n\nvariable "legacy_backends" {\n  type    = map(string)\n  default = {}\n}\n';
  const files: Record<string, string> = {
    'terraform/variables.tf': `variable "env" {\n  type = string\n}\n\n${maps}`,
    'terraform/main.tf':
      'module "target_servers" {\n  source          = "./modules/target-servers"\n  env_id          = var.env\n' +
      '  backends        = var.backends\n  legacy_backends = var.legacy_backends\n}\n',
    'terraform/modules/target-servers/variables.tf': `variable "env_id" {\n  type = string\n}\n\n${maps}`,
  };
  // A resource per protocol set, as teams split them, each for_each over its map of name to host.
  const resource = (name: string, map: string, list: string[]): string =>
    `resource "google_apigee_target_server" "${name}" {\n  for_each = var.${map}\n` +
    '  env_id   = var.env_id\n  name     = each.key\n  host     = each.value\n  port     = 443\n  protocol = "HTTP"\n' +
    `  s_sl_info {\n    enabled   = true\n    enforce   = true\n    protocols = [${list.map((p) => `"${p}"`).join(', ')}]\n  }\n}\n`;
  files['terraform/modules/target-servers/main.tf'] =
    resource('modern', 'backends', protocols(1)) + '\n' + resource('legacy', 'legacy_backends', protocols(0));
  for (let e = 0; e < ENVS; e++) {
    const entries = (legacy: boolean): string =>
      Array.from({ length: SERVERS }, (_, s) => s)
        .filter((s) => (s % 10 === 0) === legacy)
        .map((s) => `  "${serverName(s)}" = "${host(e, s)}"`)
        .join('\n');
    files[`terraform/envs/${envName(e)}.tfvars`] =
      `env = "${envName(e)}"\n\nbackends = {\n${entries(false)}\n}\n\nlegacy_backends = {\n${entries(true)}\n}\n`;
  }
  return files;
}

/** The same TargetServers in the Maven plugin's JSON layout. */
function mavenFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let e = 0; e < ENVS; e++) {
    const servers = Array.from({ length: SERVERS }, (_, s) => ({
      name: serverName(s),
      host: host(e, s),
      port: 443,
      isEnabled: true,
      sSLInfo: { enabled: 'true', enforce: 'true', protocols: protocols(s) },
    }));
    files[`resources/edge/env/${envName(e)}/targetServers.json`] = JSON.stringify(servers, null, 2) + '\n';
  }
  return files;
}

interface Run {
  ms: number;
  status: number | null;
  summary: string;
  problems: string;
}

function lint(cli: string, dir: string): Run {
  const started = performance.now();
  const child = spawnSync(process.execPath, [cli, 'lint', dir], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = performance.now() - started;
  const summary = /checked [^\n]*/.exec(child.stderr ?? '')?.[0] ?? `no summary: ${child.stderr}`;
  const problems = /✖ [^\n]*/.exec(child.stdout ?? '')?.[0] ?? 'no problems';
  return { ms, status: child.status, summary, problems };
}

const bestOf3 = (cli: string, dir: string): Run =>
  [lint(cli, dir), lint(cli, dir), lint(cli, dir)].reduce((a, b) => (a.ms <= b.ms ? a : b));

export async function run(): Promise<void> {
  const cli = join(repoRoot, 'bin', 'apigee-tls-lint');
  if (!existsSync(join(repoRoot, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'terraform-bench-'));
  try {
    write(join(dir, 'terraform-repo'), terraformFiles());
    write(join(dir, 'maven-repo'), mavenFiles());
    const tf = bestOf3(cli, join(dir, 'terraform-repo'));
    const maven = bestOf3(cli, join(dir, 'maven-repo'));
    console.log(`${ENVS * SERVERS} TargetServers over ${ENVS} environments; whole process, node start-up included, best of 3`);
    console.log(
      `lint (Terraform, module + tfvars per environment): ${tf.ms.toFixed(0)} ms; ${tf.summary}; ${tf.problems}; exit ${tf.status}`,
    );
    console.log(
      `lint (Maven JSON, targetServers.json per env):     ${maven.ms.toFixed(0)} ms; ${maven.summary}; ${maven.problems}; exit ${maven.status}`,
    );
    const startup = [0, 1, 2].map(() => {
      const started = performance.now();
      spawnSync(process.execPath, [cli, '--version']);
      return performance.now() - started;
    });
    console.log(`  (node start-up alone, \`apigee-tls-lint --version\`: best of 3 ${Math.min(...startup).toFixed(0)} ms)`);
    console.log('  (findings differ by design: a Terraform finding is reported once at its attribute for every for_each instance)');
    console.log(`ratio: Terraform / JSON = ${(tf.ms / maven.ms).toFixed(2)}x`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return Promise.resolve();
}
