// NO_PROXY and the proxy URL as curl reads them: every case decided by curl itself, side by side (curl -x to a
// closed port: a proxied attempt says "Trying 127.0.0.1:1", a direct one does not).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { bypassesProxy } from '../../server/src/probe/no-proxy';
import {
  chooseProxy as choose,
  parseProxyUrl,
  proxyFor,
  proxyFromEnvironment,
  ProxyRoute,
  type EditorProxy,
} from '../../server/src/probe/proxy';

const chooseProxy = (settings: { proxy: string; noProxy: string }, editor: EditorProxy | undefined, env: Record<string, string>) =>
  choose({ ...settings, name: 'apigeeTls.probe.proxy' }, editor, env);

const PROXY = 'http://127.0.0.1:1';

/** Whether curl sends https://host/ through the proxy, given these arguments and environment. */
function curlProxies(host: string, args: string[], env: Record<string, string> = {}): Promise<boolean> {
  const url = `https://${host.includes(':') ? `[${host}]` : host}:443/`;
  return new Promise((resolve) => {
    execFile(
      'curl',
      ['-sv', '--connect-timeout', '1', '--max-time', '2', ...args, url],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } },
      (_error, _stdout, stderr) => resolve(/Trying 127\.0\.0\.1:1\.\.\./.test(stderr)),
    );
  });
}

// [NO_PROXY, host]: names, suffixes, dots, case, `*`, what curl does not read (ports, `*.`), IPs and CIDR ranges.
const CASES: [string, string][] = [
  ['example.com', 'example.com'],
  ['example.com', 'www.example.com'],
  ['example.com', 'notexample.com'],
  ['.example.com', 'example.com'],
  ['.example.com', 'a.b.example.com'],
  ['EXAMPLE.com.', 'www.example.com'],
  ['*.example.com', 'www.example.com'],
  ['example.com:443', 'example.com'],
  ['*', 'anything.test'],
  ['*, example.com', 'anything.test'],
  ['other.test example.com', 'example.com'],
  ['other.test,,  example.com', 'www.example.com'],
  ['com', 'example.com'],
  ['', 'example.com'],
  ['127.0.0.5', '127.0.0.5'],
  ['127.0.0.5', '127.0.0.6'],
  ['127.0.0.0/8', '127.0.0.6'],
  ['127.0.0.0/8', '128.0.0.1'],
  ['10.1.0.0/16', '10.1.200.3'],
  ['10.1.0.0/16', '10.2.0.1'],
  ['10.1.2.3/33', '10.1.2.3'],
  ['10.0.0.0/8', 'ten.example'],
  ['example.com', '10.0.0.1'],
  ['::1', '::1'],
  ['::1', '::2'],
  ['fd00::/8', 'fe80::1'],
  ['2001:db8::/32', '2001:db9::1'],
];

/**
 * IPv6 CIDR ranges: curl documents them (--noproxy, since 7.86) but Debian 12's curl 7.88 matches none, not even
 * `addr/128` for the address itself; the probe follows the documented meaning. Pinned both ways.
 */
const IPV6_RANGES: [string, string][] = [
  ['fd12:3456::1/128', 'fd12:3456::1'],
  ['fd00::/8', 'fd12:3456::1'],
  ['2001:db8::/32', '2001:db8:0:1::5'],
];

test('IPv6 CIDR ranges: the probe goes direct as documented, where curl 7.88 (wrongly) still proxies', async () => {
  const curl = await Promise.all(IPV6_RANGES.map(([list, host]) => curlProxies(host, ['-x', PROXY, '--noproxy', list])));
  assert.deepEqual(
    [IPV6_RANGES.map(([list, host]) => bypassesProxy(host, list)), curl],
    [
      [true, true, true],
      [true, true, true],
    ],
  );
});

test('NO_PROXY: every case decided as curl --noproxy decides it', async () => {
  const curl = await Promise.all(CASES.map(([list, host]) => curlProxies(host, ['-x', PROXY, '--noproxy', list])));
  const ours = CASES.map(([list, host]) => !bypassesProxy(host, list));
  assert.deepEqual(
    ours.map((proxied, i) => `${CASES[i]![0]} ${CASES[i]![1]}: ${proxied ? 'proxied' : 'direct'}`),
    curl.map((proxied, i) => `${CASES[i]![0]} ${CASES[i]![1]}: ${proxied ? 'proxied' : 'direct'}`),
  );
});

test('NO_PROXY: curl and the probe agree on these readings (pinned, so that a curl upgrade shows up here)', () => {
  const direct = CASES.filter(([list, host]) => bypassesProxy(host, list)).map(([list, host]) => `${list} ${host}`);
  assert.deepEqual(direct, [
    'example.com example.com',
    'example.com www.example.com',
    '.example.com example.com',
    '.example.com a.b.example.com',
    'EXAMPLE.com. www.example.com',
    '* anything.test',
    'other.test example.com example.com',
    'other.test,,  example.com www.example.com',
    'com example.com',
    '127.0.0.5 127.0.0.5',
    '127.0.0.0/8 127.0.0.6',
    '10.1.0.0/16 10.1.200.3',
    '::1 ::1',
  ]);
});

// [environment, host]: which variables curl reads for an https:// URL, and which wins.
const ENVIRONMENTS: [Record<string, string>, string][] = [
  [{ https_proxy: PROXY }, 'example.com'],
  [{ HTTPS_PROXY: PROXY }, 'example.com'],
  [{ ALL_PROXY: PROXY }, 'example.com'],
  [{ all_proxy: PROXY }, 'example.com'],
  [{ http_proxy: PROXY }, 'example.com'],
  [{ HTTPS_PROXY: PROXY, NO_PROXY: 'example.com' }, 'www.example.com'],
  [{ HTTPS_PROXY: PROXY, no_proxy: '10.0.0.0/8' }, '10.9.8.7'],
  [{ HTTPS_PROXY: PROXY, no_proxy: '10.0.0.0/8' }, '11.9.8.7'],
  [{ HTTPS_PROXY: PROXY, NO_PROXY: '*' }, 'example.com'],
];

test('the environment: the variables curl reads for https, and NO_PROXY, decided as curl decides them', async () => {
  const curl = await Promise.all(ENVIRONMENTS.map(([env, host]) => curlProxies(host, [], env)));
  const ours = ENVIRONMENTS.map(([env, host]) => {
    const { proxy, noProxy } = proxyFromEnvironment(env);
    const route = proxy === undefined ? undefined : (parseProxyUrl(proxy) as ProxyRoute);
    return proxyFor(host, { proxy: route, noProxy }) !== undefined;
  });
  assert.deepEqual(ours, curl);
  assert.deepEqual(curl, [true, true, true, true, false, false, false, true, false]);
});

test('the lower-case variables win over the upper-case ones, as in curl', () => {
  assert.deepEqual(proxyFromEnvironment({ https_proxy: 'a:1', HTTPS_PROXY: 'b:2', ALL_PROXY: 'c:3', no_proxy: 'x', NO_PROXY: 'y' }), {
    proxy: 'a:1',
    noProxy: 'x',
  });
  assert.deepEqual(proxyFromEnvironment({ HTTPS_PROXY: '', ALL_PROXY: 'c:3' }), { proxy: 'c:3' });
});

const parsed = (text: string): string => {
  const p = parseProxyUrl(text);
  return 'problem' in p ? `problem: ${p.problem}` : `${p.url}${p.authenticates ? ' with credentials' : ''}`;
};

test('proxy URLs: scheme and port defaults as curl (http, 1080), credentials kept apart, other schemes refused', () => {
  assert.deepEqual(
    [
      'http://proxy.corp:3128',
      'proxy.corp:3128',
      'proxy.corp',
      'http://PROXY.corp:80/',
      'http://alice:s%40cret@proxy.corp:8080',
      'http://alice@proxy.corp:8080',
      'http://[::1]:3128',
      'https://proxy.corp:443',
      'socks5://proxy.corp:1080',
      'http://proxy.corp:99999',
      'http://alice:%zz@proxy.corp:1',
      'http://[not-v6]:1',
      'not a url',
    ].map(parsed),
    [
      'http://proxy.corp:3128',
      'http://proxy.corp:3128',
      'http://proxy.corp:1080',
      'http://proxy.corp:80',
      'http://proxy.corp:8080 with credentials',
      'http://proxy.corp:8080 with credentials',
      'http://[::1]:3128',
      'problem: https:// proxies are not supported: the probe tunnels through plain HTTP proxies (http://) only',
      'problem: socks5:// proxies are not supported: the probe tunnels through plain HTTP proxies (http://) only',
      "problem: bad proxy port '99999'",
      'problem: the proxy credentials are not valid percent-encoding',
      "problem: '[not-v6]' is not an IPv6 address",
      'problem: not a proxy URL (expected http://[user:password@]host:port)',
    ],
  );
});

test('a route never shows its credentials: not as text, not in JSON, not in its keys; only the CONNECT request has them', () => {
  const route = parseProxyUrl('http://alice:s%40cret@proxy.corp:8080') as ProxyRoute;
  const shown = [String(route), `${route}`, JSON.stringify({ route }), JSON.stringify(Object.entries(route)), route.url];
  for (const text of shown) assert.doesNotMatch(text, /cret|YWxpY2U6c0BjcmV0/);
  assert.equal(
    route.connectRequest('backend.test:443'),
    'CONNECT backend.test:443 HTTP/1.1\r\nHost: backend.test:443\r\nProxy-Authorization: Basic YWxpY2U6c0BjcmV0\r\n\r\n',
  );
});

test('a hostile NO_PROXY (a megabyte of commas and dots) is read within its bound, without a hang', () => {
  assert.equal(bypassesProxy('example.com', ',.'.repeat(512 * 1024) + 'example.com'), false);
  assert.equal(bypassesProxy('example.com', ',.'.repeat(1000) + 'example.com'), true);
});

test('the editor: apigeeTls.probe.proxy wins over http.proxy, which wins over the environment; NO_PROXY likewise', () => {
  const env = { HTTPS_PROXY: 'http://env:1', NO_PROXY: 'env.test' };
  const shown = (c: ReturnType<typeof chooseProxy>): unknown =>
    c === undefined ? 'direct' : 'problem' in c ? c.problem : [c.proxy?.url, c.noProxy];
  assert.deepEqual(
    [
      chooseProxy({ proxy: 'http://setting:2', noProxy: 'a.test' }, { proxy: 'http://editor:3', noProxy: ['b.test', 'c.test'] }, env),
      chooseProxy({ proxy: '', noProxy: '' }, { proxy: 'http://editor:3', noProxy: ['b.test', 'c.test'] }, env),
      chooseProxy({ proxy: '', noProxy: '' }, { proxy: 'http://editor:3' }, env),
      chooseProxy({ proxy: '', noProxy: '' }, undefined, env),
      chooseProxy({ proxy: '', noProxy: '' }, undefined, {}),
      chooseProxy({ proxy: 'socks5://alice:pw@setting:2', noProxy: '' }, undefined, {}),
    ].map(shown),
    [
      ['http://setting:2', 'a.test'],
      ['http://editor:3', 'b.test,c.test'],
      ['http://editor:3', 'env.test'],
      ['http://env:1', 'env.test'],
      'direct',
      'apigeeTls.probe.proxy: socks5:// proxies are not supported: the probe tunnels through plain HTTP proxies (http://) only',
    ],
  );
});
