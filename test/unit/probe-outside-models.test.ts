// The probe's model of a file outside the workspace folders (code review 3, finding 7): no longer the whole
// project read from disk per CodeLens request, but the project's configuration and the file's bundle, read once
// and kept; edits and changes on disk reach it. Counted through the service's reader, with 40 bundles on disk.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ProbeService } from '../../server/src/lsp/probe-service';
import { loadBalanced, sslTarget, writeTree } from '../workspace/support/tree';

const BUNDLES = 40;
const bundleFiles = (i: number): Record<string, string> => ({
  [`proxy-${i}/apiproxy/proxy.xml`]: '<APIProxy name="p"/>',
  [`proxy-${i}/apiproxy/targets/t0.xml`]: sslTarget('<Enabled>true</Enabled>', `https://b${i}.example.com/v1`),
  [`proxy-${i}/apiproxy/targets/t1.xml`]: loadBalanced('ts'),
});

/** A top pom and BUNDLES bundles, no environment configuration; no workspace folder; every read counted. */
function setup() {
  const files: Record<string, string> = { 'pom.xml': '<project/>' };
  for (let i = 0; i < BUNDLES; i++) Object.assign(files, bundleFiles(i));
  const root = writeTree(files);
  const reads: string[] = [];
  const open = new Map<string, TextDocument>();
  const probes = new ProbeService({
    documentFor: (path) => {
      reads.push(path.slice(root.length + 1));
      return open.get(path) ?? TextDocument.create(pathToFileURL(path).href, 'xml', 0, readFileSync(path, 'utf8'));
    },
    roots: () => [],
    trusted: () => true,
    settingsFor: async () => ({
      profile: 'apigeex',
      sniOff: false,
      timeoutMs: 1000,
      resolve: new Map(),
      given: () => Promise.resolve({ trust: undefined, clientCertificate: undefined, explicit: false }),
    }),
    profileOf: () => assert.fail('the profile is set'),
    changed: () => undefined,
  });
  const doc = (rel: string, version = 1, text = readFileSync(join(root, rel), 'utf8')) => {
    const d = TextDocument.create(pathToFileURL(join(root, rel)).href, 'xml', version, text);
    open.set(join(root, rel), d);
    return d;
  };
  /** The lens titles of the open file, and the files read for them. */
  const lenses = async (d: TextDocument) => {
    reads.length = 0;
    const titles = (await probes.codeLenses(d)).map((l) => l.command!.title);
    return { titles, reads: [...reads].sort() };
  };
  return { root, probes, doc, lenses };
}

describe('the probe model of a file in no workspace folder', () => {
  it('reads the project configuration and the file bundle once, not the other bundles', async () => {
    const { probes, doc, lenses } = setup();
    const t1 = doc('proxy-0/apiproxy/targets/t1.xml');
    assert.deepEqual(await lenses(t1), {
      titles: ["Cannot diagnose TLS: no environment configuration in the workspace defines TargetServer 'ts'"],
      reads: ['pom.xml', 'proxy-0/apiproxy/proxy.xml', 'proxy-0/apiproxy/targets/t0.xml', 'proxy-0/apiproxy/targets/t1.xml'],
    });
    for (let i = 0; i < 5; i++) assert.deepEqual((await lenses(t1)).reads, ['proxy-0/apiproxy/targets/t1.xml']);
    assert.equal(probes.outside.built, 1);
  });
  it('another bundle of the project: its files only, in the same model', async () => {
    const { probes, doc, lenses } = setup();
    await lenses(doc('proxy-0/apiproxy/targets/t1.xml'));
    assert.deepEqual((await lenses(doc('proxy-7/apiproxy/targets/t0.xml'))).reads, [
      'proxy-7/apiproxy/proxy.xml',
      'proxy-7/apiproxy/targets/t0.xml',
      'proxy-7/apiproxy/targets/t1.xml',
    ]);
    assert.equal(probes.outside.built, 1);
  });
  it('an edit of the file is planned at its version', async () => {
    const { doc, lenses } = setup();
    await lenses(doc('proxy-0/apiproxy/targets/t1.xml'));
    const edited = doc('proxy-0/apiproxy/targets/t1.xml', 2, loadBalanced('other'));
    assert.deepEqual((await lenses(edited)).titles, [
      "Cannot diagnose TLS: no environment configuration in the workspace defines TargetServer 'other'",
    ]);
  });
  it('an environment configuration created on disk is seen once the change is reported', async () => {
    const { root, probes, doc, lenses } = setup();
    const t1 = doc('proxy-0/apiproxy/targets/t1.xml');
    await lenses(t1);
    const servers = 'resources/edge/env/test/targetServers.json';
    writeTree({ [servers]: JSON.stringify([{ name: 'ts', host: 'ts.example.com', port: 443, sSLInfo: { enabled: 'true' } }]) }, root);
    assert.match((await lenses(t1)).titles[0]!, /^Cannot diagnose TLS: no environment configuration/);
    probes.outside.changedOnDisk(join(root, servers));
    assert.deepEqual((await lenses(t1)).titles, ['Diagnose target TLS']);
    assert.equal(probes.outside.built, 2);
  });
});
