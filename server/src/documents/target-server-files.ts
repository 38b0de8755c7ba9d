// The files that hold environment TargetServers, named once: the CLI's discovery, the VS Code client's document
// selector and the extension's activation event all derive from the prefixes in shared/file-globs.ts (a test
// reads package.json).
// apigee-config-maven-plugin reads `targetServers*` files (case-sensitive) or one `edge.json`; Apigee X local
// development uses `targetservers.json`. Case is ignored here, so every spelling of them is linted.

import { TARGET_SERVER_FILE_PREFIXES, TARGET_SERVER_GLOB, TERRAFORM_GLOB } from '../shared/file-globs';

export { TARGET_SERVER_FILE_PREFIXES, TARGET_SERVER_GLOB };

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const FILE_NAME = new RegExp(`^(?:${TARGET_SERVER_FILE_PREFIXES.map(escape).join('|')}).*\\.json$`, 'i');

/** Whether a file name (not a path) names a TargetServer file. */
export function isTargetServerFileName(name: string): boolean {
  return FILE_NAME.test(name);
}

/** The activation event that starts the extension in a workspace holding TargetServer files. */
export const TARGET_SERVER_ACTIVATION = `workspaceContains:${TARGET_SERVER_GLOB}`;

/** A Terraform file the lint reads: `*.tf`, `*.tf.json`, and `*.tfvars(.json)`, where findings on the values they give land. */
export function isTerraformFileName(name: string): boolean {
  return /\.(tf|tfvars)(\.json)?$/i.test(name);
}

/** The activation event that starts the extension in a workspace holding Terraform. */
export const TERRAFORM_ACTIVATION = `workspaceContains:${TERRAFORM_GLOB}`;
