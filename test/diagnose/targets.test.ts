// Which connection "Diagnose target TLS" probes: the CodeLens's URL, the one at the cursor, or the user's pick.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseTarget, describeOwner, probeTargets, targetAt } from '../../client/src/diagnose/targets';
import { parseXml } from '../../server/src/lint/xml/document';

const options = { profile: 'apigeex', sniOff: false } as const;
const connection = (url: string): string => `  <HTTPTargetConnection>\n    <URL>${url}</URL>\n  </HTTPTargetConnection>\n`;
const endpoint = (...connections: string[]): string => `<TargetEndpoint name="default">\n${connections.join('')}</TargetEndpoint>\n`;

test('the URL value span is the trimmed text between the tags', () => {
  const text = endpoint(connection(' https://api.example.com:8443/v1 '));
  const [target] = probeTargets(text, options);
  assert.equal(text.slice(target!.urlSpan!.start, target!.urlSpan!.end), 'https://api.example.com:8443/v1');
  assert.equal(target!.url, 'https://api.example.com:8443/v1');
  assert.equal(describeOwner(target!), "TargetEndpoint 'default'");
  assert.ok(target!.plan.probeable);
});

test('a ServiceCallout connection is a target; other roots are not', () => {
  const callout = '<ServiceCallout name="SC-1"><HTTPTargetConnection><URL>https://a.example</URL></HTTPTargetConnection></ServiceCallout>';
  assert.deepEqual(
    probeTargets(callout, options).map((t) => [t.kind, t.name]),
    [['ServiceCallout', 'SC-1']],
  );
  assert.deepEqual(probeTargets('<ProxyEndpoint name="default"><HTTPProxyConnection/></ProxyEndpoint>', options), []);
  assert.deepEqual(probeTargets('<TargetEndpoint', options), []);
});

test('targets that cannot be probed say why: variables, LoadBalancer, http', () => {
  const text = endpoint(
    connection('https://{backend.host}/v1'),
    connection('http://api.example.com'),
    '  <HTTPTargetConnection><LoadBalancer><Server name="ts"/></LoadBalancer></HTTPTargetConnection>\n',
  );
  const reasons = probeTargets(text, options).map((t) => (t.plan.probeable ? 'probeable' : t.plan.reason));
  assert.match(reasons[0]!, /holds a variable/);
  assert.match(reasons[1]!, /not an https URL/);
  assert.match(reasons[2]!, /LoadBalancer/);
  assert.equal(probeTargets(text, options)[2]!.urlSpan, undefined);
});

test('one connection is chosen wherever the cursor is (or without one)', () => {
  const targets = probeTargets(endpoint(connection('https://a.example')), options);
  assert.equal(chooseTarget(targets, 0).kind, 'chosen');
  assert.equal(chooseTarget(targets, undefined).kind, 'chosen');
  assert.deepEqual(chooseTarget([], 5), { kind: 'none' });
});

test('several connections: the one at the cursor, else ask', () => {
  const text = endpoint(connection('https://a.example'), connection('https://b.example'));
  const targets = probeTargets(text, options);
  const inB = text.indexOf('b.example');
  const choice = chooseTarget(targets, inB);
  assert.equal(choice.kind === 'chosen' && choice.target.url, 'https://b.example');
  // Inside the second HTTPTargetConnection but not in its URL.
  const inSecondConnection = text.lastIndexOf('</HTTPTargetConnection>');
  assert.equal(targetAt(targets, inSecondConnection)?.url, 'https://b.example');
  // On the root's start tag: in neither.
  const ask = chooseTarget(targets, 3);
  assert.equal(ask.kind, 'ask');
  assert.equal(ask.kind === 'ask' && ask.targets.length, 2);
  assert.equal(chooseTarget(targets, undefined).kind, 'ask');
});

test('an offset at either end of the URL value belongs to it', () => {
  const text = endpoint(connection('https://a.example'), connection('https://b.example'));
  const targets = probeTargets(text, options);
  const b = targets[1]!;
  assert.equal(targetAt(targets, b.urlSpan!.start), b);
  assert.equal(targetAt(targets, b.urlSpan!.end), b);
});

test('the CodeLens sniffs the root: a 3 MB pom is never parsed, an endpoint once', () => {
  const pom = `<?xml version="1.0"?>\n<project>\n${'  <dependency><groupId>g</groupId><artifactId>a</artifactId></dependency>\n'.repeat(45_000)}</project>\n`;
  assert.ok(pom.length > 3_000_000);
  const parsed: number[] = [];
  const countingParse = (text: string) => {
    parsed.push(text.length);
    return parseXml(text);
  };
  assert.deepEqual(probeTargets(pom, options, countingParse), []);
  assert.deepEqual(probeTargets('{"host": "<TargetEndpoint>"}', options, countingParse), []);
  assert.deepEqual(parsed, []);
  assert.equal(probeTargets(endpoint(connection('https://a.example')), options, countingParse).length, 1);
  assert.equal(parsed.length, 1);
});
