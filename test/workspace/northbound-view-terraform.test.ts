// The Apigee TLS view's Terraform environment groups: each hostname node opens where the hostname is written.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { northboundEntries } from '../../server/src/workspace/northbound-view';
import { workspaceOf } from './support/tree';

describe('NORTHBOUND view: Terraform environment group hostnames', () => {
  // rajeshm7910/apigee-hybrid-terraform: apigee-on-gke and apigee-on-aks call apigee-hybrid-core with hostnames from their
  // terraform.tfvars; both nodes opened the core module's `hostnames = var.hostnames`, the same place for both roots.
  it("a hostname from a root's tfvars through a module call opens at that tfvars entry", () => {
    const core =
      'variable "hostnames" {}\nresource "google_apigee_envgroup" "g" {\n  name      = "dev-group"\n  org_id    = "organizations/o"\n  hostnames = var.hostnames\n}\n';
    const root = `variable "hostnames" {}\nmodule "core" {\n  source    = "../core"\n  hostnames = var.hostnames\n}\n`;
    const { root: at, ws } = workspaceOf({
      'core/main.tf': core,
      'gke/main.tf': root,
      'gke/terraform.tfvars': 'hostnames = ["api.example.com"]\n',
      'aks/main.tf': root,
      'aks/terraform.tfvars': 'hostnames = [\n  "api.aks.example.com",\n]\n',
    });
    const shown = northboundEntries(ws)
      .flatMap((e) => e.hosts)
      .map((h) => `${h.name} ${h.at.file.slice(at.length + 1)} '${readFileSync(h.at.file, 'utf8').slice(h.at.span.start, h.at.span.end)}'`)
      .sort();
    assert.deepEqual(shown, [
      "api.aks.example.com aks/terraform.tfvars 'api.aks.example.com'",
      "api.example.com gke/terraform.tfvars 'api.example.com'",
    ]);
  });
});
