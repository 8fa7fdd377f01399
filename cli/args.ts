/**
 * A small option parser: `--name value`, `--name=value`, flags, positionals. Every mistake is one
 * UsageError line naming the option and what was expected (the command line exits 2 on it).
 */
import { UsageError } from './commands/command.ts';

export interface OptionSpec {
  readonly name: string;
  readonly kind: 'flag' | 'int' | 'number' | 'string';
  /** Allowed values of a string option. */
  readonly values?: readonly string[];
  /** Smallest allowed value of a numeric option. */
  readonly min?: number;
  /** A numeric option that must be greater than 0 (a time budget: 0 would run nothing). */
  readonly positive?: boolean;
  /** Placeholder in the usage text (`N`, `NAME`). */
  readonly arg?: string;
  readonly help: string;
}

export type OptionValue = string | number | true;

export interface Parsed {
  readonly positionals: readonly string[];
  readonly options: ReadonlyMap<string, OptionValue>;
}

export interface PositionalSpec {
  /** Names in the usage text, e.g. ['scenario']. */
  readonly names: readonly string[];
  readonly min: number;
  /** The last name takes every further positional (`<report...>`). */
  readonly variadic?: boolean;
}

export function parseArgs(args: readonly string[], specs: readonly OptionSpec[], positional: PositionalSpec): Parsed {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const options = new Map<string, OptionValue>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = byName.get(name);
    if (spec === undefined) throw new UsageError(`unknown option '--${name}' (options: ${specs.map((s) => `--${s.name}`).join(', ')})`);
    if (options.has(name)) throw new UsageError(`option --${name} given twice`);
    if (spec.kind === 'flag') {
      if (eq >= 0) throw new UsageError(`option --${name} takes no value`);
      options.set(name, true);
      continue;
    }
    let text: string | undefined;
    if (eq >= 0) text = arg.slice(eq + 1);
    else {
      text = args[i + 1];
      i += 1;
    }
    if (text === undefined || text === '') throw new UsageError(`option --${name} needs a value${spec.arg ? ` (${spec.arg})` : ''}`);
    options.set(name, parseValue(spec, text));
  }
  if (positionals.length < positional.min) {
    throw new UsageError(`missing ${positional.names.slice(positionals.length, positional.min).map((n) => `<${n}>`).join(' ')}`);
  }
  if (positional.variadic !== true && positionals.length > positional.names.length) throw new UsageError(`unexpected argument '${positionals[positional.names.length]}'`);
  return { positionals, options };
}

function parseValue(spec: OptionSpec, text: string): OptionValue {
  if (spec.kind === 'string') {
    if (spec.values && !spec.values.includes(text)) {
      throw new UsageError(`option --${spec.name}: unknown value '${text}' (expected ${spec.values.join(' or ')})`);
    }
    return text;
  }
  const n = spec.kind === 'int' ? (/^-?\d+$/.test(text) ? Number(text) : NaN) : /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(n) || (spec.kind === 'int' && !Number.isSafeInteger(n))) {
    throw new UsageError(`option --${spec.name} expects ${spec.kind === 'int' ? 'an integer' : 'a number'}, got '${text}'`);
  }
  if (spec.min !== undefined && n < spec.min) throw new UsageError(`option --${spec.name} must be at least ${spec.min}, got ${text}`);
  if (spec.positive === true && !(n > 0)) throw new UsageError(`option --${spec.name} must be greater than 0, got ${text}`);
  return n;
}

/** Typed reads of parsed options (the spec already checked kinds). */
export const optInt = (p: Parsed, name: string): number | undefined => {
  const v = p.options.get(name);
  return typeof v === 'number' ? v : undefined;
};
export const optString = (p: Parsed, name: string): string | undefined => {
  const v = p.options.get(name);
  return typeof v === 'string' ? v : undefined;
};
export const optFlag = (p: Parsed, name: string): boolean => p.options.get(name) === true;

/** Usage text: the command line, then one line per option. */
export function usageText(command: string, positional: PositionalSpec, specs: readonly OptionSpec[], notes: readonly string[] = []): string {
  const pos = positional.names.map((n, i) => (i < positional.min ? `<${n}>` : `[${n}]`)).join(' ');
  const lines = [`usage: mempool-check ${command} ${pos} [options]`.replace(/ +/g, ' '), '', 'options:'];
  const flag = (s: OptionSpec): string => `--${s.name}${s.kind === 'flag' ? '' : ` ${s.arg ?? (s.values ? s.values.join('|') : 'VALUE')}`}`;
  const width = Math.max(...specs.map((s) => flag(s).length));
  for (const s of specs) lines.push(`  ${flag(s).padEnd(width)}  ${s.help}`);
  if (notes.length > 0) lines.push('', ...notes);
  return lines.join('\n');
}
