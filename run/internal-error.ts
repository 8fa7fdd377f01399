/**
 * An internal error: an exception inside the runtime or the explorer while running something (not a
 * property that failed, not bad input). It carries what the one line that reports it names: the
 * scenario, the implementation, and the replay token of the execution it happened in, when there is one.
 */
import { StatefulSearchError } from '../explorer/stateful/scheduler.ts';
import { NondeterminismError, type Choices } from '../explorer/scheduler.ts';
import { replayCommand } from './counterexample.ts';
import type { RunConfig } from './run-config.ts';
import { encodeToken } from './token.ts';

/** What the recorded run "did" in a crash token: replaying it crashes again (or says it no longer does). */
export const INTERNAL_ERROR = 'INTERNAL-ERROR';

export class InternalError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly where: { readonly scenario?: string; readonly implementation?: string; readonly token?: string | null; readonly what?: string },
  ) {
    super(messageOf(cause));
  }

  /** The one line that reports it. */
  line(): string {
    const w = this.where;
    const context = [w.what, w.scenario === undefined ? null : `scenario ${w.scenario}`, w.implementation === undefined ? null : `implementation ${w.implementation}`].filter((x) => x !== null && x !== undefined);
    const replay = w.token === undefined || w.token === null ? '' : `; replay: ${replayCommand(w.token)}`;
    return `internal error${context.length > 0 ? ` (${context.join(', ')})` : ''}: ${this.message}${replay}`;
  }
}

/** An exception thrown inside one execution, with the choices made in it up to the exception. */
export class ExecutionCrash extends Error {
  constructor(
    override readonly cause: unknown,
    readonly choices: Choices,
    readonly steps: number,
  ) {
    super(messageOf(cause));
  }
}

export function messageOf(e: unknown): string {
  if (e instanceof Error) return `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}`;
  return String(e);
}

/**
 * An internal error for anything thrown while running `config`: with a replay token when it crashed
 * inside an execution. A divergence (an implementation that is not deterministic) is bad input, not
 * the checker's fault: it is thrown on as it is, for the command line to diagnose.
 */
export function internalErrorOf(e: unknown, config: RunConfig, what?: string): InternalError {
  const cause = e instanceof ExecutionCrash ? e.cause : e;
  if (cause instanceof NondeterminismError) throw cause;
  // A stateful search of threads whose state it cannot see: bad input (exit 2), not the checker's fault.
  if (cause instanceof StatefulSearchError) throw cause;
  if (e instanceof InternalError) return e;
  const where = { scenario: config.scenario.name, implementation: config.impl, ...(what === undefined ? {} : { what }) };
  if (e instanceof ExecutionCrash) {
    const token = encodeToken({ config, choices: e.choices, outcome: { property: INTERNAL_ERROR, steps: e.steps } });
    return new InternalError(e.cause, { ...where, token });
  }
  return new InternalError(e, { ...where, token: null });
}
