// The probe through a real forward proxy (tinyproxy): every verdict the same as direct, the proxy's own failures
// its own causes, NO_PROXY honoured, the credentials nowhere in a report.
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { runCli } from '../../server/src/cli/main';
import type { CliIO } from '../../server/src/cli/io';
import { diagnose } from '../../server/src/probe/diagnose';
import { parseProxyUrl, type ProxyRoute } from '../../server/src/probe/proxy';
import type { Diagnosis, ProbeRequest } from '../../server/src/probe/types';
import { testPki, type Pki } from './support/pki';
import { startSquidBump, startTinyproxy, type RunningProxy } from './support/proxies';
import { localRequest } from './support/requests';
import {
  certArgs,
  freePort,
  startOpenssl,
  startRawServer,
  startSniRequiredNginx,
  type RawServer,
  type RunningServer,
} from './support/servers';

let pki: Pki;
let proxy: RunningProxy;
before(async () => {
  pki = await testPki();
  proxy = await startTinyproxy();
});
after(() => proxy.stop());

const route = (url: string): ProxyRoute => parseProxyUrl(url) as ProxyRoute;
const codes = (d: Diagnosis): string[] => d.causes.map((c) => c.code);
const through = (url: string, noProxy?: string): Partial<ProbeRequest> => ({ proxy: { proxy: route(url), noProxy } });

async function withServer<T>(start: () => Promise<RunningServer>, use: (port: number) => Promise<T>): Promise<T> {
  const server = await start();
  try {
    return await use(server.port);
  } finally {
    await server.stop();
  }
}

/** What a verdict is made of, beyond the causes: the version, the server's answers, the chain. */
const verdict = (d: Diagnosis) => ({ codes: codes(d), ok: d.ok, negotiated: d.negotiated, server: d.server, chain: d.chain.length });

const openssl = (args: () => string[]) => () => startOpenssl(args());
const clientAuth = (...extra: string[]) =>
  openssl(() => [...certArgs(pki, 'good'), '-Verify', '1', '-verify_return_error', '-CAfile', pki.path('root.crt'), ...extra]);

// [what, server, request, the causes direct and through the proxy]
const VERDICTS: [string, () => () => Promise<RunningServer>, () => Promise<Partial<ProbeRequest>>, string[]][] = [
  ['a healthy server', () => openssl(() => certArgs(pki, 'good')), async () => ({}), []],
  [
    'a TLS 1.0-only server',
    () => openssl(() => [...certArgs(pki, 'good'), '-tls1', '-cipher', 'DEFAULT@SECLEVEL=0']),
    async () => ({}),
    ['protocol-mismatch', 'obsolete-protocol-accepted'],
  ],
  [
    'a CAMELLIA-only TLS 1.2 server',
    () => openssl(() => [...certArgs(pki, 'good'), '-no_tls1_3', '-cipher', 'CAMELLIA256-SHA']),
    async () => ({}),
    ['cipher-mismatch'],
  ],
  ['an expired certificate', () => openssl(() => certArgs(pki, 'expired')), async () => ({}), ['certificate-expired']],
  ['a self-signed certificate', () => openssl(() => certArgs(pki, 'self', false)), async () => ({}), ['self-signed-certificate']],
  ['a certificate for another name', () => openssl(() => certArgs(pki, 'wrong-name')), async () => ({}), ['hostname-mismatch']],
  ['a leaf without its intermediate', () => openssl(() => certArgs(pki, 'good', false)), async () => ({}), ['incomplete-chain']],
  ['TLS 1.3 client certificate required', () => clientAuth(), async () => ({}), ['client-certificate-required']],
  ['TLS 1.2 client certificate required', () => clientAuth('-no_tls1_3'), async () => ({}), ['client-certificate-required']],
  [
    'a client certificate the server trusts',
    () => clientAuth(),
    async () => ({
      clientAuthEnabled: true,
      clientCertificate: { cert: await pki.pem('client.crt'), key: createPrivateKey(await pki.pem('client.key')) },
    }),
    [],
  ],
  ['an SNI-only server without SNI', () => () => startSniRequiredNginx(pki), async () => ({ sni: null }), ['sni-required']],
  ['an SNI-only server with SNI', () => () => startSniRequiredNginx(pki), async () => ({}), ['sni-dependent']],
];

for (const [what, server, request, expected] of VERDICTS) {
  test(`through a proxy, the same verdict as direct: ${what} (${expected.join(', ') || 'ok'})`, async () => {
    const overrides = await request();
    const [direct, proxied] = await withServer(server(), async (port) => [
      await diagnose(await localRequest(pki, port, overrides)),
      await diagnose(await localRequest(pki, port, { ...overrides, ...through(proxy.url) })),
    ]);
    assert.deepEqual([verdict(proxied), proxied.proxy, direct.proxy], [verdict(direct), `http://127.0.0.1:${proxy.port}`, undefined]);
    assert.deepEqual(codes(direct), expected);
  });
}

test('through a proxy, a plain HTTP port is still not-tls', async () => {
  const server = http.createServer((_req, res) => res.end('hello'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const d = await diagnose(await localRequest(pki, (server.address() as AddressInfo).port, through(proxy.url)));
    assert.deepEqual(codes(d), ['not-tls']);
  } finally {
    server.close();
  }
});

test('the proxy cannot reach the backend (nothing listens): proxy-backend-unreachable with its status line, not connection-refused', async () => {
  const port = await freePort();
  const d = await diagnose(await localRequest(pki, port, through(proxy.url)));
  assert.deepEqual(
    [codes(d), d.causes[0]!.message],
    [
      ['proxy-backend-unreachable'],
      `localhost:${port} (127.0.0.1): the proxy http://127.0.0.1:${proxy.port} could not reach 127.0.0.1:${port} (500 Unable to connect).`,
    ],
  );
  assert.match(d.causes[0]!.fix, /^The proxy http:\/\/127\.0\.0\.1:\d+ cannot reach localhost:\d+: check the host name and port/);
});

test("a name only the proxy could resolve is left to the proxy (no local DNS): here it cannot either, the proxy's cause", async () => {
  const d = await diagnose(
    await localRequest(pki, 443, { host: 'no-such-host.invalid', sni: 'no-such-host.invalid', address: undefined, ...through(proxy.url) }),
  );
  assert.deepEqual(
    [codes(d), /could not reach no-such-host\.invalid:443 \(500 Unable to connect\)/.test(d.causes[0]!.message)],
    [['proxy-backend-unreachable'], true],
  );
});

test('nothing listens where the proxy should be: proxy-unreachable', async () => {
  const port = await freePort();
  const d = await withServer(
    openssl(() => certArgs(pki, 'good')),
    async (backend) => diagnose(await localRequest(pki, backend, through(`http://127.0.0.1:${port}`))),
  );
  assert.deepEqual(
    [codes(d), d.causes[0]!.message.replace(/localhost:\d+/, 'localhost:PORT')],
    [['proxy-unreachable'], `localhost:PORT (127.0.0.1): the proxy http://127.0.0.1:${port} is unreachable (ECONNREFUSED).`],
  );
});

test('a proxy allowing CONNECT to port 443 only: proxy-refused, with its 403 and reason line', async () => {
  const strict = await startTinyproxy({ connectPorts: [443] });
  try {
    const d = await withServer(
      openssl(() => certArgs(pki, 'good')),
      async (port) => diagnose(await localRequest(pki, port, through(strict.url))),
    );
    assert.deepEqual(
      [codes(d), /refused CONNECT 127\.0\.0\.1:\d+ \(403 Access violation\)/.test(d.causes[0]!.message)],
      [['proxy-refused'], true],
    );
    assert.match(d.causes[0]!.fix, /have its administrators allow CONNECT to localhost:\d+ \(403\)/);
  } finally {
    await strict.stop();
  }
});

test('a proxy asking for basic authentication: 407 without credentials, 401 (as tinyproxy answers) to wrong ones, ok with the right ones', async () => {
  const guarded = await startTinyproxy({ basicAuth: { user: 'alice', password: 'pa.ss-word_42' } });
  const bare = `http://127.0.0.1:${guarded.port}`;
  try {
    const results = await withServer(
      openssl(() => certArgs(pki, 'good')),
      async (port) =>
        Promise.all(
          [bare, `http://alice:wrong@127.0.0.1:${guarded.port}`, guarded.url].map(async (url) =>
            diagnose(await localRequest(pki, port, through(url))),
          ),
        ),
    );
    assert.deepEqual(
      results.map((d) => [codes(d), d.causes[0]?.message.replace(/^localhost:\d+ \(127\.0\.0\.1\): /, '')]),
      [
        [['proxy-refused'], `the proxy ${bare} asks for credentials (407 Proxy Authentication Required).`],
        [['proxy-refused'], `the proxy ${bare} refused the credentials given (401 Unauthorized).`],
        [[], undefined],
      ],
    );
  } finally {
    await guarded.stop();
  }
});

test('a proxy whose upstream proxy cannot be reached: proxy-backend-unreachable', async () => {
  const chained = await startTinyproxy({ upstream: `127.0.0.1:${await freePort()}` });
  try {
    const d = await withServer(
      openssl(() => certArgs(pki, 'good')),
      async (port) => diagnose(await localRequest(pki, port, through(chained.url))),
    );
    assert.deepEqual(codes(d), ['proxy-backend-unreachable']);
  } finally {
    await chained.stop();
  }
});

test('NO_PROXY naming the host: direct, even with a proxy that is down; the report says nothing of a proxy', async () => {
  const down = `http://127.0.0.1:${await freePort()}`;
  const [bypassed, viaDown] = await withServer(
    openssl(() => certArgs(pki, 'good')),
    async (port) => [
      await diagnose(await localRequest(pki, port, through(down, 'example.com, .localhost'))),
      await diagnose(await localRequest(pki, port, through(down, 'example.com'))),
    ],
  );
  assert.deepEqual([codes(bypassed), bypassed.proxy, codes(viaDown)], [[], undefined, ['proxy-unreachable']]);
});

function cliIO(env: Record<string, string>): { io: CliIO; out: () => string } {
  let text = '';
  return { io: { stdout: (t) => (text += t), stderr: (t) => (text += t), cwd: pki.dir, isTTY: false, env }, out: () => text };
}

test('the CLI: --proxy with credentials works, reports the proxy without them (text and JSON), and HTTPS_PROXY does the same', async () => {
  const guarded = await startTinyproxy({ basicAuth: { user: 'alice', password: 's3cr3t-Pw' } });
  try {
    const outputs = await withServer(
      openssl(() => certArgs(pki, 'good')),
      async (port) => {
        const base = [`localhost:${port}`, '--resolve', `localhost:${port}:127.0.0.1`, '--ca', pki.path('root.crt')];
        const wrong = `http://alice:s3cr3t-Pw-wrong@127.0.0.1:${guarded.port}`;
        const runs: [string[], Record<string, string>][] = [
          [[...base, '--proxy', guarded.url], {}],
          [[...base, '--proxy', guarded.url, '--format', 'json'], {}],
          [[...base, '--format', 'json'], { HTTPS_PROXY: guarded.url }],
          [[...base, '--proxy', wrong], {}],
          [[...base, '--proxy', wrong, '--format', 'json'], {}],
        ];
        return Promise.all(
          runs.map(async ([argv, env]) => {
            const { io, out } = cliIO(env);
            return { code: await runCli(['probe', ...argv], io), text: out() };
          }),
        );
      },
    );
    assert.deepEqual(
      outputs.map((o) => o.code),
      [0, 0, 0, 1, 1],
    );
    assert.match(
      outputs[0]!.text,
      new RegExp(`through the HTTP proxy http://127\\.0\\.0\\.1:${guarded.port} \\(a CONNECT tunnel per connection\\)`),
    );
    assert.deepEqual(
      [JSON.parse(outputs[1]!.text).proxy, JSON.parse(outputs[2]!.text).proxy],
      [`http://127.0.0.1:${guarded.port}`, `http://127.0.0.1:${guarded.port}`],
    );
    for (const { text } of outputs) assert.doesNotMatch(text, /s3cr3t|YWxpY2U6czNjcjN0/);
  } finally {
    await guarded.stop();
  }
});

test('the CLI: a proxy URL it cannot use is a usage error that does not repeat the URL (it may hold a password)', async () => {
  const { io, out } = cliIO({});
  const code = await runCli(['probe', 'localhost:443', '--proxy', 'https://alice:s3cr3t@proxy.corp:443'], io);
  assert.deepEqual(
    [code, out().trim()],
    [2, 'apigee-tls-lint: probe: --proxy: https:// proxies are not supported: the probe tunnels through plain HTTP proxies (http://) only'],
  );
});

test("a TLS-inspecting proxy (squid ssl-bump): proxy-tls-inspection naming its CA, the chain shown is the proxy's", async () => {
  const squid = await startSquidBump();
  try {
    const d = await withServer(
      openssl(() => certArgs(pki, 'good')),
      async (port) => diagnose(await localRequest(pki, port, through(squid.url))),
    );
    assert.deepEqual(
      [codes(d), d.ok, [...new Set(d.chain.map((c) => c.issuer))], d.proxy],
      [['proxy-tls-inspection'], false, [squid.issuer], squid.url],
    );
    assert.match(
      d.causes[0]!.message,
      new RegExp(
        `^The proxy ${squid.url.replace(/\./g, '\\.')} inspects TLS: asked to tunnel to 'apigee-tls-lint-[0-9a-f]{12}\\.invalid', a host that does not exist, it answered the ClientHello itself with a certificate issued by 'CN=corp-inspection-ca'\\. The chain below is the proxy's, not the backend's`,
      ),
    );
  } finally {
    await squid.stop();
  }
});

// A slow proxy is not a slow backend: which one kept the connection waiting when the deadline came.
const slow = { timeoutMs: 300 };
/** A proxy that accepts the TCP connection and never answers CONNECT; `connected` resolves on its first connection. */
async function silentProxy(): Promise<RawServer & { connected: Promise<void> }> {
  let seen: () => void = () => undefined;
  const connected = new Promise<void>((resolve) => (seen = resolve));
  const server = await startRawServer(() => seen());
  return { ...server, connected };
}

test('a proxy that accepts the connection but never answers CONNECT: proxy-timeout, the proxy named, the backend not blamed', async () => {
  const silent = await silentProxy();
  try {
    const d = await diagnose(await localRequest(pki, 8443, { ...slow, ...through(`http://127.0.0.1:${silent.port}`) }));
    assert.deepEqual(
      [codes(d), d.causes[0]!.message],
      [
        ['proxy-timeout'],
        `localhost:8443 (127.0.0.1): the proxy http://127.0.0.1:${silent.port} accepted the connection but did not answer CONNECT 127.0.0.1:8443 in time.`,
      ],
    );
    assert.match(
      d.causes[0]!.fix,
      /^The proxy http:\/\/127\.0\.0\.1:\d+ did not answer CONNECT in 300 ms: the proxy's fault or its upstream's .*, not the backend's, which was never reached\./,
    );
    await silent.allClosed();
  } finally {
    await silent.stop();
  }
});

test("tinyproxy whose upstream proxy never answers: proxy-timeout (the upstream's fault reads as the proxy's, not the backend's)", async () => {
  const upstream = await silentProxy();
  const chained = await startTinyproxy({ upstream: `127.0.0.1:${upstream.port}` });
  try {
    const d = await withServer(
      openssl(() => certArgs(pki, 'good')),
      async (port) => diagnose(await localRequest(pki, port, { ...slow, ...through(chained.url) })),
    );
    assert.deepEqual(codes(d), ['proxy-timeout']);
    assert.match(d.causes[0]!.message, /accepted the connection but did not answer CONNECT 127\.0\.0\.1:\d+ in time\.$/);
  } finally {
    await chained.stop();
    await upstream.stop();
  }
});

test("the proxy grants the tunnel, the backend never answers: a timeout, through the tunnel, not the proxy's", async () => {
  const backend = await startRawServer(() => undefined);
  try {
    const d = await diagnose(await localRequest(pki, backend.port, { ...slow, ...through(proxy.url) }));
    assert.deepEqual(
      [codes(d), d.causes[0]!.message],
      [
        ['timeout'],
        `localhost:${backend.port} (127.0.0.1): the server did not answer in time, through the tunnel the proxy http://127.0.0.1:${proxy.port} opened to 127.0.0.1:${backend.port}.`,
      ],
    );
    assert.match(d.causes[0]!.fix, /^No answer within 300 ms: check firewalls/);
  } finally {
    await backend.stop();
  }
});

test('cancelled while the proxy has not answered CONNECT: the diagnosis ends as cancelled (no proxy-timeout), every connection to the proxy closed', async () => {
  const silent = await silentProxy();
  const cancel = new AbortController();
  try {
    void silent.connected.then(() => cancel.abort());
    await assert.rejects(
      diagnose(await localRequest(pki, 8443, { timeoutMs: 60_000, signal: cancel.signal, ...through(`http://127.0.0.1:${silent.port}`) })),
      { name: 'AbortError' },
    );
    await silent.allClosed();
  } finally {
    await silent.stop();
  }
});
