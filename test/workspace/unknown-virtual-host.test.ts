// unknown-virtual-host: a ProxyEndpoint's <VirtualHost> that the environments keeping virtual hosts do not define,
// Edge Cloud's built-ins aside, at the name, with the closest name offered.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/lint/fix-all';
import { checkSpans, expectSpans, findingsOf, json } from './support/tree';

const vhosts = (env: string, ...names: string[]): Record<string, string> => ({
  [`resources/edge/env/${env}/virtualHosts.json`]: json(names.map((name) => ({ name, port: '443', hostAliases: [`${name}.example.com`] }))),
});
const PE = 'apiproxy/proxies/default.xml';
const proxyEndpoint = (...vhs: string[]): string =>
  `<ProxyEndpoint name="default">\n  <HTTPProxyConnection>\n    <BasePath>/v1</BasePath>\n${vhs.map((v) => `    <VirtualHost>${v}</VirtualHost>`).join('\n')}\n  </HTTPProxyConnection>\n</ProxyEndpoint>\n`;

describe('unknown-virtual-host', () => {
  it('a name no environment defines, at the name; defined names, built-ins and tokens not', () =>
    expectSpans('unknown-virtual-host', {
      ...vhosts('test', 'secure-two-way'),
      ...vhosts('prod', 'secure-two-way'),
      [PE]: proxyEndpoint('«secure-to-way»', 'secure-two-way', 'default', 'secure', '@VHOST@'),
    }));
  it('did you mean, with a fix', () => {
    const files = { ...vhosts('test', 'secure-two-way'), [PE]: proxyEndpoint('secure-to-way') };
    const [f] = findingsOf('unknown-virtual-host', files).get(PE)!;
    assert.equal(
      f!.message,
      "No virtual host 'secure-to-way' in environment test (they define secure-two-way; Edge Cloud's built-ins are default and secure): deploying the proxy fails. Did you mean 'secure-two-way'?",
    );
    assert.match(applyEdits(files[PE], f!.fixes[0]!.edits), /<VirtualHost>secure-two-way<\/VirtualHost>/);
  });
  it('a built-in spelt otherwise is offered the built-in', () => {
    const [f] = checkSpans('unknown-virtual-host', { ...vhosts('test', 'internal'), [PE]: proxyEndpoint('«Secure»') });
    assert.match(f!.message, /Did you mean 'secure'\?$/);
  });
  it('missing in some environments only: a warning naming them, no suggestion', () => {
    const [f] = checkSpans('unknown-virtual-host', {
      ...vhosts('test', 'mtls'),
      ...vhosts('prod', 'other'),
      [PE]: proxyEndpoint('«mtls»'),
    });
    assert.equal(f!.severity, 'warning');
    assert.equal(
      f!.message,
      "Virtual host 'mtls' is missing in environment prod (defined in environment test): deploying the proxy there fails.",
    );
  });
  it('environments whose virtual hosts are not in the repository judge nothing', () =>
    expectSpans('unknown-virtual-host', {
      'resources/edge/env/test/targetServers.json': json([{ name: 'backend', host: 'b.example.com', port: 443 }]),
      [PE]: proxyEndpoint('anything'),
    }));
  it('--env judges only the environments named', () =>
    assert.equal(
      findingsOf(
        'unknown-virtual-host',
        { ...vhosts('test', 'mtls'), ...vhosts('prod', 'other'), [PE]: proxyEndpoint('mtls') },
        { only: new Set(['test']) },
      ).size,
      0,
    ));
});
