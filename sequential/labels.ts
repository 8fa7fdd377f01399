/** Names for what an operation did, for the report's counts (`alloc: from the reserve`, ...). */
import type { Observation, Step } from '../model/index.ts';
import type { SeqCommand } from './commands.ts';

export function operationLabel(c: Exclude<SeqCommand, { kind: 'faults' }>, obs: Observation, steps: readonly Step[]): string {
  const last = steps[steps.length - 1];
  const { calls, outcome } = obs;
  switch (c.kind) {
    case 'create': {
      if (last?.kind === 'create') return c.min_nr === 0 ? 'create: ok (min_nr 0)' : 'create: ok';
      const failed = calls.findIndex((x) => x.call === 'alloc' && x.result === 0);
      return `create: NULL (${failed === 0 ? 'pool struct' : failed === 1 ? 'elements array' : 'pre-fill'} failed)`;
    }
    case 'alloc':
      if (outcome.kind === 'blocked') return 'alloc: blocked (asleep)';
      if (last?.kind === 'pop') return 'alloc: from the reserve';
      if (last?.kind === 'fresh') return steps.length > 1 ? 'alloc: from alloc_fn (full-mask pass)' : 'alloc: from alloc_fn (first pass)';
      return 'alloc: NULL';
    case 'free':
    case 'free-null':
      return last === undefined ? 'free: NULL' : last.kind === 'push' ? 'free: refills the reserve' : 'free: to free_fn';
    case 'resize': {
      if (outcome.kind === 'bug') return 'resize: BUG (n <= 0)';
      if (last?.kind === 'shrink-set') return steps.length > 1 ? 'resize: shrink, frees elements' : 'resize: shrink, frees none';
      if (last?.kind === 'grow-decide') return 'resize: grow, -ENOMEM';
      const lastCall = calls[calls.length - 1];
      if (lastCall?.call === 'alloc' && lastCall.cls === 'element' && lastCall.result === 0) return 'resize: grow, refill failed';
      return 'resize: grow, refilled';
    }
    case 'destroy':
      return 'destroy';
    default: {
      const never: never = c;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}
