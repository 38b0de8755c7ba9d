// A probe request from a TargetEndpoint's or ServiceCallout's connection: URL host and port, SSLInfo
// Protocols, Ciphers, ClientAuthEnabled, CommonName and IgnoreValidationErrors, and the profile's defaults.
import type { Connection } from '../documents/connection';
import type { Profile } from '../tls/profile';
import { booleanChild, child, enforcesStrictTls, validationOn, type SslInfoView } from '../documents/sslinfo';
import { isTemplate } from '../documents/values';
import { defaultOffer, effectiveCiphers, usableProtocols } from '../tls/java';
import type { CertificatePolicy } from '../diagnosis/causes';
import type { ProbeRequest } from './types';
import { isTlsProtocol, type TlsProtocol } from '../tls/versions';
import { isIpHost, parseUrlHost, resolveKey } from '../tls/host-names';

/** What SSLInfo decides; the caller adds trust anchors, client certificate, address and timeout. */
export type SslInfoRequest = Pick<
  ProbeRequest,
  | 'host'
  | 'port'
  | 'sni'
  | 'protocols'
  | 'ciphers'
  | 'expectedCommonName'
  | 'certificatePolicy'
  | 'profile'
  | 'clientAuthEnabled'
  | 'unusable'
  | 'rerun'
>;

/** What a caller (CLI or editor) adds to every request SSLInfo decides: trust, client certificate, address, limits. */
export interface RunOptions {
  trust: ProbeRequest['trust'];
  clientCertificate: ProbeRequest['clientCertificate'];
  resolve: ReadonlyMap<string, string>;
  timeoutMs: number;
  /** The HTTP proxy and NO_PROXY list (undefined: direct). */
  proxy?: ProbeRequest['proxy'];
  signal?: AbortSignal | undefined;
}

export function completeRequest(request: SslInfoRequest, run: RunOptions): ProbeRequest {
  return {
    ...request,
    trust: run.trust,
    clientCertificate: run.clientCertificate,
    address: run.resolve.get(resolveKey(request.host, request.port)),
    timeoutMs: run.timeoutMs,
    ...(run.proxy === undefined ? {} : { proxy: run.proxy }),
    ...(run.signal === undefined ? {} : { signal: run.signal }),
  };
}

export type ConnectionPlan = { probeable: true; request: SslInfoRequest } | { probeable: false; reason: string };

export interface PlanOptions {
  profile: Profile;
  /** Edge Private Cloud message processors with `jsse.enableSNIExtension` off (the default there). */
  sniOff: boolean;
}

const notProbeable = (reason: string): ConnectionPlan => ({ probeable: false, reason });

/** Literal texts of repeated children (`Protocols/Protocol`); undefined when one holds a template. */
function listOf(ssl: SslInfoView | undefined, parent: string, item: string): string[] | undefined | 'template' {
  const list = ssl && child(ssl, parent);
  if (list === undefined) return undefined;
  const items = list.children.filter((c) => c.name === item);
  if (items.some((c) => c.opaque || isTemplate(c.text))) return 'template';
  return items.map((c) => c.text);
}

function certificatePolicy(ssl: SslInfoView | undefined, profile: Profile): CertificatePolicy {
  const on = ssl === undefined ? true : validationOn(ssl, profile);
  if (ssl !== undefined && enforcesStrictTls(ssl, profile)) {
    return { fatal: true, reason: 'SSLInfo sets <Enforce>true</Enforce>: Apigee X enforces strict TLS' };
  }
  if (on === false) return { fatal: false, reason: 'SSLInfo <IgnoreValidationErrors> is true' };
  if (on === 'unknown') return { fatal: true, reason: '<IgnoreValidationErrors> is a template, taken as false' };
  return { fatal: true, reason: 'SSLInfo does not set <IgnoreValidationErrors>true</IgnoreValidationErrors>' };
}

/**
 * `urlText` replaces the connection's `<URL>`: the URL once its property-set templates are resolved, or the
 * `https://host:port` of a TargetServer the connection's SSLInfo applies to.
 */
export function planConnection(connection: Connection, options: PlanOptions, urlText?: string): ConnectionPlan {
  const url = connection.url;
  if (url === undefined && urlText === undefined) {
    return notProbeable(
      connection.loadBalancer !== undefined
        ? 'the target uses a LoadBalancer (TargetServers): probe each TargetServer as host:port'
        : 'the connection has no <URL>: add the backend URL',
    );
  }
  const text = urlText ?? url!.text;
  const parsed = urlText === undefined && url!.opaque ? ({ kind: 'template' } as const) : parseUrlHost(text, isTemplate);
  if (parsed.kind === 'template')
    return notProbeable(
      `the URL '${text}' holds a variable: the backend is only known at run time; probe the real backend with \`apigee-tls-lint probe https://HOST:PORT\``,
    );
  if (parsed.kind === 'invalid') return notProbeable(`'${text}' is not a valid URL: write it as https://host[:port]/path`);
  if (parsed.kind === 'other-scheme' || parsed.scheme !== 'https') return notProbeable(`'${text}' is not an https URL: no TLS to probe`);
  const { host, port } = parsed;
  const ssl = connection.sslInfo === undefined ? undefined : { element: connection.sslInfo, connection };

  const defaults = defaultOffer(options.profile);
  const pinnedProtocols = listOf(ssl, 'Protocols', 'Protocol');
  const pinnedCiphers = listOf(ssl, 'Ciphers', 'Cipher');
  if (pinnedProtocols === 'template' || pinnedCiphers === 'template')
    return notProbeable(
      'SSLInfo <Protocols> or <Ciphers> hold a variable; probe with the values it takes: `apigee-tls-lint probe URL --protocols … --ciphers …`',
    );
  let protocols: TlsProtocol[] = defaults.protocols;
  let unusable: { reason: string } | undefined;
  if (pinnedProtocols !== undefined && pinnedProtocols.length > 0) {
    const usable = usableProtocols(options.profile);
    protocols = pinnedProtocols.filter(isTlsProtocol).filter((p) => usable.includes(p));
    if (protocols.length === 0) {
      // Apigee cannot make this call as configured; the probe still asks with the runtime's defaults, so that the
      // diagnosis can say what the backend accepts (the fix is choosing among those).
      const runtime = options.profile === 'apigeex' ? 'Apigee X' : 'Apigee Edge';
      unusable = { reason: `SSLInfo <Protocols> names no protocol ${runtime} can use (${pinnedProtocols.join(', ')})` };
      protocols = defaults.protocols;
    }
  }
  const ciphers =
    pinnedCiphers !== undefined && pinnedCiphers.length > 0
      ? effectiveCiphers(options.profile, protocols, pinnedCiphers)
      : defaults.ciphers;

  const commonName = ssl && child(ssl, 'CommonName');
  const wildcard = commonName?.attributes.find((a) => a.name === 'wildcardMatch')?.value === 'true';
  return {
    probeable: true,
    request: {
      host,
      port,
      sni: options.sniOff || isIpHost(host) ? null : host,
      protocols,
      ciphers,
      expectedCommonName:
        commonName && commonName.text !== '' && !isTemplate(commonName.text)
          ? { name: commonName.text, wildcardMatch: wildcard }
          : undefined,
      certificatePolicy: certificatePolicy(ssl, options.profile),
      profile: options.profile,
      clientAuthEnabled: ssl !== undefined && booleanChild(ssl, 'ClientAuthEnabled') === true,
      ...(unusable === undefined ? {} : { unusable }),
    },
  };
}
