// A failure that may be the probe's vantage point, not the backend: a name that does not resolve from here, a
// timeout or a refusal at a private address. The cause says so and how to run the same diagnosis from the
// runtime's network (the CLI command with the same arguments, as JSON).
import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { test } from 'node:test';
import type { CliIO } from '../../server/src/cli/io';
import { runCli } from '../../server/src/cli/main';
import type { HandshakeEvidence, SocketFailureCode } from '../../server/src/diagnosis/evidence';
import { judge } from '../../server/src/diagnosis/judge';
import { systemTrust } from '../../server/src/diagnosis/trust';
import { privateAddressKind } from '../../server/src/diagnosis/vantage';
import { defaultOffer } from '../../server/src/tls/java';
import { freePort } from './support/servers';

test('private addresses: RFC 1918, RFC 4193, CGNAT, link-local; public ones are not', () => {
  const cases: [string, string | undefined][] = [
    ['10.1.2.3', 'a private address (RFC 1918)'],
    ['172.16.0.1', 'a private address (RFC 1918)'],
    ['172.31.255.255', 'a private address (RFC 1918)'],
    ['172.32.0.1', undefined],
    ['192.168.10.20', 'a private address (RFC 1918)'],
    ['100.64.0.1', 'a carrier-grade NAT address (100.64.0.0/10, RFC 6598)'],
    ['100.128.0.1', undefined],
    ['169.254.169.254', 'a link-local address'],
    ['fd12:3456::1', 'a unique local address (RFC 4193)'],
    ['fc00::1', 'a unique local address (RFC 4193)'],
    ['fe80::1', 'a link-local address'],
    ['::ffff:10.0.0.1', 'a private address (RFC 1918)'],
    ['8.8.8.8', undefined],
    ['2001:db8::1', undefined],
    ['backend.internal', undefined],
  ];
  assert.deepEqual(
    cases.map(([address]) => [address, privateAddressKind(address)]),
    cases,
  );
});

const plan = (host: string): HandshakeEvidence['plan'] => ({
  host,
  port: 8443,
  sni: host,
  ...defaultOffer('apigeex'),
  certificatePolicy: { fatal: true, reason: 'test' },
  profile: 'apigeex',
});

function failed(failure: SocketFailureCode, host: string, address: string | undefined, extra: Partial<HandshakeEvidence> = {}) {
  const ev: HandshakeEvidence = {
    plan: plan(host),
    address,
    ...(failure === 'dns-failure'
      ? { unreachable: { kind: 'failed', failure, detail: `${host} does not resolve (ENOTFOUND)` } }
      : { offer: { kind: 'failed', failure, detail: 'no answer' } }),
    trust: systemTrust(),
    takenAt: new Date(),
    elapsedMs: 5,
    ...extra,
  };
  const cause = judge(ev).causes[0]!;
  return { code: cause.code, elsewhere: /vantage point is not the runtime's/.test(cause.fix), fix: cause.fix, message: cause.message };
}

test('which failures say the vantage point may be the problem', () => {
  const cases: [SocketFailureCode, string, string | undefined, boolean][] = [
    ['dns-failure', 'orders.corp.internal', undefined, true],
    ['timeout', 'orders.example.com', '10.20.30.40', true],
    ['connection-refused', 'orders.example.com', '192.168.1.5', true],
    ['connection-refused', 'fd00::5', 'fd00::5', true],
    ['timeout', '100.72.1.1', '100.72.1.1', true],
    ['timeout', 'orders.example.com', '93.184.216.34', false],
    ['connection-refused', 'orders.example.com', '93.184.216.34', false],
    ['connection-reset', 'orders.example.com', '10.20.30.40', false],
  ];
  assert.deepEqual(
    cases.map(([failure, host, address]) => [failure, host, address, failed(failure, host, address).elsewhere]),
    cases,
  );
});

test("the message names the private address; the fix gives the command (the plan's, else the URL), then the usual fix", () => {
  const given = failed('dns-failure', 'orders.corp', undefined, {
    plan: { ...plan('orders.corp'), rerun: 'npx apigee-tls-lint probe --bundle x' },
  });
  assert.match(given.fix, /: `npx apigee-tls-lint probe --bundle x`, or the container image/);
  const withPlan = failed('timeout', 'orders.example.com', '10.20.30.40');
  assert.equal(
    withPlan.message,
    'orders.example.com:8443 (10.20.30.40): no answer. 10.20.30.40 (orders.example.com) is a private address (RFC 1918), reachable only from its own network: this probe may not run where the runtime does.',
  );
  assert.match(withPlan.fix, /: `npx apigee-tls-lint probe https:\/\/orders\.example\.com:8443 --format json`, or the container image/);
  assert.match(withPlan.fix, /If it fails there too: No answer: check firewalls/);
});

test('through a proxy the proxy resolves and dials: no vantage advice on its failures', () => {
  const d = failed('timeout', '10.20.30.40', '10.20.30.40', { proxy: { url: 'http://proxy:3128' } });
  assert.deepEqual([d.code, d.elsewhere], ['timeout', false]);
});

async function cli(...argv: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const io: CliIO = { stdout: (t) => (stdout += t), stderr: () => undefined, cwd: __dirname, isTTY: false, env: {} };
  const code = await runCli(['probe', ...argv], io);
  return { code, stdout };
}

test("CLI: a name that does not resolve: the fix repeats the arguments as JSON, without this machine's proxy", async () => {
  const { code, stdout } = await cli('https://orders.corp.invalid:8443', '--timeout', '3000', '--no-sni', '--noproxy', '*', '-f', 'json');
  const cause = JSON.parse(stdout).causes[0];
  assert.deepEqual([code, cause.code], [1, 'dns-failure']);
  assert.match(cause.fix, /`npx apigee-tls-lint probe https:\/\/orders\.corp\.invalid:8443 --timeout 3000 --no-sni --format json`/);
});

// This machine's own unique local address (RFC 4193), when it has one: a refused port there is a real refusal.
const ula = Object.values(networkInterfaces())
  .flat()
  .find((i) => i?.family === 'IPv6' && privateAddressKind(i.address) === 'a unique local address (RFC 4193)')?.address;

test('CLI: a port refused at a unique local address (live)', { skip: ula === undefined && 'no RFC 4193 address here' }, async () => {
  const port = await freePort();
  const { stdout } = await cli(`[${ula}]:${port}`, '--timeout', '3000', '-f', 'json');
  const cause = JSON.parse(stdout).causes[0];
  assert.equal(cause.code, 'connection-refused');
  assert.match(cause.message, /is a unique local address \(RFC 4193\), reachable only from its own network/);
  assert.ok(cause.fix.includes(`\`npx apigee-tls-lint probe '[${ula}]:${port}' --timeout 3000 --format json\``), cause.fix);
});
