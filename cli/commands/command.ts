/** A subcommand of `mempool-check`: registered by name (with its one-line summary) in registry.ts. */
export interface Command {
  readonly name: string;
  /** Usage line(s) shown by `mempool-check help <name>`. */
  readonly usage: string;
  /** Runs the command; returns the process exit code (see EXIT). */
  run(args: readonly string[], io: CommandIo): number | Promise<number>;
}

/**
 * Exit codes of every command:
 * 0 the check passed (complete), 1 a property failed, 2 bad input (unknown scenario, strategy,
 * implementation, option or value; an unusable replay token), 3 incomplete (a budget, the time limit,
 * Ctrl-C or SIGTERM stopped it before it covered everything, and nothing failed), 4 internal error (an
 * exception inside the checker itself: neither a property that failed nor bad input).
 */
export const EXIT = { pass: 0, fail: 1, usage: 2, incomplete: 3, internal: 4 } as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Most severe first: the checker broke, something was not checked at all, a failure, not everything covered. */
const SEVERITY: readonly number[] = [EXIT.internal, EXIT.usage, EXIT.fail, EXIT.incomplete, EXIT.pass];

/** The exit code of several results (files, rows): the most severe of theirs. */
export function worstExit(codes: Iterable<number>): number {
  let worst: number = EXIT.pass;
  for (const c of codes) if (SEVERITY.indexOf(c) < SEVERITY.indexOf(worst)) worst = c;
  return worst;
}

import type { CommandIo } from '../../run/io.ts';

export type { CommandIo };

/** Bad input (unknown name, option or value): reported as one line, exit code 2. */
export class UsageError extends Error {}
