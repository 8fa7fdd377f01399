/**
 * Not a kernel facility: how harness code running inside the simulated kernel (thread programs)
 * records history events (invocations, returns, hand-offs) for the checks. Implementations never use it.
 */
import type { Gen } from '../rt/ops.ts';
import { emit } from './emit.ts';

export const mark = (tag: string, data: unknown): Gen<void> => emit({ kind: 'mark', mark: { tag, data } });
