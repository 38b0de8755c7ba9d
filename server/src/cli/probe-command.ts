// `apigee-tls-lint probe`: a live diagnosis of the TLS handshake Apigee would make with a backend.
import { isIP } from 'node:net';
import { defaultOffer, effectiveCiphers } from '../tls/java';
import { diagnose } from '../probe/diagnose';
import { completeRequest, type SslInfoRequest } from '../probe/from-sslinfo';
import { diagnosisJson } from '../diagnosis/report-json';
import { formatDiagnosisText } from '../diagnosis/report-text';
import type { Diagnosis } from '../probe/types';
import { setChoice, undecidedChoice } from '../settings/profile';
import type { Profile, ProfileChoice } from '../tls/profile';
import { EXIT_FINDINGS, EXIT_OK, type CliIO } from './io';
import { runBundle } from './probe-bundle';
import { parseProbeArgs, PROBE_SPEC, type ProbeOptions } from './probe-args';
import { helpText } from './args';
import { rerunCommand } from './probe-rerun';

const DIRECT_POLICY = {
  fatal: true,
  reason: 'a direct probe treats certificate errors as fatal, as SSLInfo without IgnoreValidationErrors does',
};

/** A URL alone says nothing of the runtime that calls it: `--profile` does, else the default. */
function directRuntime(options: ProbeOptions): ProfileChoice {
  return options.profile === 'auto'
    ? undecidedChoice('pass --profile edge to judge the call as Edge makes it')
    : setChoice(options.profile, `--profile ${options.profile}`);
}

/** The request for `probe <url | host:port>`: flags, else what the profile offers. */
function directRequest(options: ProbeOptions, profile: Profile, target: { host: string; port: number }): SslInfoRequest {
  const offer = defaultOffer(profile);
  const protocols = options.protocols ?? offer.protocols;
  return {
    ...target,
    sni: options.sni === undefined ? (isIP(target.host) ? null : target.host) : options.sni,
    protocols,
    ciphers: options.ciphers === undefined ? offer.ciphers : effectiveCiphers(profile, protocols, options.ciphers),
    certificatePolicy: DIRECT_POLICY,
    profile,
    clientAuthEnabled: options.clientCertificate !== undefined,
    rerun: rerunCommand(options.args),
  };
}

function print(diagnosis: Diagnosis, judgedAs: ProfileChoice, options: ProbeOptions, io: CliIO): void {
  io.stdout(
    options.format === 'json'
      ? JSON.stringify(diagnosisJson(diagnosis, judgedAs), null, 2) + '\n'
      : formatDiagnosisText(diagnosis, { color: io.isTTY, judgedAs }),
  );
}

export async function runProbeCommand(argv: string[], io: CliIO): Promise<number> {
  const options = await parseProbeArgs(argv, io.cwd, io.env);
  for (const warning of options.warnings) io.stderr(`apigee-tls-lint: ${warning}\n`);
  if (options.help) {
    io.stdout(helpText(PROBE_SPEC));
    return EXIT_OK;
  }
  if (options.bundle !== undefined) return runBundle(options, io);
  const judgedAs = directRuntime(options);
  const diagnosis = await diagnose(completeRequest(directRequest(options, judgedAs.profile, options.target!), options));
  print(diagnosis, judgedAs, options, io);
  return diagnosis.ok ? EXIT_OK : EXIT_FINDINGS;
}
