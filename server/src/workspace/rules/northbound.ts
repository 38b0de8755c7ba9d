// Northbound TLS on Apigee X: the load balancer in front of the instance, as kept in Terraform. Each finding names
// the Terraform attribute to change and the environment groups (hostnames, environments) whose clients it affects,
// which generic Terraform scanners cannot say.
import type { Fix } from '../../lint/model';
import { everywhere } from '../../lint/rule';
import type { Span } from '../../documents/xml/types';
import type { WorkspaceRule, WorkspaceRuleContext } from '../rule';
import { covers, describeGroups, loadBalancers, type GroupView, type LoadBalancerView } from '../terraform/load-balancers';
import type { NbField, SslPolicy } from '../terraform/northbound';

/** Every object of one kind in every module's load balancer view. */
function each<K extends 'policies' | 'serverTlsPolicies'>(
  ctx: WorkspaceRuleContext,
  kind: K,
  visit: (view: LoadBalancerView, object: LoadBalancerView[K][number]) => void,
): void {
  for (const view of loadBalancers(ctx.workspace)) for (const object of view[kind]) visit(view, object);
}

/** Whose clients: the environment groups served, or the load balancer's clients when no group is defined beside it. */
const clientsOf = (groups: readonly GroupView[]): string =>
  groups.length === 0 ? 'its clients (no environment group is defined beside it)' : `clients of ${describeGroups(groups)}`;

const from = (provenance: string | undefined): string => (provenance === undefined ? '' : ` (${provenance})`);

/** Whose clients a policy affects: the environment groups served through the proxies applying it. */
function clientsOfPolicy(view: LoadBalancerView, policy: SslPolicy): string {
  const users = view.proxies.filter((p) => p.policy.kind === 'policy' && p.policy.policy.resource === policy.resource);
  if (users.length > 0) return clientsOf([...new Set(users.flatMap((p) => p.groups))]);
  const beside = view.groups.length === 0 ? '' : `; ${describeGroups(view.groups)} defined beside it`;
  return `clients of any load balancer using it (none in this module${beside})`;
}

/** The file a field's range is in: the caller's when a module call passed the value, else the object's. */
const landingFile = (object: { file: string }, field: NbField<unknown>): string =>
  (field.state === 'value' || field.state === 'null' ? field.file : undefined) ?? object.file;

/** Replaces a literal string's content, or inserts the attribute when absent; none when the value is not written here. */
function setValue(
  ctx: WorkspaceRuleContext,
  policy: SslPolicy,
  attribute: string,
  value: string,
  at?: { span: Span; value: string; file?: string },
): Fix[] {
  const text = ctx.workspace.facts(at?.file ?? policy.file)?.text;
  if (text === undefined) return [];
  if (at === undefined)
    return [
      {
        title: `Set ${attribute} = "${value}"`,
        edits: [{ start: policy.bodyStart, end: policy.bodyStart, newText: `\n${policy.indent}${attribute} = "${value}"` }],
        preferred: true,
      },
    ];
  if (text.slice(at.span.start, at.span.end) !== at.value || text[at.span.start - 1] !== '"') return [];
  return [{ title: `Set ${attribute} = "${value}"`, edits: [{ ...at.span, newText: value }], preferred: true }];
}

export const httpsProxyNoSslPolicy: WorkspaceRule = {
  id: 'https-proxy-no-ssl-policy',
  description: 'A Terraform target HTTPS proxy (the Apigee X load balancer) with no ssl_policy.',
  why: "Without an SSL policy Google's default applies (COMPATIBLE, TLS 1.0): the environment groups' clients can connect with TLS 1.0 and 1.1.",
  fix: '–',
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: false,
  check(ctx) {
    for (const view of loadBalancers(ctx.workspace)) {
      for (const p of view.proxies) {
        if (p.policy.kind !== 'default') continue;
        const field = p.proxy.sslPolicy;
        const why =
          field.state === 'null' ? `its ssl_policy is null${field.via === undefined ? '' : ` (${field.via})`}` : 'it has no ssl_policy';
        ctx.report(
          field.state === 'null' ? (field.file ?? p.proxy.file) : p.proxy.file,
          field.state === 'null' ? field.span : p.proxy.headerSpan,
          `${p.proxy.address}: ${why}, so Google's default SSL policy applies (COMPATIBLE profile, TLS 1.0): ${clientsOf(p.groups)} can connect with TLS 1.0 and 1.1. Set ssl_policy to a google_compute_${p.proxy.regional ? 'region_' : ''}ssl_policy with min_tls_version = "TLS_1_2"${from(p.proxy.provenance)}.`,
        );
      }
    }
  },
};

export const sslPolicyTlsVersion: WorkspaceRule = {
  id: 'ssl-policy-tls-version',
  description: 'A Terraform SSL policy whose min_tls_version is TLS_1_0 or TLS_1_1, or not set (TLS_1_0).',
  why: 'The load balancer in front of Apigee X accepts TLS 1.0 and 1.1 from clients: obsolete protocols that PCI DSS and most security baselines forbid.',
  fix: 'Set min_tls_version = "TLS_1_2".',
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: true,
  check(ctx) {
    each(ctx, 'policies', (view, policy) => {
      const min = policy.minTlsVersion;
      if (min.state === 'unknown' || (min.state === 'value' && !/^TLS_1_[01]$/.test(min.value))) return;
      const version = min.state === 'value' ? min.value.replace(/^TLS_1_/, 'TLS 1.') : 'TLS 1.0';
      const what = min.state === 'value' ? `min_tls_version = "${min.value}"` : 'no min_tls_version (the default is TLS_1_0)';
      ctx.report(
        landingFile(policy, min),
        min.state === 'value' || min.state === 'null' ? min.span : policy.headerSpan,
        `${policy.address} has ${what}: ${clientsOfPolicy(view, policy)} can connect with ${version}${version === 'TLS 1.0' ? ' and 1.1' : ''}. Set min_tls_version = "TLS_1_2"${from(policy.provenance)}.`,
        { fixes: setValue(ctx, policy, 'min_tls_version', 'TLS_1_2', min.state === 'value' ? min : undefined) },
      );
    });
  },
};

/** Google SSL policy features that are legacy: no forward secrecy (RSA key exchange), 3DES, CBC with SHA-1. */
const WEAK_FEATURE = /^TLS_RSA_WITH_|_3DES_|_CBC_SHA$/;

export const sslPolicyWeakCiphers: WorkspaceRule = {
  id: 'ssl-policy-weak-ciphers',
  description:
    'A Terraform SSL policy with the COMPATIBLE profile (the default), or a CUSTOM profile with legacy features (RSA key exchange, 3DES, CBC-SHA1).',
  why: 'The load balancer in front of Apigee X offers its clients cipher suites without forward secrecy or with broken ciphers.',
  fix: 'Set profile = "MODERN" (from COMPATIBLE).',
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: true,
  check(ctx) {
    each(ctx, 'policies', (view, policy) => {
      const profile = policy.profile;
      const suffix = (them: string): string => `: ${clientsOfPolicy(view, policy)} are offered ${them}${from(policy.provenance)}`;
      if (profile.state === 'absent' || profile.state === 'null' || (profile.state === 'value' && profile.value === 'COMPATIBLE')) {
        const what = profile.state === 'value' ? 'profile = "COMPATIBLE"' : 'no profile (the default is COMPATIBLE)';
        ctx.report(
          landingFile(policy, profile),
          profile.state === 'absent' ? policy.headerSpan : profile.span,
          `${policy.address} has ${what}, which offers legacy cipher suites (RSA key exchange without forward secrecy, 3DES, CBC with SHA-1)${suffix('them')}. Set profile = "MODERN" (or "RESTRICTED").`,
          { fixes: setValue(ctx, policy, 'profile', 'MODERN', profile.state === 'value' ? profile : undefined) },
        );
      } else if (profile.state === 'value' && profile.value === 'CUSTOM' && policy.customFeatures.state === 'value') {
        for (const feature of policy.customFeatures.value.filter((f) => WEAK_FEATURE.test(f.value))) {
          const why = feature.value.includes('3DES')
            ? '3DES is a broken 64-bit block cipher'
            : feature.value.startsWith('TLS_RSA_')
              ? 'RSA key exchange has no forward secrecy'
              : 'CBC with SHA-1 is a legacy construction';
          ctx.report(
            landingFile(policy, policy.customFeatures),
            feature.span,
            `${policy.address} enables ${feature.value} in custom_features: ${why}${suffix('it')}. Remove it.`,
          );
        }
      }
    });
  },
};

export const envgroupHostnameNotCovered: WorkspaceRule = {
  id: 'envgroup-hostname-not-covered',
  description: "An Apigee X environment group hostname that no certificate of the module's target HTTPS proxies covers.",
  why: 'Clients calling that hostname get a certificate for other names: the TLS handshake fails with a name mismatch.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: false,
  check(ctx) {
    for (const view of loadBalancers(ctx.workspace)) {
      // Judged only when every proxy's certificates are known: a certificate decided elsewhere may cover the name.
      if (view.proxies.length === 0 || view.proxies.some((p) => p.names === undefined)) continue;
      const names = view.proxies.flatMap((p) => p.names ?? []);
      const proxies = view.proxies.map((p) => p.proxy.address).join(', ');
      for (const { group, environments } of view.groups) {
        for (const host of group.hostnames ?? []) {
          if (host.value === '*' || covers(names, host.value)) continue;
          const served = names.length === 0 ? 'no names' : [...new Set(names)].slice(0, 6).join(', ');
          const envs = environments.length === 0 ? '' : `, environment${environments.length === 1 ? '' : 's'} ${environments.join(', ')}`;
          ctx.report(
            group.file,
            host.span,
            `Hostname '${host.value}' of environment group '${group.name?.value ?? group.resource}'${envs} is covered by no certificate of ${proxies} (they cover ${served}): clients calling it fail the TLS handshake with a name mismatch. Add it to a certificate's domains${from(group.provenance)}.`,
          );
        }
      }
    }
  },
};

export const lbMtlsAllowInvalid: WorkspaceRule = {
  id: 'lb-mtls-allow-invalid',
  description: 'A Terraform server TLS policy (load balancer mTLS) in ALLOW_INVALID_OR_MISSING_CLIENT_CERT mode.',
  why: 'The load balancer lets clients without a valid certificate through: mTLS holds only if the Apigee proxy checks the client-certificate headers.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('info'),
  fixable: false,
  check(ctx) {
    // A bundle reading the verification header does the check the mode leaves to the backend.
    // Every bundle file's text is searched only when some policy lets invalid certificates through (most repositories have none).
    let checked: boolean | undefined;
    const proxiesCheck = (): boolean =>
      (checked ??= [...ctx.workspace.allFacts()].some((f) => f.role.kind === 'bundle-xml' && /client-cert-chain-verified/i.test(f.text)));
    each(ctx, 'serverTlsPolicies', (view, policy) => {
      if (policy.mode.state !== 'value' || policy.mode.value !== 'ALLOW_INVALID_OR_MISSING_CLIENT_CERT' || proxiesCheck()) return;
      const groups = [...new Set(view.proxies.filter((p) => p.serverTlsPolicy === policy).flatMap((p) => p.groups))];
      ctx.report(
        landingFile(policy, policy.mode),
        policy.mode.span,
        `${policy.address} has client_validation_mode = "ALLOW_INVALID_OR_MISSING_CLIENT_CERT": the load balancer forwards calls without a valid client certificate, and no proxy here reads X-Client-Cert-Chain-Verified. Add the mTLS custom request headers (X-Client-Cert-Present, X-Client-Cert-Chain-Verified) to the backend service and reject calls whose chain is not verified in the proxy, or use REJECT_INVALID with a trust config (${describeGroups(groups)})${from(policy.provenance)}.`,
      );
    });
  },
};

export const lbMtlsNoTrustConfig: WorkspaceRule = {
  id: 'lb-mtls-no-trust-config',
  description: 'A Terraform server TLS policy in REJECT_INVALID mode without client_validation_trust_config.',
  why: 'REJECT_INVALID needs a Certificate Manager trust config to validate client certificates against: the policy cannot be created, or no client is accepted.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: false,
  check(ctx) {
    each(ctx, 'serverTlsPolicies', (_view, policy) => {
      if (policy.mode.state !== 'value' || policy.mode.value !== 'REJECT_INVALID') return;
      const trust = policy.trustConfig;
      if (trust.state === 'unknown' || (trust.state === 'value' && trust.value !== '')) return;
      ctx.report(
        landingFile(policy, policy.mode),
        policy.mode.span,
        `${policy.address} has client_validation_mode = "REJECT_INVALID" but no client_validation_trust_config: the load balancer has no trust anchors to validate client certificates against. Set client_validation_trust_config to a google_certificate_manager_trust_config${from(policy.provenance)}.`,
      );
    });
  },
};

export const NORTHBOUND_RULES: readonly WorkspaceRule[] = [
  httpsProxyNoSslPolicy,
  sslPolicyTlsVersion,
  sslPolicyWeakCiphers,
  envgroupHostnameNotCovered,
  lbMtlsAllowInvalid,
  lbMtlsNoTrustConfig,
];
