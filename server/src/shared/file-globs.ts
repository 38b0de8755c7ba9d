// The file names the server reads, as VS Code globs: the client's document selector and file watchers, and the
// server's own discovery, derive from these. Constants only, importing nothing, so that the client may import them.
// apigee-config-maven-plugin reads `targetServers*` files (case-sensitive) or one `edge.json`; Apigee X local
// development uses `targetservers.json`. Case is ignored here, so every spelling of them is linted.

/** A TargetServer file's name starts with one of these (in any case) and ends in `.json`. */
export const TARGET_SERVER_FILE_PREFIXES = ['targetServers', 'edge'] as const;

/** `edge` → `[eE][dD][gG][eE]`: VS Code's globs are case-sensitive, and this one must not be. */
const anyCase = (text: string): string =>
  [...text].map((c) => (c.toLowerCase() === c.toUpperCase() ? c : `[${c.toLowerCase()}${c.toUpperCase()}]`)).join('');

/** The TargetServer file names as a VS Code glob, for document selectors, file watchers and `workspaceContains`. */
export const TARGET_SERVER_GLOB = `**/{${TARGET_SERVER_FILE_PREFIXES.map(anyCase).join(',')}}*.${anyCase('json')}`;

/** The environment configuration kinds: the plugin's file prefixes and `envConfig.<env>` keys (workspace/layout.ts). */
export const ENVIRONMENT_SECTIONS = ['targetServers', 'keystores', 'aliases', 'references', 'resourcefiles', 'virtualHosts'] as const;

/**
 * Environment configuration by file name, in the three layouts: the plugin's prefixes (whatever follows), edge.json,
 * Apigee X local development's lower-case files and apigeecli exports (`<env>__<section>.json`).
 */
const CONFIG_NAMES = [
  ...ENVIRONMENT_SECTIONS.map((s) => `${s}*`),
  'edge.json',
  'edge.template.json',
  '*targetservers*.json',
  '*keystores.json',
  '*references.json',
  'deployments.json',
  // Edge virtual hosts outside the plugin's layout: an export (`prod__virtualhosts.json`) or a committed GET.
  '*[vV]irtual[hH]ost*.json',
  '*vhost*.json',
];
/** Terraform module files and variable values (a module is read as a whole: a change to any of them matters). */
export const TERRAFORM_NAMES = ['*.tf', '*.tf.json', '*.tfvars'] as const;

/** Terraform files as a VS Code glob: the document selector and `workspaceContains` activation. */
export const TERRAFORM_GLOB = `**/{${TERRAFORM_NAMES.join(',')}}`;

/** Apigee hybrid overrides files (`overrides.yaml`, `overrides-prod.yml`): the runtime's per-environment settings. */
export const HYBRID_OVERRIDES_NAMES = ['*overrides*.yaml', '*overrides*.yml'] as const;

/** Hybrid overrides files as a VS Code glob (the document selector). */
export const HYBRID_OVERRIDES_GLOB = `**/{${HYBRID_OVERRIDES_NAMES.join(',')}}`;

/** Property files, and the certificate and key files aliases name (re-read on change). */
const MATERIAL_NAMES = ['*.properties', '*.pem', '*.crt', '*.cer', '*.der', '*.key', '*.p12', '*.pfx'];

/** The environment configuration files, as a glob: an editor gives the server their text while they are edited. */
export const ENVIRONMENT_CONFIG_GLOB = `**/{${CONFIG_NAMES.join(',')}}`;

/** The files of the model an editor should report changes of, besides XML: configuration and what it names. */
export const ENVIRONMENT_FILES_GLOB = `**/{${[...CONFIG_NAMES, ...TERRAFORM_NAMES, ...HYBRID_OVERRIDES_NAMES, ...MATERIAL_NAMES].join(',')}}`;
