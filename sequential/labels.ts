/**
 * Names for what an operation did, for the report's counts (`alloc: from the reserve`, ...), read from
 * the model's steps: the refinements' (model/steps.ts) or the contract's (model/contract/steps.ts).
 */
import type { Observation } from '../model/index.ts';
import type { SeqCommand } from './commands.ts';

/** Only the kind of a step matters here. */
interface StepKind {
  readonly kind: string;
}

export function operationLabel(c: Exclude<SeqCommand, { kind: 'faults' }>, obs: Observation, steps: readonly StepKind[]): string {
  const last = steps[steps.length - 1];
  const kinds = new Set(steps.map((s) => s.kind));
  const { calls, outcome } = obs;
  switch (c.kind) {
    case 'create': {
      if (last?.kind === 'create') return c.min_nr === 0 ? 'create: ok (min_nr 0)' : 'create: ok';
      const failed = calls.findIndex((x) => x.call === 'alloc' && x.result === 0);
      const failedCall = calls[failed];
      if (failedCall?.call === 'alloc' && failedCall.cls === 'element') return 'create: NULL (pre-fill failed)';
      return `create: NULL (${failed === 0 ? 'pool struct' : failed === 1 ? 'elements array' : 'pool block'} failed)`;
    }
    case 'alloc':
      if (outcome.kind === 'blocked') return 'alloc: blocked (asleep)';
      if (last?.kind === 'pop' || last?.kind === 'take') return 'alloc: from the reserve';
      if (last?.kind === 'fresh') {
        if (kinds.has('add')) return 'alloc: from alloc_fn, refilling the reserve';
        return steps.length > 1 && kinds.has('saw-empty') ? 'alloc: from alloc_fn (full-mask pass)' : 'alloc: from alloc_fn (first pass)';
      }
      return 'alloc: NULL';
    case 'free':
    case 'free-null':
      return last === undefined ? 'free: NULL' : last.kind === 'push' ? 'free: refills the reserve' : 'free: to free_fn';
    case 'resize':
      return resizeLabel(obs, steps, kinds);
    case 'destroy':
      return 'destroy';
    default: {
      const never: never = c;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}

function resizeLabel(obs: Observation, steps: readonly StepKind[], kinds: ReadonlySet<string>): string {
  const { calls, outcome } = obs;
  const last = steps[steps.length - 1];
  if (outcome.kind === 'bug') return 'resize: BUG (n <= 0)';
  if (last?.kind === 'grow-decide') return 'resize: grow, -ENOMEM';
  if (outcome.kind === 'returned' && outcome.value !== 0) return 'resize: error (pool unchanged)';
  if (last?.kind === 'shrink-set') return steps.length > 1 ? 'resize: shrink, frees elements' : 'resize: shrink, frees none';
  if (kinds.has('drop')) return 'resize: shrink, frees elements';
  if (last?.kind === 'set-min' && calls.every((x) => x.cls !== 'element')) return 'resize: no element moved';
  const lastCall = calls[calls.length - 1];
  if (lastCall?.call === 'alloc' && lastCall.cls === 'element' && lastCall.result === 0) return 'resize: grow, refill failed';
  return 'resize: grow, refilled';
}
