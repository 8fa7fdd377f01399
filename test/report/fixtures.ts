/** Shared fixtures of the report tests: a monitor that fails blocked runs, small scenarios. */
import type { Monitor } from '../../explorer/monitor.ts';
import { CHOICE } from '../../kernel/rt/faults.ts';
import type { Scenario } from '../../scenarios/spec.ts';

/** Until properties/ lands: a run that ends with a thread stuck for good fails TEST-BLOCKED. */
export const blockedMonitor: Monitor = {
  name: 'test-blocked',
  atEnd: (ctx, end) => (end === 'blocked' ? [{ property: 'TEST-BLOCKED', message: 'a thread never returned', step: ctx.kernel.steps }] : []),
};

/** T3 frees nothing and then resizes to 0 (BUG_ON at L132); T1 and T2 are noise for the shrinker. */
export const bugScenario: Scenario = {
  name: 'bug-resize0',
  description: 'resize(0) hits BUG_ON, with two alloc/free threads around it',
  min_nr: 1,
  backend: 'slab',
  faults: CHOICE,
  timeouts: 'untimed',
  prefix: [{ op: 'alloc', gfp: 'GFP_KERNEL' }],
  threads: [
    { commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'free' }] },
    { commands: [{ op: 'alloc', gfp: 'GFP_ATOMIC' }, { op: 'free' }] },
    { commands: [{ op: 'free' }, { op: 'resize', n: 0 }] },
  ],
  finalDestroy: true,
  expected: { verdict: 'fail', properties: ['BUG-FREE'], why: 'resize(0)' },
};
