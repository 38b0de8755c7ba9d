// A small argument reader: `--flag value`, `--flag=value`, repeated flags, positionals; unknown flags are errors.
import { UsageError } from './io';

export interface ParsedArgs {
  positionals: string[];
  values: Map<string, string[]>;
  flags: Set<string>;
}

export function parseArgs(argv: string[], spec: { values: readonly string[]; flags: readonly string[] }, command: string): ParsedArgs {
  const out: ParsedArgs = { positionals: [], values: new Map(), flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      out.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    if (spec.flags.includes(name)) {
      if (eq >= 0) throw new UsageError(`${command}: --${name} takes no value`);
      out.flags.add(name);
    } else if (spec.values.includes(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`${command}: --${name} needs a value`);
      out.values.set(name, [...(out.values.get(name) ?? []), value]);
    } else {
      throw new UsageError(`${command}: unknown option --${name}`);
    }
  }
  return out;
}

/** The single value of an option (the last one wins), or undefined. */
export function single(args: ParsedArgs, name: string): string | undefined {
  return args.values.get(name)?.at(-1);
}
