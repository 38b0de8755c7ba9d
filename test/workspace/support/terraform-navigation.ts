// A Terraform + bundle workspace for the navigation tests (engine and language server): a TargetServer whose name
// a variable gives (its default in test, prod.tfvars in prod), TargetServers from a for_each map, a reference, a
// keystore and an alias, and a TargetEndpoint using them all.
import { endpoint } from './tree';

export const MAIN = 'terraform/main.tf';
export const TEST = 'terraform/test.tfvars';
export const PROD = 'terraform/prod.tfvars';
export const T = 'apiproxy/targets/default.xml';

const main = [
  'variable "env" {}',
  'variable "backend_name" {',
  '  default = "backend"',
  '}',
  'variable "backend_host" {}',
  'resource "google_apigee_target_server" "backend" {',
  '  name   = var.backend_name',
  '  env_id = "organizations/acme/environments/${var.env}"',
  '  host   = var.backend_host',
  '  port   = 443',
  '  s_sl_info {',
  '    enabled     = true',
  '    trust_store = "ref://ts-ref"',
  '  }',
  '}',
  'resource "google_apigee_target_server" "extra" {',
  '  for_each = { audit = "audit.example.com", spare = "spare.example.com" }',
  '  name     = each.key',
  '  env_id   = "organizations/acme/environments/test"',
  '  host     = each.value',
  '  port     = 8443',
  '}',
  'resource "google_apigee_target_server" "plain" {',
  '  name   = "plain"',
  '  env_id = "organizations/acme/environments/test"',
  '  host   = "plain.example.com"',
  '  port   = 80',
  '}',
  'resource "google_apigee_env_references" "ts_ref" {',
  '  env_id        = "organizations/acme/environments/test"',
  '  name          = "ts-ref"',
  '  resource_type = "KeyStore"',
  '  refers        = "truststore"',
  '}',
  'resource "google_apigee_env_keystore" "client" {',
  '  env_id = "organizations/acme/environments/test"',
  '  name   = "client"',
  '}',
  'resource "google_apigee_keystores_aliases_self_signed_cert" "mine" {',
  '  environment = "test"',
  '  keystore    = "client"',
  '  alias       = "mine"',
  '}',
  '',
].join('\n');

const target = endpoint(
  [
    '    <LoadBalancer>',
    '      <Server name="backend"/>',
    '      <Server name="audit"/>',
    '    </LoadBalancer>',
    '    <SSLInfo>',
    '      <Enabled>true</Enabled>',
    '      <TrustStore>ref://ts-ref</TrustStore>',
    '      <KeyStore>client</KeyStore>',
    '      <KeyAlias>mine</KeyAlias>',
    '    </SSLInfo>',
  ].join('\n'),
);

/** Relative path → text. */
export const terraformWorkspace: Record<string, string> = {
  [MAIN]: main,
  [TEST]: 'env          = "test"\nbackend_host = "test.example.com"\n',
  [PROD]: 'env          = "prod"\nbackend_host = "prod.example.com"\nbackend_name = "backend"\n',
  [T]: target,
};
