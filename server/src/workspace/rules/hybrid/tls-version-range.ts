import { everywhere } from '../../../lint/rule';
import type { Located } from '../../model';
import type { WorkspaceRule } from '../../rule';
import { APPLY, hybridNamed, hybridVersionScopes, tlsVersion } from './common';

const ACCEPTED = 'AUTO, 1.0, 1.1, 1.2 or 1.3';

export const hybridTlsVersionRange: WorkspaceRule = {
  id: 'hybrid-tls-version-range',
  description:
    'An Apigee hybrid virtual host whose minTLSProtocolVersion is above its maxTLSProtocolVersion, or either set to a value the apigee-virtualhost chart does not accept (AUTO, 1.0–1.3).',
  why: 'The chart refuses to render (min above max, or an unknown version): the ingress keeps its previous TLS settings, or the environment group gets no route at all on a first install.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: false,
  check(ctx) {
    for (const at of hybridVersionScopes(ctx)) {
      const { minTLSProtocolVersion: min, maxTLSProtocolVersion: max } = at.vh;
      const unknown = (v: Located | undefined, key: string): boolean => {
        if (v === undefined || tlsVersion(v.value) !== undefined) return false;
        ctx.report(
          at.overrides.file,
          v.span,
          `${hybridNamed(at)}: ${key} '${v.value}' is not a version the chart accepts (${ACCEPTED}): it refuses to render. Write one of them ${APPLY}.`,
        );
        return true;
      };
      const badMin = unknown(min, 'minTLSProtocolVersion');
      const badMax = unknown(max, 'maxTLSProtocolVersion');
      if (badMin || badMax || min === undefined || max === undefined) continue;
      const [low, high] = [tlsVersion(min.value), tlsVersion(max.value)];
      if (typeof low !== 'number' || typeof high !== 'number' || low <= high) continue;
      ctx.report(
        at.overrides.file,
        max.span,
        `${hybridNamed(at)}: maxTLSProtocolVersion ${max.value} is below minTLSProtocolVersion ${min.value}: no TLS version is left and the chart refuses to render. Raise maxTLSProtocolVersion (or lower minTLSProtocolVersion) ${APPLY}.`,
      );
    }
  },
};
