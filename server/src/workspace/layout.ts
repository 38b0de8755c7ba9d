// Which role a file plays, from its path alone: bundle XML and property files, the three environment
// configuration layouts (apigee-config-maven-plugin multi-file, Apigee X local development, apigeecli export),
// JSON files that may be an `edge.json`-like single file (decided by their keys), and pom.xml (the Maven
// project folder the plugin resolves relative paths against).

import { ENVIRONMENT_SECTIONS } from '../shared/file-globs';

/** Environment configuration kinds, named as the plugin's file prefixes and `envConfig.<env>` keys. */
export const SECTIONS = ENVIRONMENT_SECTIONS;
export type Section = (typeof SECTIONS)[number];

export type FileRole =
  | { kind: 'bundle-xml'; bundleRoot: string }
  | { kind: 'bundle-properties'; bundleRoot: string; set: string }
  | { kind: 'maven-env'; env: string; section: Section }
  /** A file in a Maven env folder the plugin never reads because its prefix differs in case. */
  | { kind: 'maven-ignored'; env: string; section: Section }
  | { kind: 'local-env'; projectRoot: string; env: string; section: Section | 'deployments' }
  | { kind: 'local-properties'; projectRoot: string; env: string; set: string }
  | { kind: 'apigeecli-export'; env: string; section: Section }
  /** An apigeecli import file (`config/targetservers.json`): configuration for an environment the file does not name. */
  | { kind: 'import-file'; section: Section }
  | { kind: 'json' }
  /** A `<VirtualHost name>` XML file (the management API's form), recognised by its root; its environment from the path. */
  | { kind: 'virtual-host-xml'; env: string }
  | { kind: 'pom' }
  /** A Terraform module file (`*.tf`, `*.tf.json`): read with the other files of its folder. */
  | { kind: 'terraform'; json: boolean }
  /** Terraform variable values (`*.tfvars`): automatic (`terraform.tfvars`, `*.auto.tfvars`) or one per environment. */
  | { kind: 'terraform-vars'; json: boolean }
  /** Apigee hybrid's `overrides.yaml` (its ingress: virtual hosts, environment groups, environments). */
  | { kind: 'hybrid-overrides' }
  /** Edge Private Cloud's `router.properties` (`/opt/apigee/customer/application/`), when a repository keeps it. */
  | { kind: 'router-properties' }
  /** Edge Private Cloud's `message-processor.properties`: its forward proxy (HTTPClient.proxy.*), installation-wide. */
  | { kind: 'mp-properties' };

const BUNDLE = /(^|\/)(apiproxy|sharedflowbundle)\//;
const MAVEN_ENV = /(?:^|\/)env\/([^/]+)\/([^/]+)$/;
const LOCAL_ENV = /^(.*?)(?:\/src\/main\/apigee)?\/environments\/([^/]+)\/(targetservers|keystores|references|deployments)\.json$/;
const LOCAL_PROPERTIES = /^(.*?)(?:\/src\/main\/apigee)?\/environments\/([^/]+)\/resources\/properties\/([^/]+)\.properties$/;
const APIGEECLI = /(?:^|\/)([^/]+?)__(targetservers|keystores|references|virtualhosts)\.json$/;
const IMPORT_FILE = /(?:^|\/)(targetservers|keystores|references)\.json$/i;
const VIRTUAL_HOST_PATH = /(?:virtual-?hosts?|vhosts?)[^/]*(?:\/[^/]*){0,2}$/;
/** `overrides.yaml`, `overrides-prod.yml`, `prod-overrides.yaml`, or any YAML file in an `overrides/` folder. */
const HYBRID_OVERRIDES = /(?:^|\/)(?:[^/]*overrides[^/]*|overrides\/[^/]+)\.ya?ml$/;
/** `router.properties`, `router-prod.properties`, `prod-router.properties`. */
const ROUTER_PROPERTIES = /(?:^|\/)[^/]*\brouter\b[^/]*\.properties$/;
/** `message-processor.properties`, `prod-message-processor.properties`, `messageprocessor.properties`, `mp.properties`, `mp-prod.properties`. */
const MP_PROPERTIES = /(?:^|\/)(?:[^/]*message-?processor[^/]*|mp|mp[-_.][^/]*|[^/]*[-_.]mp)\.properties$/;
const LOCAL_SECTION: Readonly<Record<string, Section | 'deployments'>> = {
  targetservers: 'targetServers',
  keystores: 'keystores',
  references: 'references',
  deployments: 'deployments',
  virtualhosts: 'virtualHosts',
};

export function classify(path: string): FileRole | undefined {
  const p = path.replace(/\\/g, '/');
  const lower = p.toLowerCase();
  const bundle = BUNDLE.exec(p);
  if (bundle !== null) {
    const bundleRoot = path.slice(0, bundle.index + bundle[0].length - 1);
    const props = /\/resources\/properties\/([^/]+)\.properties$/.exec(p);
    if (props !== null && p.startsWith(`${p.slice(0, bundleRoot.length)}/resources/properties/`)) {
      return { kind: 'bundle-properties', bundleRoot, set: props[1]! };
    }
    return lower.endsWith('.xml') ? { kind: 'bundle-xml', bundleRoot } : undefined;
  }
  if (lower.endsWith('/pom.xml') || lower === 'pom.xml') return { kind: 'pom' };
  // The management API's XML form of a virtual host, kept under a name that says so (any other name is sniffed).
  if (lower.endsWith('.xml') && VIRTUAL_HOST_PATH.test(lower)) return { kind: 'virtual-host-xml', env: envFromPath(p) ?? UNKNOWN_ENV };
  if (lower.endsWith('.tf') || lower.endsWith('.tf.json')) return { kind: 'terraform', json: lower.endsWith('.json') };
  if (lower.endsWith('.tfvars') || lower.endsWith('.tfvars.json')) return { kind: 'terraform-vars', json: lower.endsWith('.json') };
  if (HYBRID_OVERRIDES.test(lower)) return { kind: 'hybrid-overrides' };
  if (ROUTER_PROPERTIES.test(lower)) return { kind: 'router-properties' };
  const local = LOCAL_ENV.exec(p);
  if (local !== null)
    return { kind: 'local-env', projectRoot: path.slice(0, local[1]!.length), env: local[2]!, section: LOCAL_SECTION[local[3]!]! };
  const localProps = LOCAL_PROPERTIES.exec(p);
  if (localProps !== null)
    return { kind: 'local-properties', projectRoot: path.slice(0, localProps[1]!.length), env: localProps[2]!, set: localProps[3]! };
  if (MP_PROPERTIES.test(lower)) return { kind: 'mp-properties' };
  const maven = MAVEN_ENV.exec(p);
  if (maven !== null) {
    const [, env, name] = maven as unknown as [string, string, string];
    // The plugin takes every file whose name starts with the prefix, case-sensitively, whatever its extension.
    const section = SECTIONS.find((s) => name.startsWith(s));
    if (section !== undefined) return { kind: 'maven-env', env, section };
    const ignored = SECTIONS.find((s) => name.toLowerCase().startsWith(s.toLowerCase()));
    if (ignored !== undefined && name.toLowerCase().endsWith('.json')) return { kind: 'maven-ignored', env, section: ignored };
  }
  const cli = APIGEECLI.exec(p);
  if (cli !== null) return { kind: 'apigeecli-export', env: cli[1]!, section: LOCAL_SECTION[cli[2]!] as Section };
  const imported = IMPORT_FILE.exec(p);
  if (imported !== null) return { kind: 'import-file', section: LOCAL_SECTION[imported[1]!.toLowerCase()] as Section };
  if (lower.endsWith('.json')) return { kind: 'json' };
  return undefined;
}

/**
 * The environment a virtual host file outside the plugin's layouts belongs to, from its path: `env/<e>/`,
 * `environments/<e>/`, `envs/<e>/`, `virtualhosts/<e>/`, or an export's `<e>__` prefix; undefined when the path names none.
 */
export function envFromPath(path: string): string | undefined {
  const p = path.replace(/\\/g, '/');
  const prefixed = /(?:^|\/)([^/]+?)__[^/]*$/.exec(p);
  if (prefixed !== null) return prefixed[1];
  return /(?:^|\/)(?:env|envs|environments|virtual-?hosts|vhosts)\/([^/]+)\/[^/]+$/i.exec(p)?.[1];
}

/**
 * The environment of configuration that names none (an apigeecli import file, an `edge.template.json` whose
 * `envConfig` key is a build token): read, so bundles resolve against it, under this name.
 */
export const UNKNOWN_ENV = '(unknown environment)';

/** (An XML file in an environment folder, `env/prod/secure.xml`, is read when its root says what it is.) */
export function isModelFile(path: string): boolean {
  return classify(path) !== undefined || (path.toLowerCase().endsWith('.xml') && envFromPath(path) !== undefined);
}

// The files of the model an editor should report changes of (named in shared/, where the client reads them).
export { ENVIRONMENT_CONFIG_GLOB, ENVIRONMENT_FILES_GLOB } from '../shared/file-globs';
