// The certificate fields chain reasoning reads from DER: names and key identifiers, and nothing thrown on garbage.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { before, test } from 'node:test';
import { certificateLinks, nameText } from '../../server/src/tls/wire/der';
import { testPki, type Pki } from './support/pki';

let pki: Pki;
before(async () => {
  pki = await testPki();
});
const links = async (name: string) => certificateLinks(new X509Certificate(await pki.pem(`${name}.crt`)).raw)!;

test('subject and issuer read as Node prints them', async () => {
  const leaf = await links('private-leaf');
  assert.deepEqual([nameText(leaf.subject), nameText(leaf.issuer)], ['CN=localhost, O=Acme Corp', 'CN=Acme Services CA, O=Acme Corp']);
});
test("the leaf's authority key id is its issuer's subject key id", async () => {
  assert.deepEqual((await links('private-leaf')).authorityKeyId, (await links('private-inter')).subjectKeyId);
});
test("keyid,issuer:always names the issuer's own issuer", async () => {
  const named = await links('private-leaf-named');
  assert.equal(nameText(named.authorityIssuer!), 'CN=Acme Private Root, O=Acme Corp');
  assert.equal((await links('private-leaf')).authorityIssuer, undefined);
});
test('garbage and truncated certificates give no links, never an exception', async () => {
  const raw = new X509Certificate(await pki.pem('good.crt')).raw;
  for (const bytes of [Buffer.alloc(0), Buffer.from('not a certificate'), raw.subarray(0, 200), Buffer.from([0x30, 0x85, 1, 2, 3, 4, 5])]) {
    assert.equal(certificateLinks(bytes), undefined);
  }
});
test('a name that does not parse reads as unreadable', () =>
  assert.equal(nameText(Buffer.from([0x31, 0x05, 0x30])), '(an unreadable name)'));
