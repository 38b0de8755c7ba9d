import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalIp, dnsNameMatches } from '../../server/src/diagnosis/hostname';

const cases: [pattern: string, host: string, matches: boolean][] = [
  ['api.example.com', 'api.example.com', true],
  ['API.Example.COM', 'api.example.com', true],
  ['api.example.com.', 'api.example.com', true],
  ['*.example.com', 'api.example.com', true],
  ['*.example.com', 'API.EXAMPLE.COM', true],
  ['*.example.com', 'example.com', false],
  ['*.example.com', 'a.b.example.com', false],
  ['*.com', 'example.com', false],
  ['a*.example.com', 'ab.example.com', false],
  ['*.*.example.com', 'a.b.example.com', false],
  ['other.example.com', 'api.example.com', false],
];

for (const [pattern, host, matches] of cases) {
  test(`'${pattern}' ${matches ? 'matches' : 'does not match'} '${host}'`, () => assert.equal(dnsNameMatches(pattern, host), matches));
}

test('IPv6 addresses compare in canonical form', () => assert.equal(canonicalIp('0:0:0:0:0:0:0:1'), canonicalIp('::1')));
test('IPv6 groups lose leading zeros', () => assert.equal(canonicalIp('2001:0db8::0001'), '2001:db8:0:0:0:0:0:1'));
test('IPv4 addresses are left alone', () => assert.equal(canonicalIp('127.0.0.1'), '127.0.0.1'));
