// A small argument reader, spec first: `--flag value`, `--flag=value`, `-f value`, repeated options, positionals;
// `-h`/`--help` on every command; an unknown option is an error that names the closest known one.
import { closest } from '../lint/suggest';
import { docsLink } from '../fs/docs';
import { UsageError } from './io';

export interface OptionSpec {
  name: string;
  /** One letter, as `-f` for `--format`. */
  short?: string;
  /** The value's placeholder (`FORMAT`, `stylish|json|sarif`); absent for a flag. */
  value?: string;
  description: string;
}

export interface CommandSpec {
  command: string;
  /** The synopsis lines, without `Usage:`. */
  usage: readonly string[];
  /** What the command does, a paragraph. */
  summary: string;
  options: readonly OptionSpec[];
  /** Notes after the options (exit statuses...). */
  notes?: string;
  /** The documentation page (relative to the docs folder, with an anchor) the help links to. */
  docs: string;
}

export interface ParsedArgs {
  positionals: string[];
  values: Map<string, string[]>;
  flags: Set<string>;
  /** `-h` or `--help` was given: the command prints its help and exits 0. */
  help: boolean;
}

const HELP: OptionSpec = { name: 'help', short: 'h', description: 'Show this help and exit.' };

export function parseArgs(argv: readonly string[], spec: CommandSpec): ParsedArgs {
  const out: ParsedArgs = { positionals: [], values: new Map(), flags: new Set(), help: false };
  const options = [...spec.options, HELP];
  const byName = new Map(options.map((o) => [o.name, o]));
  const byShort = new Map(options.filter((o) => o.short !== undefined).map((o) => [o.short!, o]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    let option: OptionSpec | undefined;
    let inline: string | undefined;
    let written: string;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
      written = `--${name}`;
      option = byName.get(name);
      if (option === undefined) throw new UsageError(`${spec.command}: unknown option ${written}${suggestion(name, options)}`);
    } else if (/^-[A-Za-z]/.test(arg)) {
      written = arg.slice(0, 2);
      option = byShort.get(arg[1]!);
      inline = arg.length > 2 ? arg.slice(2).replace(/^=/, '') : undefined;
      if (option === undefined) throw new UsageError(`${spec.command}: unknown option ${written}${suggestion(arg.slice(1), options)}`);
    } else {
      out.positionals.push(arg);
      continue;
    }
    if (option === HELP) {
      out.help = true;
    } else if (option.value === undefined) {
      if (inline !== undefined) throw new UsageError(`${spec.command}: ${written} takes no value`);
      out.flags.add(option.name);
    } else {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`${spec.command}: ${written} needs a value (${option.value})`);
      out.values.set(option.name, [...(out.values.get(option.name) ?? []), value]);
    }
  }
  return out;
}

function suggestion(name: string, options: readonly OptionSpec[]): string {
  const known = options.map((o) => o.name);
  // One letter is too short to guess from.
  const near = name.length < 3 ? undefined : closest(name.replace(/^-+/, ''), known, 3);
  return near === undefined ? ` (see --help)` : `; did you mean --${near}?`;
}

/** The single value of an option (the last one wins), or undefined. */
export function single(args: ParsedArgs, name: string): string | undefined {
  return args.values.get(name)?.at(-1);
}

/** A command's `--help`: synopsis, what it does, every option with its description, notes and a docs link. */
export function helpText(spec: CommandSpec): string {
  const options = [...spec.options, HELP];
  const left = options.map(
    (o) => `${o.short !== undefined ? `-${o.short}, ` : '    '}--${o.name}${o.value !== undefined ? ` ${o.value}` : ''}`,
  );
  const width = Math.min(40, Math.max(...left.map((l) => l.length)) + 2);
  const lines = options.map((o, i) => {
    const head = left[i]!;
    return head.length + 2 > width ? `  ${head}\n  ${' '.repeat(width)}${o.description}` : `  ${head.padEnd(width)}${o.description}`;
  });
  return [
    'Usage:',
    ...spec.usage.map((u) => `  ${u}`),
    '',
    spec.summary,
    '',
    'Options:',
    ...lines,
    ...(spec.notes !== undefined ? ['', spec.notes] : []),
    '',
    `Docs: ${docsLink(spec.docs)}`,
    '',
  ].join('\n');
}
