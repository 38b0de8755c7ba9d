// "Diagnose clients of a host" in the language server: `apigeeTls/diagnoseClients` runs the client simulation of a
// front door (the CLI's `clients`) and answers with every client's verdict and the verdicts grouped for a person.
// The team's own client set comes from `apigeeTls.clients.set`, else the workspace folder's `.apigee-tls.json`
// `clients`. Untrusted workspaces: the front door is dialled only when the request names it as consented (the
// southbound probe's rule), and no CA file of the settings is read.
import { join } from 'node:path';
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import { chooseClients } from '../../probe/clients/choose';
import { verdictGroups } from '../../probe/clients/groups';
import { simulateClients, type ClientsReport } from '../../probe/clients/simulate';
import { parseFrontDoor } from '../../probe/clients/target';
import { readNamedText } from '../../fs/regular-file';
import { readClientsSettings } from '../../settings/clients';
import { loadProbeFiles, PROBE_SETTINGS, ProbeSetupError, readProbeSettings } from '../../settings/probe';
import {
  CLIENTS_DIALLED_REQUEST,
  DIAGNOSE_CLIENTS_REQUEST,
  type ClientsDialledParams,
  type ClientsDialledResult,
  type DiagnoseClientsParams,
  type DiagnoseClientsResult,
} from '../../shared/protocol';
import { consentWords, parseConsentWords } from '../../probe/consent-words';
import { chooseProxy, proxyFor } from '../../probe/proxy';
import { resolveKey } from '../../tls/host-names';
import { isIP } from 'node:net';
import { CONFIG_FILE, readConfigFile } from '../../workspace/config-file';
import type { ClientLenses } from '../clients-lens';
import type { ServerContext } from '../context';
import { filePath } from '../file-uri';
import { pathToFileURL } from 'node:url';

const failed = (message: string): ResponseError<void> => new ResponseError(LSPErrorCodes.RequestFailed, `Apigee TLS Lint: ${message}`);

/** The team's set: the setting, else `.apigee-tls.json` `clients` in the scope's workspace folder. */
function teamSet(
  ctx: ServerContext,
  get: (key: string) => unknown,
  folder: string | undefined,
): { ids: string[]; from: string } | undefined {
  const { set } = readClientsSettings(get);
  if (set.length > 0) return { ids: set, from: 'settings' };
  if (folder === undefined) return undefined;
  const text = ctx.files.readText(join(folder, CONFIG_FILE));
  if (text === undefined) return undefined;
  const ids = readConfigFile(text, () => true).config.clients;
  return ids === undefined || ids.length === 0 ? undefined : { ids, from: 'config file' };
}

export function toResult(report: ClientsReport, clientSet: string): DiagnoseClientsResult {
  const s = report.server;
  const chain = s?.chain.withSni ?? s?.chain.withoutSni ?? null;
  return {
    target: { ...report.target },
    server:
      s === undefined
        ? null
        : {
            protocols: [...s.protocols],
            order: Object.fromEntries(Object.entries(s.order).filter(([, who]) => who !== undefined)) as Record<string, string>,
            groups: [...s.groups],
            certificate:
              chain === null
                ? null
                : {
                    subject: chain.certificates[0]?.subject ?? null,
                    names: chain.names,
                    coversHost: chain.coversHost,
                    expires: chain.expires ?? null,
                  },
            clientCertificateRequested: s.clientCertificate?.requested === true,
          },
    unreachable: report.unreachable ?? null,
    proxy: report.proxy ?? null,
    clientSet,
    clients: report.clients.map((c) => ({
      id: c.id,
      name: c.name,
      ok: c.ok,
      protocol: c.protocol,
      cipher: c.cipher,
      group: c.group,
      cause: c.cause ?? null,
      message: c.message ?? null,
      fix: c.fix ?? null,
    })),
    groups: verdictGroups(report.clients).map((g) => ({
      ok: g.ok,
      cause: g.cause,
      label: g.label,
      fix: g.fix,
      clients: g.clients.map((c) => c.id),
    })),
    elapsedMs: report.elapsedMs,
  };
}

/** A front door as the request names it, the settings of its scope, and the way it would be dialled (as consent names it). */
async function frontDoorOf(ctx: ServerContext, params: Pick<DiagnoseClientsParams, 'target' | 'scopeUri'>) {
  if (typeof params?.target !== 'string') throw failed('apigeeTls/diagnoseClients needs a target (host, host:port or https URL)');
  const door = parseFrontDoor(params.target);
  if ('problem' in door) throw failed(door.problem);
  const scopeUri =
    typeof params.scopeUri === 'string' ? params.scopeUri : ctx.roots[0] === undefined ? '' : pathToFileURL(ctx.roots[0]).href;
  const get = await ctx.getter(scopeUri);
  const { settings } = readProbeSettings(get);
  // The probe's proxy: apigeeTls.probe.proxy, else VS Code's http.proxy, else the server's environment.
  const proxy = chooseProxy({ ...settings, name: PROBE_SETTINGS.proxy }, ctx.init.editorProxy, process.env);
  if (proxy !== undefined && 'problem' in proxy) throw failed(`the probe's settings cannot be used: ${proxy.problem}`);
  const address = settings.resolve.get(resolveKey(door.host, door.port));
  const way = { host: door.host, port: door.port, address, proxy: proxyFor(door.host, proxy)?.url };
  return { door, scopeUri, get, settings, proxy, address, way, words: consentWords(way) };
}

/** `apigeeTls/clientsDialled`: what diagnoseClients would dial for this target, without dialling. */
async function dialledOf(ctx: ServerContext, params: ClientsDialledParams): Promise<ClientsDialledResult> {
  const { door, address, way, words } = await frontDoorOf(ctx, params);
  return { host: door.host, port: door.port, address: address ?? null, proxy: way.proxy ?? null, consent: words };
}

async function diagnoseClients(
  ctx: ServerContext,
  params: DiagnoseClientsParams,
  token: CancellationToken,
  lenses: ClientLenses | undefined,
): Promise<DiagnoseClientsResult> {
  const { door, scopeUri, get, settings, proxy, address, words } = await frontDoorOf(ctx, params);
  if (!ctx.trusted) {
    // Consent names what is dialled: the address override and the proxy too (one given for direct, or for another
    // address or proxy, does not cover this dial: a setting changed since the question).
    const consented = Array.isArray(params.consented) ? params.consented.map(parseConsentWords) : [];
    if (!consented.includes(words))
      throw failed(
        `the workspace is not trusted: ${words} is dialled only with the user's consent (params.consented), and this request names none for it`,
      );
  }
  const scopePath = scopeUri === '' ? undefined : filePath(scopeUri);
  const folder =
    ctx.roots.filter((r) => scopePath !== undefined && (scopePath === r || scopePath.startsWith(r + '/'))).at(-1) ?? ctx.roots[0];
  const asked = Array.isArray(params.clients) ? params.clients.filter((c): c is string => typeof c === 'string') : [];
  const team = asked.length > 0 ? undefined : teamSet(ctx, get, folder);
  const choice = chooseClients(asked, team?.ids);
  if ('unknown' in choice)
    throw failed(
      `unknown client ${choice.unknown.map((id) => `'${id}'`).join(', ')} (${team === undefined ? 'asked' : `from the ${team.from}`}; \`apigee-tls-lint clients --list\` names them)`,
    );
  let trust;
  try {
    // The CA files are a restricted setting: read only in a trusted workspace.
    trust = ctx.trusted ? (await loadProbeFiles(settings, folder, (file) => readNamedText(file))).trust : undefined;
  } catch (error) {
    if (error instanceof ProbeSetupError) throw failed(`the probe's settings cannot be used: ${error.message}`);
    throw error;
  }
  const abort = new AbortController();
  const subscription = token.onCancellationRequested(() => abort.abort());
  try {
    const sni =
      params.sni === null || settings.sni === 'off'
        ? null
        : typeof params.sni === 'string'
          ? params.sni
          : isIP(door.host)
            ? null
            : door.host;
    const report = await simulateClients({
      host: door.host,
      port: door.port,
      sni,
      address,
      proxy,
      trust,
      clients: choice.clients,
      timeoutMs: settings.timeoutMs,
      signal: abort.signal,
    });
    const result = toResult(report, asked.length > 0 ? 'asked' : (team?.from ?? 'default'));
    // From a lens: its clients that cannot connect become diagnostics where it was.
    if (isPlace(params.at) && !abort.signal.aborted) lenses?.remember(params.at, params.target, result);
    return result;
  } catch (error) {
    if (abort.signal.aborted) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'Apigee TLS Lint: diagnosing clients was cancelled');
    throw error;
  } finally {
    subscription.dispose();
  }
}

const isPlace = (at: unknown): at is NonNullable<DiagnoseClientsParams['at']> =>
  typeof at === 'object' &&
  at !== null &&
  typeof (at as { uri?: unknown }).uri === 'string' &&
  typeof (at as { range?: unknown }).range === 'object';

export type ClientsRunner = (params: DiagnoseClientsParams, token: CancellationToken) => Promise<DiagnoseClientsResult>;

/** Registers the request; returns the same run for the lens's command (apigeeTls.diagnoseClientsAt). */
export function registerClients(ctx: ServerContext, lenses?: ClientLenses): ClientsRunner {
  const run: ClientsRunner = (params, token) => diagnoseClients(ctx, params, token, lenses);
  ctx.connection.onRequest(DIAGNOSE_CLIENTS_REQUEST, run);
  ctx.connection.onRequest(CLIENTS_DIALLED_REQUEST, (params: ClientsDialledParams) => dialledOf(ctx, params));
  return run;
}
