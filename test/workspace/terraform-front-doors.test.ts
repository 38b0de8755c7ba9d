// Apigee X environment group hostnames kept in Terraform are front doors for the client simulation: a "Diagnose
// clients" lens on each written hostname, on the load balancer's port 443 (a wildcard or a template gets none).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { unmark } from '../support/lint-cases';
import { frontDoorSites } from '../../server/src/workspace/front-doors';
import { workspaceOf } from './support/tree';

const MAIN = 'terraform/main.tf';

/** The sites of main.tf: each `«marked» text → target (whose port)`, in order. */
function sites(marked: string, others: Record<string, string> = {}): void {
  const { text, spans } = unmark(marked);
  const { root, ws } = workspaceOf({ ...others, [MAIN]: text });
  const found = frontDoorSites(ws, join(root, MAIN)).map((s) => `${text.slice(s.span.start, s.span.end)} → ${s.target} (${s.note ?? '-'})`);
  assert.deepEqual(
    found.map((f) => f.split(' → ')[0]),
    spans.map(([a, b]) => text.slice(a, b)),
  );
  for (const f of found) assert.match(f, / → [a-z0-9.-]+:443 \(the load balancer's port\)$/);
}

const group = (hostnames: string): string => `resource "google_apigee_envgroup" "g" {\n  name = "g"\n  hostnames = ${hostnames}\n}\n`;

describe('Terraform environment group hostnames as front doors', () => {
  it('each written hostname, at the hostname', () => sites(group('["«api.example.com»", "«Partner.Example.org»"]')));
  it('a wildcard gets none', () => sites(group('["*.example.com", "«ok.example.com»"]')));
  it('hostnames decided at plan time get none', () => sites('variable "env" {}\n' + group('["${var.env}.example.com"]')));
  it('a for_each over literal hostnames: each instance at its hostname', () =>
    sites(
      'resource "google_apigee_envgroup" "g" {\n  for_each = { a = "«a.example.com»", b = "«b.example.com»" }\n  name = each.key\n  hostnames = [each.value]\n}\n',
    ));
  it('from tfvars: at the reference', () =>
    sites('variable "hosts" {}\n' + group('«var.hosts»'), { 'terraform/terraform.tfvars': 'hosts = ["api.example.com"]\n' }));
  it('an attachment carries no hostname; a group in another file gets its lens there, not here', () =>
    sites('resource "google_apigee_envgroup_attachment" "a" {\n  envgroup_id = google_apigee_envgroup.g.id\n  environment = "prod"\n}\n', {
      'terraform/groups.tf': group('["api.example.com"]'),
    }));
  it('lowercased, as the target is dialled', () => {
    const { ws, root } = workspaceOf({ [MAIN]: group('["API.Example.com"]') });
    assert.deepEqual(
      frontDoorSites(ws, join(root, MAIN)).map((s) => s.target),
      ['api.example.com:443'],
    );
  });
});
