// The bundle zip reader: entries read back exactly, and every bound (count, size, names, bombs, damage) refuses
// with a reason instead of throwing or reading on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readZip, type ZipLimits } from '../../server/src/fs/zip';
import { makeZip, type ZipEntry } from '../cli/zip-fixture';

const limits: ZipLimits = { maxEntries: 3, maxEntryBytes: 100, maxTotalBytes: 150 };
const read = (entries: ZipEntry[], l = limits) => readZip(makeZip(entries), l);
const reason = (entries: ZipEntry[], l = limits): string => {
  const result = read(entries, l);
  return result.ok ? 'ok' : result.reason;
};

describe('readZip', () => {
  it('reads stored and deflated entries, skipping folders', () => {
    const result = read([
      { name: 'apiproxy/', data: '' },
      { name: 'apiproxy/a.xml', data: '<a/>' },
      { name: 'apiproxy/targets/b.xml', data: '<b>deflated</b>', deflate: true },
    ]);
    assert.ok(result.ok);
    assert.deepEqual(
      [...result.entries].map(([name, data]) => [name, Buffer.from(data).toString()]),
      [
        ['apiproxy/a.xml', '<a/>'],
        ['apiproxy/targets/b.xml', '<b>deflated</b>'],
      ],
    );
  });
  for (const name of ['../evil.xml', 'apiproxy/../../evil.xml', '/etc/passwd', 'C:/x.xml', 'a\\..\\b.xml', 'a//b.xml', 'a/./b', 'a\0b'])
    it(`refuses the entry name ${JSON.stringify(name)}`, () =>
      assert.match(reason([{ name, data: 'x' }]), /names an entry outside its folder/));
  it('refuses more entries than the bound', () =>
    assert.equal(reason([1, 2, 3, 4].map((i) => ({ name: `${i}.xml`, data: 'x' }))), 'holds 4 entries, more than the 3 read'));
  it('refuses an entry larger than the bound', () =>
    assert.equal(reason([{ name: 'big.xml', data: 'x'.repeat(101) }]), "has an entry larger than 100 bytes ('big.xml')"));
  it('refuses archives that inflate beyond the total bound', () =>
    assert.equal(
      reason([1, 2].map((i) => ({ name: `${i}.xml`, data: 'x'.repeat(80), deflate: true }))),
      'inflates to more than 150 bytes',
    ));
  it('stops a bomb at its declared size: an entry inflating beyond it is damaged', () =>
    assert.equal(
      reason([{ name: 'bomb.xml', data: 'x'.repeat(1_000_000), deflate: true, declaredSize: 10 }]),
      "has a damaged entry ('bomb.xml')",
    ));
  it('says what is not a zip', () => assert.equal(readZip(Buffer.from('hello, not a zip')).ok, false));
  it('never throws on a truncated or corrupted archive', () => {
    const zip = makeZip([
      { name: 'apiproxy/a.xml', data: '<a/>'.repeat(10), deflate: true },
      { name: 'apiproxy/b.xml', data: '<b/>' },
    ]);
    let refused = 0;
    for (let i = 0; i < zip.length; i++) {
      if (!readZip(zip.subarray(0, i), limits).ok) refused++;
      const flipped = Buffer.from(zip);
      flipped[i] = flipped[i]! ^ 0xff;
      readZip(flipped, limits);
    }
    assert.equal(refused, zip.length, 'every truncation is refused');
  });
});
