// `apigee-tls-lint probe`: a live diagnosis of the TLS handshake Apigee would make with a backend.
import { isIP } from 'node:net';
import { defaultOffer, effectiveCiphers } from '../tls/java';
import { diagnose } from '../probe/diagnose';
import { completeRequest, type SslInfoRequest } from '../probe/from-sslinfo';
import { diagnosisJson } from '../diagnosis/report-json';
import { formatDiagnosisText } from '../diagnosis/report-text';
import type { Diagnosis } from '../probe/types';
import { EXIT_FINDINGS, EXIT_OK, type CliIO } from './io';
import { runBundle } from './probe-bundle';
import { parseProbeArgs, PROBE_USAGE, type ProbeOptions } from './probe-args';

const DIRECT_POLICY = {
  fatal: true,
  reason: 'a direct probe treats certificate errors as fatal, as SSLInfo without IgnoreValidationErrors does',
};

/** The request for `probe <url | host:port>`: flags, else what the profile offers. */
function directRequest(options: ProbeOptions, target: { host: string; port: number }): SslInfoRequest {
  const offer = defaultOffer(options.profile);
  const protocols = options.protocols ?? offer.protocols;
  return {
    ...target,
    sni: options.sni === undefined ? (isIP(target.host) ? null : target.host) : options.sni,
    protocols,
    ciphers: options.ciphers === undefined ? offer.ciphers : effectiveCiphers(options.profile, protocols, options.ciphers),
    certificatePolicy: DIRECT_POLICY,
    profile: options.profile,
    clientAuthEnabled: options.clientCertificate !== undefined,
  };
}

function print(diagnosis: Diagnosis, options: ProbeOptions, io: CliIO): void {
  io.stdout(
    options.format === 'json'
      ? JSON.stringify(diagnosisJson(diagnosis), null, 2) + '\n'
      : formatDiagnosisText(diagnosis, { color: io.isTTY }),
  );
}

export async function runProbeCommand(argv: string[], io: CliIO): Promise<number> {
  const options = await parseProbeArgs(argv, io.cwd);
  if (options.help) {
    io.stdout(PROBE_USAGE);
    return EXIT_OK;
  }
  if (options.bundle !== undefined) return runBundle(options, io);
  const diagnosis = await diagnose(completeRequest(directRequest(options, options.target!), options));
  print(diagnosis, options, io);
  return diagnosis.ok ? EXIT_OK : EXIT_FINDINGS;
}
