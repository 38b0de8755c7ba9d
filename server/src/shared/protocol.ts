// The contract between the language server and its clients (the VS Code extension, any LSP editor): command ids,
// argument and result shapes, diagnostic sources. Types and constants only, importing nothing, so that the client
// can import this module and no engine code. No key or certificate text ever crosses it: paths and sources only.

/** `workspace/executeCommand`: diagnose the TLS connections of a document (or those at a position). */
export const DIAGNOSE_COMMAND = 'apigeeTls.diagnose';

/** `workspace/executeCommand`: forget every probe result (their diagnostics and lens titles go). No arguments. */
export const CLEAR_DIAGNOSIS_COMMAND = 'apigeeTls.clearDiagnosis';

/**
 * Request `apigeeTls/connections` (ConnectionsParams → ConnectionsResult): what `apigeeTls.diagnose` with the same
 * arguments would dial, without dialling, each with its last result. A client asks before probing: to name the
 * hosts in a consent question, or to let the user pick environments. Without a uri: every connection the indexed
 * workspace knows (a view of all connections), sorted by environment.
 */
export const CONNECTIONS_REQUEST = 'apigeeTls/connections';

/**
 * Request `apigeeTls/openReport` (OpenReportParams → OpenReportResult): show a diagnosis report made elsewhere (the
 * CLI's `probe … --format json`, run from the runtime's network) in the lenses, the probe diagnostics and the
 * connections view, as if the connections it names had been probed here. Nothing is dialled. Fails (an LSP error)
 * when the file cannot be read or is not such a report.
 */
export const OPEN_REPORT_REQUEST = 'apigeeTls/openReport';

/** Server → client: a probe result came, went or went stale; ask `apigeeTls/connections` again. No parameters. */
export const CONNECTIONS_CHANGED_NOTIFICATION = 'apigeeTls/connectionsChanged';

/** The code action kind of "Fix all auto-fixable problems" (`editor.codeActionsOnSave`, the client's command). */
export const FIX_ALL_KIND = 'source.fixAll.apigeeTls';

/** The `source` of lint diagnostics, and of probe diagnostics (failures only; success goes into the CodeLens). */
export const LINT_SOURCE = 'apigee-tls-lint';
export const PROBE_SOURCE = 'apigee-tls-lint probe';
/** The `source` of the clients that cannot connect to a front door, where its "Diagnose clients" lens was. */
export const CLIENTS_SOURCE = 'apigee-tls-lint clients';

/** Client → server: the workspace became trusted (VS Code's workspace trust). */
export const WORKSPACE_TRUSTED_NOTIFICATION = 'apigeeTls/workspaceTrusted';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface DiagnoseArguments {
  /** The file whose connections are meant; absent: every connection of the indexed workspace (select with ids/envs). */
  uri?: string;
  /** Only the connections whose site holds this position (a `<URL>`, `<Server name>` or TargetServer host). */
  position?: Position;
  /** Only these probes (ids from a result, a CodeLens or `apigeeTls/connections`; unique in the workspace). */
  ids?: string[];
  /** Only these environments (absent: every one the file is deployed to). */
  envs?: string[];
  /**
   * `host:port` of each backend the user agreed to have dialled (the hosts `apigeeTls/connections` named in the
   * consent question; IPv6 hosts bracketed), `host:port at ADDRESS` when the connection has an address override
   * (`address`), then ` via proxy http://host:port` when it tunnels through a proxy (`proxy`): consent covers the
   * address and the way dialled, not only the name (a consent given for direct does not cover a proxied dial).
   * Required in an untrusted workspace: without it `apigeeTls.diagnose` fails, and a selected connection whose
   * backend, override address or proxy is not listed (its file or a setting changed since) is not dialled.
   */
  consented?: string[];
}

export interface DiagnoseItem {
  id: string;
  env: string | null;
  /** The TargetServer probed, if any. */
  server: string | null;
  kind: string;
  owner: string;
  /** Where the result is shown. */
  sites: { uri: string; range: Range }[];
  /** null: not probed (see notProbeable), or cancelled. */
  ok: boolean | null;
  /** One line: `TLS OK · TLSv1.3 · 12 ms`, or the first cause. */
  summary: string;
  notProbeable: string | null;
  /** The runtime the connection was judged as (`apigeex`, `edge`) and why: `Apigee Edge (inferred from … in ../pom.xml)`. */
  judgedAs: { profile: string; why: string };
  causes: { code: string; severity: string; message: string; fix: string }[];
  /** Where the trust anchors and client certificate came from (paths and names, never their text). */
  trust: string | null;
  clientCertificate: string | null;
  /** When the backend's leaf certificate expires (ISO 8601), when it sent one. */
  expires: string | null;
}

export type ConnectionsParams = DiagnoseArguments;

export interface PlannedConnection {
  id: string;
  env: string | null;
  server: string | null;
  kind: string;
  owner: string;
  /** The proxy or shared flow the owner belongs to (its bundle folder's name); null for a TargetServer entry. */
  bundle: string | null;
  /** Where its result is shown. */
  sites: { uri: string; range: Range }[];
  /** What would be dialled; null when it cannot be probed (see notProbeable). */
  host: string | null;
  port: number | null;
  /** An address override (apigeeTls.probe.resolve) dialled instead of resolving the host. */
  address: string | null;
  /**
   * The HTTP proxy it would tunnel through (`http://host:port`, never its credentials: apigeeTls.probe.proxy,
   * http.proxy, HTTPS_PROXY, or the runtime's forward proxy); null: direct. Consent names it (` via proxy URL`).
   */
  proxy: string | null;
  notProbeable: string | null;
  /** The last diagnosis of this connection since the file changed, if any. */
  last: DiagnoseItem | null;
}

export interface ConnectionsResult {
  connections: PlannedConnection[];
}

export interface DiagnoseResult {
  items: DiagnoseItem[];
  cancelled: boolean;
}

export interface OpenReportParams {
  /** The report file the user picked (absolute path): read by the server, at most 16 MiB. */
  path: string;
}

export interface OpenReportResult {
  /** The connections here the report's diagnoses were matched to, as `apigeeTls.diagnose` would answer. */
  items: DiagnoseItem[];
  /** The report's diagnoses that match no connection here (another workspace, another host or port), described. */
  unmatched: string[];
  /** The report's connections the CLI could not probe (no diagnosis in it). */
  notProbed: number;
}

export interface ServerInitializationOptions {
  /** VS Code's workspace trust; absent (other editors): trusted. Untrusted: no workspace key material is read. */
  trusted?: boolean;
  /** false: the client draws its own probe lenses. */
  probeCodeLens?: boolean;
  /** VS Code's http.proxy, http.noProxy and http.proxyStrictSSL (apigeeTls.probe.proxy wins over them). */
  editorProxy?: { proxy?: string | undefined; noProxy?: string[] | undefined; strictSSL?: boolean | undefined };
}

/**
 * Request `apigeeTls/diagnoseClients` (DiagnoseClientsParams → DiagnoseClientsResult): the client simulation of a
 * front door (`apigee-tls-lint clients`): which API clients of the profile table connect, how, and for those that
 * cannot, why and the Apigee setting that fixes it. Cancellable. In an untrusted workspace it dials only a front door
 * the user agreed to (`consented`), and reads no CA file from the settings.
 */
export const DIAGNOSE_CLIENTS_REQUEST = 'apigeeTls/diagnoseClients';

/**
 * `workspace/executeCommand` of the "Diagnose clients" CodeLens on a host alias, a hybrid hostname or a ProxyEndpoint's
 * `<VirtualHost>`: `apigeeTls/diagnoseClients` with its lens's DiagnoseClientsParams (with `at`), same answer.
 */
export const DIAGNOSE_CLIENTS_AT_COMMAND = 'apigeeTls.diagnoseClientsAt';

/**
 * Request `apigeeTls/clientsDialled` (ClientsDialledParams → ClientsDialledResult): what `apigeeTls/diagnoseClients`
 * would dial for a target with the scope's settings, without dialling: the words an untrusted workspace's consent
 * question names it by, and `consented` must repeat.
 */
export const CLIENTS_DIALLED_REQUEST = 'apigeeTls/clientsDialled';

export interface ClientsDialledParams {
  target: string;
  scopeUri?: string;
}

export interface ClientsDialledResult {
  host: string;
  port: number;
  /** The address override (apigeeTls.probe.resolve) dialled instead of resolving the host. */
  address: string | null;
  /** The HTTP proxy the handshakes tunnel through (`http://host:port`, never its credentials); null: direct. */
  proxy: string | null;
  /** `host:port`, then ` at ADDRESS` and ` via proxy http://host:port` when they apply. */
  consent: string;
}

export interface DiagnoseClientsParams {
  /** `https://host[:port]`, `host[:port]` (port 443 by default) or `[v6]:port`. */
  target: string;
  /** The SNI the clients send; absent: the host (none for an IP address); null: none. */
  sni?: string | null;
  /** Client ids (`all`: the whole table); absent: `apigeeTls.clients.set` / `.apigee-tls.json` `clients`, else the default set. */
  clients?: string[];
  /**
   * The front door the user agreed to have dialled, in `apigeeTls/clientsDialled`'s words (`host:port`, ` at ADDRESS`
   * with an address override, ` via proxy http://host:port` through a proxy); required in an untrusted workspace. A
   * consent for another address or way (direct, another proxy) does not cover the dial.
   */
  consented?: string[];
  /** The document or folder whose settings apply (absent: the first workspace folder's). */
  scopeUri?: string;
  /**
   * Where the front door is named (a lens's place): the clients that cannot connect become diagnostics there, one
   * per cause, until the document (or a file the lens resolved its target through) changes.
   */
  at?: { uri: string; range: Range };
  /** Said beside the target in reports and diagnostics: `port 443, hybrid ingress default` when no port is written. */
  note?: string;
}

export interface ClientVerdictItem {
  id: string;
  name: string;
  ok: boolean;
  protocol: string | null;
  cipher: string | null;
  group: string | null;
  /** Null when it connects. */
  cause: string | null;
  message: string | null;
  fix: string | null;
}

/** Clients with one verdict: those failing for one cause (with its fix), or connecting with one protocol and suite. */
export interface ClientVerdictGroup {
  ok: boolean;
  cause: string | null;
  label: string;
  fix: string | null;
  /** Ids, in the table's order. */
  clients: string[];
}

export interface DiagnoseClientsResult {
  target: { host: string; port: number; address: string | null; sni: string | null };
  /** Null when the front door could not be reached (see unreachable). */
  server: {
    protocols: string[];
    /** Per protocol: whose suite order wins (`server` or `client`), when known. */
    order: Record<string, string>;
    groups: string[];
    certificate: { subject: string | null; names: string; coversHost: boolean; expires: string | null } | null;
    clientCertificateRequested: boolean;
  } | null;
  unreachable: string | null;
  /** The HTTP proxy the handshakes tunnelled through (`http://host:port`, never its credentials); null: direct. */
  proxy: string | null;
  /** Where the client set came from: `asked`, `settings` (apigeeTls.clients.set), `config file` or `default`. */
  clientSet: string;
  clients: ClientVerdictItem[];
  groups: ClientVerdictGroup[];
  elapsedMs: number;
}
