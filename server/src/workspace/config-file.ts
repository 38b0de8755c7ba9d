// `.apigee-tls.json`, the one configuration file the editor and the CLI read: JSON with comments, strict
// otherwise. Every value is checked where it stands: a malformed or unknown value is a problem at that value's
// span (the `config-file` rule reports it), and is left out of the configuration, never guessed.
import { parseJsonDocument, type JsonNode } from '../documents/json/json-document';
import { blankComments } from '../documents/json/jsonc';
import type { Span } from '../documents/xml/types';
import type { SeveritySetting } from '../lint/model';
import { closest } from '../lint/suggest';
import { CLIENT_PROFILES } from '../tls/clients/table';
import { PROFILE_SETTINGS, type ProfileSetting } from './profile-evidence';

export { OVERRIDE_FILE as CONFIG_FILE } from './profile-evidence';

export interface ProbeDefaults {
  /** `host:port` → address, as `--resolve` and `apigeeTls.probe.resolve`. */
  resolve?: Record<string, string>;
  caFiles?: string[];
  sni?: 'send' | 'off';
  timeoutMs?: number;
  /** An HTTP proxy URL (reserved: read and kept, used by the probe once it dials through proxies). */
  proxy?: string;
  /** The runtime's forward proxy URL (Edge Private Cloud message processors), as apigeeTls.probe.runtimeProxy. */
  runtimeProxy?: string;
}

export interface ConfigFile {
  profile?: ProfileSetting;
  rules?: Record<string, SeveritySetting>;
  /** Paths (globs, relative to the file's folder) whose findings are not reported. */
  ignorePatterns?: string[];
  /** The environments judged (as `--env`). */
  environments?: string[];
  certificateExpiryDays?: number;
  probe?: ProbeDefaults;
  /** A team's own API clients (ids of the client profile table, `all`): the set `clients` simulates by default. */
  clients?: string[];
  /** Findings in JSON files silenced one by one (JSON has no comments to carry a disable). */
  suppressions?: Suppression[];
}

/** One silenced finding: the file (relative to the configuration file's folder), the value and the rule. */
export interface Suppression {
  file: string;
  /** RFC 6901 JSON Pointer of the value ('' the whole document); the finding at it or inside it is silenced. */
  pointer: string;
  rule: string;
  reason?: string;
}

export interface ConfigProblem {
  span: Span;
  message: string;
}

const SEVERITIES: readonly SeveritySetting[] = ['off', 'error', 'warning', 'info'];
const TOP_KEYS = [
  '$schema',
  'profile',
  'rules',
  'ignorePatterns',
  'environments',
  'certificateExpiryDays',
  'probe',
  'suppressions',
  'clients',
] as const;
const SUPPRESSION_KEYS = ['file', 'pointer', 'rule', 'reason'] as const;
const PROBE_KEYS = ['resolve', 'caFiles', 'sni', 'timeoutMs', 'proxy', 'runtimeProxy'] as const;
export const PROBE_TIMEOUT_RANGE = { min: 100, max: 120_000 };

/** Reads the file; `isRuleId` tells the rule ids (the registry's, passed in). Never throws. */
export function readConfigFile(
  text: string,
  isRuleId: (id: string) => boolean,
  ruleIds: () => readonly string[] = () => [],
): {
  config: ConfigFile;
  problems: ConfigProblem[];
} {
  const problems: ConfigProblem[] = [];
  const config: ConfigFile = {};
  const problem = (span: Span, message: string): void => void problems.push({ span, message });
  const blanked = blankComments(text);
  if ('unterminated' in blanked) {
    problem({ start: blanked.unterminated, end: blanked.unterminated + 2 }, 'Unterminated /* comment: the file is not read.');
    return { config, problems };
  }
  const parsed = parseJsonDocument(blanked.text);
  if (parsed.root === undefined) {
    const { span, message } = syntaxProblem(blanked.text, parsed.error.offset, parsed.error.message);
    problem(span, `${message}: the file is not read.`);
    return { config, problems };
  }
  const root = parsed.root;
  if (root.kind !== 'object') {
    problem(root.span, `${CONFIG_NAME} holds one object ({"profile": "edge", …}): the file is not read.`);
    return { config, problems };
  }
  const check = new Checker(problem);
  for (const p of root.properties) {
    switch (p.key) {
      case '$schema':
        check.string(p.value);
        break;
      case 'profile':
        config.profile = check.oneOf(p.value, PROFILE_SETTINGS, 'profile');
        break;
      case 'rules':
        config.rules = check.record(p.value, (key, keySpan, value) => {
          if (!isRuleId(key)) return void problem(keySpan, `Unknown rule '${key}'${didYouMean(key, ruleIds())}: this entry is ignored.`);
          return check.oneOf(value, SEVERITIES, `rules.${key}`);
        });
        break;
      case 'ignorePatterns':
        config.ignorePatterns = check.strings(p.value, 'ignorePatterns');
        break;
      case 'environments':
        config.environments = check.strings(p.value, 'environments');
        break;
      case 'certificateExpiryDays':
        config.certificateExpiryDays = check.integer(p.value, 'certificateExpiryDays', 0, 36_500);
        break;
      case 'probe':
        config.probe = readProbe(p.value, check, problem);
        break;
      case 'suppressions':
        config.suppressions = readSuppressions(p.value, check, problem, (id, span) => {
          if (isRuleId(id)) return true;
          problem(span, `Unknown rule '${id}'${didYouMean(id, ruleIds())}: this suppression is ignored.`);
          return false;
        });
        break;
      case 'clients':
        config.clients = readClients(p.value, problem);
        break;
      default:
        problem(
          p.keySpan,
          `Unknown key '${p.key}'${didYouMean(p.key, TOP_KEYS)}: it is ignored. Known keys: ${TOP_KEYS.slice(1).join(', ')}.`,
        );
    }
  }
  return { config: dropUndefined(config), problems };
}

const CONFIG_NAME = '.apigee-tls.json';

function readProbe(node: JsonNode, check: Checker, problem: (span: Span, message: string) => void): ProbeDefaults | undefined {
  if (node.kind !== 'object') return void problem(node.span, `"probe" takes an object ({"resolve": {…}, "caFiles": […], …}).`);
  const probe: ProbeDefaults = {};
  for (const p of node.properties) {
    switch (p.key) {
      case 'resolve':
        probe.resolve = check.record(p.value, (key, keySpan, value) => {
          if (!/^[^\s:]+:\d{1,5}$/.test(key)) return void problem(keySpan, `"probe.resolve" keys are host:port ('${key}' is not).`);
          return check.string(value, `probe.resolve.${key}`);
        });
        break;
      case 'caFiles':
        probe.caFiles = check.strings(p.value, 'probe.caFiles');
        break;
      case 'sni':
        probe.sni = check.oneOf(p.value, ['send', 'off'] as const, 'probe.sni');
        break;
      case 'timeoutMs':
        probe.timeoutMs = check.integer(p.value, 'probe.timeoutMs', PROBE_TIMEOUT_RANGE.min, PROBE_TIMEOUT_RANGE.max);
        break;
      case 'proxy':
        probe.proxy = check.string(p.value, 'probe.proxy');
        break;
      case 'runtimeProxy':
        probe.runtimeProxy = check.string(p.value, 'probe.runtimeProxy');
        break;
      default:
        problem(
          p.keySpan,
          `Unknown key 'probe.${p.key}'${didYouMean(p.key, PROBE_KEYS)}: it is ignored. Known keys: ${PROBE_KEYS.join(', ')}.`,
        );
    }
  }
  return dropUndefined(probe);
}

function readSuppressions(
  node: JsonNode,
  check: Checker,
  problem: (span: Span, message: string) => void,
  knownRule: (id: string, span: Span) => boolean,
): Suppression[] | undefined {
  if (node.kind !== 'array')
    return void problem(node.span, `"suppressions" takes an array ([{"file": …, "pointer": "/0/sSLInfo/protocols", "rule": …}]).`);
  const out: Suppression[] = [];
  for (const item of node.items) {
    if (item.kind !== 'object') {
      problem(item.span, 'A suppression is an object with "file", "pointer" and "rule": this item is ignored.');
      continue;
    }
    const entry: Partial<Suppression> = {};
    let valid = true;
    for (const p of item.properties) {
      const name = (SUPPRESSION_KEYS as readonly string[]).includes(p.key) ? (p.key as keyof Suppression) : undefined;
      if (name === undefined) {
        problem(p.keySpan, `Unknown key '${p.key}'${didYouMean(p.key, SUPPRESSION_KEYS)} in a suppression: it is ignored.`);
        continue;
      }
      const value = check.string(p.value, `suppressions[].${name}`);
      if (value === undefined) valid = false;
      else if (name === 'pointer' && value !== '' && !value.startsWith('/')) {
        problem(
          p.value.span,
          `"pointer" is a JSON Pointer: '' or starting with '/' ('/0/sSLInfo/protocols'): this suppression is ignored.`,
        );
        valid = false;
      } else if (name === 'rule' && !knownRule(value, p.value.span)) valid = false;
      else entry[name] = value;
    }
    const missing = (['file', 'pointer', 'rule'] as const).filter(
      (k) => entry[k] === undefined && !item.properties.some((p) => p.key === k),
    );
    if (missing.length > 0) problem(item.span, `A suppression needs ${missing.map((k) => `"${k}"`).join(', ')}: this item is ignored.`);
    else if (valid && entry.file !== undefined && entry.pointer !== undefined && entry.rule !== undefined) out.push(entry as Suppression);
  }
  return out;
}

const CLIENT_IDS = ['all', ...CLIENT_PROFILES.map((c) => c.id)];

/** `"clients": ["java-8u161", "dotnet-4.5-win7"]`: each id is the profile table's; an unknown one is left out. */
function readClients(node: JsonNode, problem: (span: Span, message: string) => void): string[] | undefined {
  if (node.kind !== 'array') return void problem(node.span, '"clients" takes an array of client ids (["java-8u161", …]).');
  const out: string[] = [];
  for (const item of node.items) {
    if (item.kind !== 'string') problem(item.span, '"clients" takes strings only: this item is ignored.');
    else if (!CLIENT_IDS.includes(item.value))
      problem(
        item.span,
        `Unknown client '${item.value}'${didYouMean(item.value, CLIENT_IDS)}: it is ignored (apigee-tls-lint clients --list names them).`,
      );
    else out.push(item.value);
  }
  return out;
}

class Checker {
  constructor(private readonly problem: (span: Span, message: string) => void) {}

  string(node: JsonNode, name = '$schema'): string | undefined {
    if (node.kind === 'string') return node.value;
    return void this.problem(node.span, `"${name}" takes a string.`);
  }

  oneOf<T extends string>(node: JsonNode, values: readonly T[], name: string): T | undefined {
    const list = values.map((v) => `"${v}"`).join(', ');
    if (node.kind !== 'string') return void this.problem(node.span, `"${name}" takes one of ${list}.`);
    if ((values as readonly string[]).includes(node.value)) return node.value as T;
    // Case matters: "Edge" is not "edge" (a silent fallback would judge every bundle under the other runtime).
    return void this.problem(
      node.span,
      `"${name}" is '${node.value}', not one of ${list}${didYouMean(node.value, values)}: this value is ignored.`,
    );
  }

  strings(node: JsonNode, name: string): string[] | undefined {
    if (node.kind !== 'array') return void this.problem(node.span, `"${name}" takes an array of strings.`);
    const out: string[] = [];
    for (const item of node.items) {
      if (item.kind === 'string') out.push(item.value);
      else this.problem(item.span, `"${name}" takes strings only: this item is ignored.`);
    }
    return out;
  }

  integer(node: JsonNode, name: string, min: number, max: number): number | undefined {
    const value = node.kind === 'number' ? Number(node.raw) : NaN;
    if (Number.isInteger(value) && value >= min && value <= max) return value;
    return void this.problem(node.span, `"${name}" takes a whole number from ${min} to ${max}: this value is ignored.`);
  }

  record<T>(node: JsonNode, item: (key: string, keySpan: Span, value: JsonNode) => T | undefined): Record<string, T> | undefined {
    if (node.kind !== 'object') return void this.problem(node.span, 'This key takes an object.');
    const out: Record<string, T> = {};
    for (const p of node.properties) {
      const value = item(p.key, p.keySpan, p.value);
      if (value !== undefined) out[p.key] = value;
    }
    return out;
  }
}

/** The parser's message, named as people meet it in a settings file: a trailing comma first. */
function syntaxProblem(text: string, offset: number, message: string): ConfigProblem {
  const comma = text.slice(0, offset).trimEnd().length - 1;
  if (text[comma] === ',' && (text[offset] === '}' || text[offset] === ']'))
    return {
      span: { start: comma, end: comma + 1 },
      message: `Trailing comma before ${text[offset]}: ${CONFIG_NAME} is strict JSON (comments allowed)`,
    };
  return { span: { start: offset, end: Math.min(text.length, offset + 1) }, message: `Not JSON: ${message}` };
}

function didYouMean(value: string, candidates: readonly string[]): string {
  const near = closest(value, candidates);
  return near === undefined || near === value ? '' : ` (did you mean '${near}'?)`;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
