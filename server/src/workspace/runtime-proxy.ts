// The forward proxy an Apigee hybrid runtime calls backends through: `envs[].httpProxy` of an `overrides.yaml`
// (scheme, host, port, username, password; per environment). Only that is read here: the rest of the file
// (virtual hosts, environment groups, …) is other readers' business.
import { entryOf, parseYaml, stringAt, type YamlNode } from '../documents/yaml/yaml-document';
import type { Span } from '../documents/xml/types';
import type { Located } from './model';

/** One environment's forward proxy, as the overrides file writes it (values with their spans). */
export interface RuntimeProxyDef {
  kind: 'runtimeProxy';
  env: string;
  file: string;
  /** The `httpProxy` map. */
  span: Span;
  /** `envs[].name`. */
  nameSpan: Span;
  scheme: Located | undefined;
  host: Located | undefined;
  port: { value: number | undefined; span: Span } | undefined;
  /** The user name (said nowhere but the CONNECT request). */
  username: Located | undefined;
  /** The password's presence only: its text stays in the file until a probe dials (credentialsOf). */
  hasPassword: boolean;
}

/** Only `HTTP`, upper case, is a scheme hybrid accepts (its docs: "scheme: HTTP"; HTTPS is not supported). */
export const HYBRID_PROXY_SCHEME = 'HTTP';

/** Every `envs[].httpProxy` of an overrides file (an environment without a name or without httpProxy is left out). */
export function readRuntimeProxies(text: string, file: string): RuntimeProxyDef[] {
  const envs = entryOf(parseYaml(text).root, 'envs')?.value;
  if (envs?.kind !== 'seq') return [];
  const out: RuntimeProxyDef[] = [];
  for (const env of envs.items) {
    const name = stringAt(env, 'name');
    const proxy = entryOf(env, 'httpProxy')?.value;
    if (name === undefined || proxy?.kind !== 'map') continue;
    const port = stringAt(proxy, 'port');
    const portValue = port === undefined || !/^\d{1,5}$/.test(port.value) ? undefined : Number(port.value);
    out.push({
      kind: 'runtimeProxy',
      env: name.value,
      file,
      span: proxy.span,
      nameSpan: name.span,
      scheme: stringAt(proxy, 'scheme'),
      host: stringAt(proxy, 'host'),
      port:
        port === undefined ? undefined : { value: portValue !== undefined && portValue <= 65535 ? portValue : undefined, span: port.span },
      username: stringAt(proxy, 'username'),
      hasPassword: stringAt(proxy, 'password') !== undefined,
    });
  }
  return out;
}

/** The user name and password of one environment's proxy, read again from the file's text when a probe dials. */
export function credentialsOf(text: string, env: string): { user: string; password: string } | undefined {
  const envs = entryOf(parseYaml(text).root, 'envs')?.value;
  if (envs?.kind !== 'seq') return undefined;
  const match = envs.items.filter((e: YamlNode) => stringAt(e, 'name')?.value === env).at(-1);
  const proxy = entryOf(match, 'httpProxy')?.value;
  const user = stringAt(proxy, 'username')?.value;
  if (user === undefined) return undefined;
  return { user, password: stringAt(proxy, 'password')?.value ?? '' };
}
