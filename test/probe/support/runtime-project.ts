// A Maven project whose TargetEndpoint load-balances over TargetServer `ts` (`<env>.probe.test:<port>`) in test and
// prod, and the CLI's probe of it (JSON rows and text), with both names resolved to 127.0.0.1: the runtime-proxy tests.
import type { CliIO } from '../../../server/src/cli/io';
import { runCli } from '../../../server/src/cli/main';
import { endpoint, json, server, writeTree } from '../../workspace/support/tree';

/** The project, with these TargetEndpoint <Properties> ('' : none) and extra files. */
export function runtimeProject(port: number, properties: string, extra: Record<string, string> = {}): string {
  const ts = (env: string) => json([server('ts', { host: `${env}.probe.test`, port })]);
  const lb = `    <LoadBalancer>\n      <Server name="ts"/>\n    </LoadBalancer>`;
  return writeTree({
    'pom.xml': '<project/>',
    'apiproxy/targets/default.xml': endpoint(properties === '' ? lb : `    <Properties>${properties}</Properties>\n${lb}`),
    'resources/edge/env/test/targetServers.json': ts('test'),
    'resources/edge/env/prod/targetServers.json': ts('prod'),
    ...extra,
  });
}

/** `apigee-tls-lint probe --bundle dir … argv` in JSON and in text. */
export async function probeRuntimeProject<Row>(
  dir: string,
  port: number,
  argv: string[],
): Promise<{ rows: Row[]; json: string; text: string }> {
  const run = async (format: string): Promise<string> => {
    let out = '';
    const io: CliIO = { stdout: (t) => (out += t), stderr: () => undefined, cwd: dir, isTTY: false, env: {} };
    const resolve = ['test', 'prod'].flatMap((e) => ['--resolve', `${e}.probe.test:${port}:127.0.0.1`]);
    await runCli(['probe', '--bundle', dir, ...resolve, '--format', format, ...argv], io);
    return out;
  };
  const json = await run('json');
  return { rows: JSON.parse(json) as Row[], json, text: await run('text') };
}
