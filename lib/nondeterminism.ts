/**
 * The library's form of the command line's nondeterminism diagnosis: a runner whose implementation
 * does not run the same way twice throws NondeterministicImplError, whose message names the first
 * operation that differed (both versions) and the likely cause.
 */
import { NondeterminismError } from '../explorer/scheduler.ts';
import { nondeterminismLines } from '../report/nondeterminism.ts';
import { diagnoseNondeterminism } from '../run/nondeterminism.ts';

export class NondeterministicImplError extends Error {}

/** Runs `body`; a divergence it meets becomes a NondeterministicImplError with the diagnosis. */
export async function diagnosed<T>(impl: string, body: () => T | Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (e) {
    if (!(e instanceof NondeterminismError)) throw e;
    throw new NondeterministicImplError(nondeterminismLines(diagnoseNondeterminism(e), impl).join('\n'), { cause: e });
  }
}
