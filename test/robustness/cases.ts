// The robustness cases: hostile inputs built by hand, and corpus files mutated by a seeded PRNG. Pure functions
// of (seed, corpus): the same seed gives the same cases on every machine.
import { prng } from '../support/prng';

export interface RobustnessCase {
  label: string;
  text: string;
  inBundle: boolean;
  profile: 'apigeex' | 'edge';
  /** Also run fix-all on it. */
  fixAll: boolean;
}

const MB = 1024 * 1024;

function target(inner: string, url = 'https://api.example.com'): string {
  return `<TargetEndpoint name="t">\n  <HTTPTargetConnection>\n    <SSLInfo>\n      <Enabled>true</Enabled>\n      ${inner}\n    </SSLInfo>\n    <URL>${url}</URL>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n`;
}

/**
 * Hand-made hostile inputs. `sentinelPath` is a file whose content must never show up anywhere: external
 * entities point at it (and at /etc/passwd).
 */
export function specialCases(sentinelPath: string): RobustnessCase[] {
  const sentinelUrl = `file://${sentinelPath}`;
  const N = 100_000;
  const cases: Array<[string, string]> = [
    ['empty', ''],
    ['only a BOM', '\uFEFF'],
    ['only whitespace', ' \r\n\t '.repeat(1000)],
    ['NUL bytes', target('<TrustStore>\0\0\0</TrustStore>\0')],
    ['lone surrogates', target('<TrustStore>\uD800\uDFFF\uDC00x\uD83D</TrustStore>')],
    ['deep nesting 100k levels (closed)', `<TargetEndpoint>${'<a>'.repeat(N)}${'</a>'.repeat(N)}</TargetEndpoint>`],
    ['deep nesting 100k levels (unclosed)', `<TargetEndpoint>${'<a>'.repeat(N)}`],
    ['deep nesting 100k levels (self-closing leaf)', `<TargetEndpoint>${'<a>'.repeat(N)}<b/>${'</a>'.repeat(N)}</TargetEndpoint>`],
    ['deep nesting 100k levels inside SSLInfo', target(`<Protocols>${'<a>'.repeat(N)}${'</a>'.repeat(N)}</Protocols>`)],
    [
      'deep nesting 100k levels of SSLInfo',
      `<ServiceCallout><HTTPTargetConnection>${'<SSLInfo>'.repeat(N)}${'</SSLInfo>'.repeat(N)}</HTTPTargetConnection></ServiceCallout>`,
    ],
    [
      'deep nesting 300 levels (past the depth bound)',
      `<TargetEndpoint><HTTPTargetConnection>${'<SSLInfo>'.repeat(300)}${'</SSLInfo>'.repeat(300)}</HTTPTargetConnection></TargetEndpoint>`,
    ],
    ['huge text node 10 MB (over the size limit)', target(`<TrustStore>${'x'.repeat(10 * MB)}</TrustStore>`)],
    ['huge text node 3.5 MB (under the size limit)', target(`<TrustStore>${'x'.repeat(3.5 * MB)}</TrustStore>`)],
    ['huge URL 3.5 MB (under the size limit)', target('', `https://${'a'.repeat(3.5 * MB)}`)],
    ['huge text node 10 MB of spaces', target(`<TrustStore>${' '.repeat(10 * MB)}x</TrustStore>`)],
    ['huge comment 10 MB', target(`<!--${'x'.repeat(10 * MB)}-->`)],
    ['huge CDATA 10 MB', target(`<TrustStore><![CDATA[${'x'.repeat(10 * MB)}]]></TrustStore>`)],
    ['huge attribute 10 MB', `<TargetEndpoint name="${'x'.repeat(10 * MB)}"/>`],
    ['huge URL 10 MB', target('', `https://${'a'.repeat(10 * MB)}`)],
    ['huge template 5 MB', target(`<TrustStore>${'{{ a }}{b}'.repeat(MB / 2)}</TrustStore>`)],
    ['17 MB (over the size bound)', target(`<TrustStore>${'x'.repeat(17 * MB)}</TrustStore>`)],
    [
      'billion laughs',
      `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('')}]>` +
        target('<TrustStore>&lol9;</TrustStore><KeyStore>&lol9;</KeyStore>'),
    ],
    [
      'quadratic blowup',
      `<!DOCTYPE x [<!ENTITY a "${'a'.repeat(100_000)}">]>${target(`<TrustStore>${'&a;'.repeat(20_000)}</TrustStore>`)}`,
    ],
    [
      'external entity /etc/passwd',
      `<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${target('<TrustStore>&xxe;</TrustStore>')}`,
    ],
    [
      'external entity (sentinel file)',
      `<!DOCTYPE foo [<!ENTITY xxe SYSTEM "${sentinelUrl}">]>${target('<TrustStore>&xxe;</TrustStore><CommonName>&xxe;</CommonName>')}`,
    ],
    [
      'external entity PUBLIC',
      `<!DOCTYPE foo [<!ENTITY xxe PUBLIC "-//X//Y" "${sentinelUrl}">]>${target('<TrustStore>&xxe;</TrustStore>')}`,
    ],
    ['external parameter entity', `<!DOCTYPE foo [<!ENTITY % p SYSTEM "${sentinelUrl}"> %p;]>${target('<TrustStore>x</TrustStore>')}`],
    ['external DTD', `<!DOCTYPE TargetEndpoint SYSTEM "${sentinelUrl}">${target('<TrustStore>&ext;</TrustStore>')}`],
    ['external entity in an attribute', `<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><TargetEndpoint name="&xxe;"/>`],
    ['XInclude', target(`<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="${sentinelUrl}" parse="text"/>`)],
    ['binary garbage 1 MB', randomBinary(prng(1), MB)],
    ['binary garbage after a root tag', `<TargetEndpoint>${randomBinary(prng(2), 256 * 1024)}`],
    ['100k obsolete protocols on one line', target(`<Protocols>${'<Protocol>TLSv1</Protocol>'.repeat(N)}</Protocols>`)],
    ['200k weak ciphers', target(`<Ciphers>${'<Cipher>TLS_RSA_WITH_RC4_128_MD5</Cipher>\n'.repeat(2 * N)}</Ciphers>`)],
    ['100k duplicate Enabled', target('<Enabled>true</Enabled>'.repeat(N))],
    ['100k unknown elements', target('<TrustStores>x</TrustStores>'.repeat(N))],
    ['100k stray Protocol elements under SSLInfo', target('<Protocol>TLSv1</Protocol>'.repeat(N))],
    [
      '100k SSLInfo blocks',
      `<TargetEndpoint><HTTPTargetConnection><URL>http://a</URL>${'<SSLInfo><Enabled>True</Enabled></SSLInfo>'.repeat(N)}</HTTPTargetConnection></TargetEndpoint>`,
    ],
    [
      '100k connections',
      `<TargetEndpoint>${'<HTTPTargetConnection><URL>https://a.b</URL></HTTPTargetConnection>'.repeat(N)}</TargetEndpoint>`,
    ],
    ['200k comments', target('<!--x-->'.repeat(2 * N))],
    ['100k suppression comments', target('<!-- apigee-tls-lint disable=weak-cipher,unknown-element -->\n'.repeat(N))],
    ['100k processing instructions', target('<?x y?>'.repeat(N))],
    ['50k attributes', `<TargetEndpoint ${Array.from({ length: 50_000 }, (_, i) => `a${i}="v"`).join(' ')}/>`],
    ['100k entity declarations', `<!DOCTYPE x [${'<!ENTITY a "b">'.repeat(N)}]>${target('')}`],
    ['1M lines then an error', target('').replace('</TargetEndpoint>', `${'\n'.repeat(MB)}</Bad>`)],
    ['1M < characters', target('<'.repeat(MB))],
    ['1M & characters', target(`<TrustStore>${'&'.repeat(MB)}</TrustStore>`)],
    ['1M { characters', target(`<TrustStore>${'{'.repeat(MB)}</TrustStore>`)],
    ['unclosed comment', target('<!-- x')],
    ['unclosed comment at the start', '<!-- x'],
    ['unclosed comment of 1 MB dashes', target(`<!--${'-'.repeat(MB)}`)],
    ['unclosed CDATA', target('<TrustStore><![CDATA[ x')],
    ['unclosed CDATA at the start', '<![CDATA['],
    ['unclosed declaration', '<?xml version="1.0"'],
    ['unclosed DOCTYPE', '<!DOCTYPE x [<!ENTITY a "b">'],
    [
      'comment before the declaration, BOM, CRLF',
      `\uFEFF<!-- c -->\r\n<?xml version="1.0"?>\r\n${target('<TrustStore>t</TrustStore>').replace(/\n/g, '\r\n')}`,
    ],
    ['templates as element names', target('<{{x}}>{a}</{{x}}><{Protocols}>{p}</{Protocols}>')],
    [
      'templates everywhere',
      target(
        '<Protocols><Protocol>{p}</Protocol><Protocol>{{ q }}</Protocol></Protocols><TrustStore>{{ t | default("x") }}</TrustStore>',
        'https://{host}{{ path }}',
      ),
    ],
    ['deep JSON 100k', '['.repeat(N) + ']'.repeat(N)],
    ['deep JSON 100k unclosed', '{"a":'.repeat(N)],
    ['huge JSON string 10 MB', `[{"name":"t","host":"h","sSLInfo":{"enabled":"true","trustStore":"${'x'.repeat(10 * MB)}"}}]`],
    [
      '100k TargetServers',
      `[${Array.from({ length: N }, () => '{"name":"t","host":"h","port":443,"sSLInfo":{"enabled":"true","protocols":["TLSv1"]}}').join(',')}]`,
    ],
  ];
  return cases.map(([label, text]) => ({ label: `special: ${label}`, text, inBundle: true, profile: 'apigeex', fixAll: true }));
}

function randomBinary(rand: () => number, length: number): string {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(rand() * 256);
  // Read as UTF-8 the way an editor or the CLI would (invalid sequences become U+FFFD).
  return bytes.toString('utf8');
}

const TOKENS = [
  '<',
  '>',
  '</',
  '/>',
  '&',
  '&amp;',
  '&#x0;',
  '&#xD800;',
  '&#1114112;',
  '&#xFFFFFFFF;',
  '&foo;',
  ']]>',
  '<!--',
  '-->',
  '<![CDATA[',
  '<?xml version="1.0"?>',
  '<!DOCTYPE x>',
  '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
  '&e;',
  '"',
  "'",
  '=',
  '{',
  '}',
  '{{ x }}',
  '{request.header.x}',
  'ref://',
  '\uFEFF',
  '\r\n',
  '\r',
  '\0',
  '\uFFFE',
  '\uD800',
  '\u{1F600}',
  '<SSLInfo>',
  '</SSLInfo>',
  '<Enabled>true</Enabled>',
  '<Enforce>false</Enforce>',
  '<ClientAuthEnabled>True</ClientAuthEnabled>',
  '<KeyAlias>ref://k</KeyAlias>',
  '<Protocols><Protocol>TLSv1.1</Protocol><Protocol>TLS1.2</Protocol></Protocols>',
  '<Ciphers><Cipher>DES-CBC3-SHA</Cipher><Cipher>NOPE</Cipher></Ciphers>',
  '<CommonName wildcardMatch="yes">*.x</CommonName>',
  '<URL>https://a.example.com</URL>',
  '<URL>http://a.example.com</URL>',
  '<LoadBalancer><Server name="s"/></LoadBalancer>',
  '<!-- apigee-tls-lint disable=weak-cipher -->',
  '<!-- apigeelint disable=TD007 -->',
];

/** SSLInfo vocabulary used to build random SSLInfo blocks (so the rules and their fixes run, not only the parser). */
const SSL_CHILDREN = [
  () => '<Enabled>true</Enabled>',
  () => '<Enabled>false</Enabled>',
  () => '<Enabled>True</Enabled>',
  () => '<Enforce>true</Enforce>',
  () => '<Enforce>{flag}</Enforce>',
  () => '<ClientAuthEnabled>true</ClientAuthEnabled>',
  () => '<KeyStore>ks</KeyStore>',
  () => '<KeyAlias>ref://alias</KeyAlias>',
  () => '<TrustStore>ts</TrustStore>',
  () => '<TrustStore>ref://ts</TrustStore>',
  () => '<IgnoreValidationErrors>true</IgnoreValidationErrors>',
  () => '<IgnoreValidationErrors>yes</IgnoreValidationErrors>',
  () => '<Protocols><Protocol>TLSv1</Protocol><Protocol>TLSv1.0</Protocol><Protocol>SSLv3</Protocol></Protocols>',
  () => '<Protocols><Protocol>TLS1.2</Protocol><Protocol/></Protocols>',
  () => '<Ciphers><Cipher>TLS_RSA_WITH_RC4_128_MD5</Cipher><Cipher>ECDHE-RSA-AES128-GCM-SHA256</Cipher></Ciphers>',
  () => '<CommonName wildcardMatch="true">*.other.org</CommonName>',
  () => '<TrustStores>x</TrustStores>',
  () => '<!-- c --><Enabled><![CDATA[true]]></Enabled>',
];

type Mutation = (text: string, rand: () => number) => [string, string];

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const at = (rand: () => number, text: string): number => Math.floor(rand() * (text.length + 1));

const MUTATIONS: Mutation[] = [
  (t, r) => {
    const p = at(r, t);
    return [t.slice(0, p), `truncate@${p}`];
  },
  (t, r) => {
    let out = t;
    const n = 1 + Math.floor(r() * 8);
    for (let i = 0; i < n && out.length > 0; i++) {
      const p = Math.floor(r() * out.length);
      const c = r() < 0.5 ? String.fromCharCode(Math.floor(r() * 128)) : String.fromCharCode(Math.floor(r() * 0x10000));
      out = out.slice(0, p) + c + out.slice(p + 1);
    }
    return [out, `flip×${n}`];
  },
  (t, r) => {
    let out = t;
    const n = 1 + Math.floor(r() * 4);
    for (let i = 0; i < n; i++) {
      const p = at(r, out);
      out = out.slice(0, p) + pick(r, TOKENS) + out.slice(p);
    }
    return [out, `insert×${n}`];
  },
  (t, r) => {
    const a = at(r, t);
    const b = Math.min(t.length, a + Math.floor(r() * 200));
    return [t.slice(0, a) + t.slice(b), `delete@${a}+${b - a}`];
  },
  (t, r) => {
    const a = at(r, t);
    const b = Math.min(t.length, a + Math.floor(r() * 400));
    return [t.slice(0, b) + t.slice(a, b) + t.slice(b), `duplicate@${a}+${b - a}`];
  },
  (t, r) => {
    const p = at(r, t);
    return [t.slice(0, p) + randomBinary(r, 1 + Math.floor(r() * 512)) + t.slice(p), `binary@${p}`];
  },
  (t, r) => {
    // Templates everywhere: element text, attribute values, sometimes element names.
    const mode = Math.floor(r() * 3);
    let out = t.replace(/>([^<>]+)</g, (whole, v: string) =>
      v.trim() === '' || r() < 0.3 ? whole : `>${r() < 0.5 ? `{${v.trim().replace(/\W/g, '_')}}` : `{{ ${v.trim()} }}`}<`,
    );
    out = out.replace(/="([^"]*)"/g, (whole, v: string) => (r() < 0.5 ? whole : `="{{ ${v} }}"`));
    if (mode === 2) out = out.replace(/<(\/?)(Protocol|Cipher|TrustStore|Enabled)\b/g, (_w, slash: string) => `<${slash}{{ n }}`);
    return [out, `templates(${mode})`];
  },
  (t, r) => {
    const crlf = t.replace(/\r?\n/g, '\r\n');
    const withBom = r() < 0.5 ? `\uFEFF${crlf}` : crlf;
    return [r() < 0.3 ? `\uFEFF<!-- lead -->\r\n${withBom.replace(/^\uFEFF/, '')}` : withBom, 'bom+crlf'];
  },
  (t, r) => {
    const p = at(r, t);
    const opener = pick(r, ['<!--', '<![CDATA[', '<?pi ', '<!DOCTYPE x [', '<Unclosed>', '"']);
    return [t.slice(0, p) + opener + t.slice(p), `unclosed ${opener}@${p}`];
  },
  (t, r) => {
    // A DOCTYPE with entities (internal, external, recursive) and references to them in values.
    const decl = pick(r, [
      '<!DOCTYPE x [<!ENTITY e "ref://x">]>',
      '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
      '<!DOCTYPE x [<!ENTITY a "&b;"><!ENTITY b "&a;"><!ENTITY e "&a;">]>',
      '<!DOCTYPE x [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p; <!ENTITY e "x">]>',
    ]);
    const body = t.replace(/^\uFEFF?(<\?xml[^>]*\?>)?/, (m) => m + decl);
    return [body.replace(/>([^<>\s][^<>]*)</g, (whole) => (r() < 0.3 ? '>&e;<' : whole)), 'doctype+entities'];
  },
  (t, r) => {
    const depth = 200 + Math.floor(r() * 2000);
    const p = t.indexOf('<SSLInfo>') >= 0 ? t.indexOf('<SSLInfo>') + 9 : at(r, t);
    return [t.slice(0, p) + '<n>'.repeat(depth) + '</n>'.repeat(r() < 0.7 ? depth : 0) + t.slice(p), `nest×${depth}`];
  },
  (t, r) => {
    // A random SSLInfo inside the first HTTPTargetConnection (or a new one), so the rules and fixes run.
    const children = Array.from({ length: 1 + Math.floor(r() * 6) }, () => pick(r, SSL_CHILDREN)());
    const block = `<SSLInfo>${children.join(r() < 0.5 ? '\n' : '')}</SSLInfo>${r() < 0.5 ? '<URL>https://api.example.com</URL>' : ''}`;
    const i = t.indexOf('<HTTPTargetConnection>');
    if (i >= 0) return [t.slice(0, i + 22) + block + t.slice(i + 22), 'random SSLInfo'];
    return [`<TargetEndpoint name="x"><HTTPTargetConnection>${block}</HTTPTargetConnection></TargetEndpoint>`, 'random SSLInfo (new file)'];
  },
];

/** `count` mutated corpus files: each one to three mutations of a file picked by the PRNG. */
export function* mutatedCases(
  seed: number,
  count: number,
  corpus: ReadonlyArray<{ rel: string; text: string; inBundle: boolean }>,
): Generator<RobustnessCase> {
  const rand = prng(seed);
  // Files with SSLInfo are where the rules work: pick them more often than their share.
  const tls = corpus.filter((f) => f.text.includes('SSLInfo') || f.text.includes('sSLInfo'));
  for (let i = 0; i < count; i++) {
    const file = rand() < 0.5 && tls.length > 0 ? pick(rand, tls) : pick(rand, corpus);
    let text = file.text;
    const steps: string[] = [];
    const n = 1 + Math.floor(rand() * 3);
    for (let k = 0; k < n; k++) {
      const [out, what] = pick(rand, MUTATIONS)(text, rand);
      text = out;
      steps.push(what);
    }
    yield {
      label: `#${i} ${file.rel} ${steps.join(', ')}`,
      text,
      inBundle: file.inBundle,
      profile: rand() < 0.5 ? 'apigeex' : 'edge',
      fixAll: i % 10 === 0,
    };
  }
}
