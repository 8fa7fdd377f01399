/** A subcommand of `mempool-check`: registered by name in registry.ts. */
export interface Command {
  readonly name: string;
  /** One line for the help text. */
  readonly summary: string;
  /** Usage line(s) shown by `mempool-check help <name>`. */
  readonly usage: string;
  /** Runs the command; returns the process exit code (0 ok, 1 a check failed, 2 bad input). */
  run(args: readonly string[], io: CommandIo): number | Promise<number>;
}

export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
}

/** Bad input (unknown name, option or value): reported as one line, exit code 2. */
export class UsageError extends Error {}
