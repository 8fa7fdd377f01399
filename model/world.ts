/**
 * The world around one pool, as the sequential check sees it: what callers hold, the pool's own
 * blocks, and the kernel's reports (the __GFP_ZERO warning, BUGs). Together with the pool state it
 * says which blocks must be live in the allocators, so leaks and double frees show up as differences.
 */
import { apply } from './apply.ts';
import { __GFP_ZERO, ptrText } from './gfp.ts';
import { plan } from './plan.ts';
import { describeStep, type Step } from './steps.ts';
import { inconsistent, isInconsistent, type Elem, type Inconsistent, type ModelState, type Observation } from './types.ts';

export interface World {
  readonly pool: ModelState;
  /** Elements callers hold from the current pool, oldest first. */
  readonly held: readonly Elem[];
  /** Elements callers still held when their pool was destroyed: live, but no pool takes them back. */
  readonly orphans: readonly Elem[];
  /** The pool's own blocks (struct and elements array) while it exists. */
  readonly blocks: { readonly pool: Elem; readonly elements: Elem } | null;
  /** VM_WARN_ON_ONCE(gfp_mask & __GFP_ZERO) (L207) has fired: once per boot. */
  readonly zeroWarned: boolean;
  /** Warnings the kernel printed so far. */
  readonly warnings: number;
  /** BUG reports so far (mempool_resize(n <= 0), L132). */
  readonly bugs: number;
}

export const initialWorld = (pool: ModelState): World => ({
  pool,
  held: [],
  orphans: [],
  blocks: null,
  zeroWarned: false,
  warnings: 0,
  bugs: 0,
});

export interface WorldStep {
  readonly world: World;
  readonly steps: readonly Step[];
}

/** Elements and pool blocks that must be live in the allocators. */
export function expectedLive(w: World): { readonly elements: readonly Elem[]; readonly blocks: readonly Elem[] } {
  const blocks = w.blocks === null ? [] : [w.blocks.pool, w.blocks.elements];
  return { elements: [...w.pool.reserve, ...w.held, ...w.orphans], blocks };
}

/** Plan the observed operation, run its steps on the pool, and update the world around it. */
export function stepWorld(w: World, obs: Observation): WorldStep | Inconsistent {
  const steps = plan(obs);
  if (isInconsistent(steps)) return steps;
  let world = w;
  for (const [i, step] of steps.entries()) {
    const pool = apply(world.pool, step);
    if (isInconsistent(pool)) {
      return inconsistent(`step ${i + 1} of ${steps.length}, ${describeStep(step)}: ${pool.reason}`, pool.expected, pool.actual);
    }
    const next = around({ ...world, pool }, step, obs);
    if (isInconsistent(next)) return next;
    world = next;
  }
  return { world: afterOp(world, obs), steps };
}

/** What a step means outside the pool: who holds what, which blocks the pool owns. */
function around(w: World, step: Step, obs: Observation): World | Inconsistent {
  switch (step.kind) {
    case 'create': {
      const [pool, elements] = obs.calls;
      if (pool?.call !== 'alloc' || elements?.call !== 'alloc') return inconsistent('create: the pool blocks are not the first two calls');
      return { ...w, blocks: { pool: pool.result, elements: elements.result } };
    }
    case 'fresh':
      if (w.held.includes(step.element) || w.orphans.includes(step.element)) {
        return inconsistent(`alloc_fn returned ${ptrText(step.element)}, which a caller still holds`);
      }
      return w;
    case 'grow-set':
      if (w.blocks === null || w.blocks.elements !== step.oldElements) {
        return inconsistent(
          `mempool_resize must kfree the pool's old elements array (L163)`,
          `kfree(${ptrText(w.blocks?.elements ?? 0)})`,
          `kfree(${ptrText(step.oldElements)})`,
        );
      }
      return { ...w, blocks: { ...w.blocks, elements: step.newElements } };
    case 'destroy':
      if (w.blocks === null || w.blocks.elements !== step.elements || w.blocks.pool !== step.pool) {
        const want = w.blocks === null ? 'nothing' : `kfree(${ptrText(w.blocks.elements)}), kfree(${ptrText(w.blocks.pool)})`;
        return inconsistent('mempool_destroy must kfree the elements array, then the pool (L45-46)', want, `kfree(${ptrText(step.elements)}), kfree(${ptrText(step.pool)})`);
      }
      return { ...w, blocks: null, held: [], orphans: [...w.orphans, ...w.held] };
    default:
      return w;
  }
}

/** The caller's side of the operation: the element it got or gave back, warnings and BUGs. */
function afterOp(w: World, obs: Observation): World {
  const { op, outcome } = obs;
  switch (op.op) {
    case 'alloc': {
      const warn = (op.gfp & __GFP_ZERO) !== 0 && !w.zeroWarned;
      const got = outcome.kind === 'returned' && outcome.value !== 0 ? [outcome.value] : [];
      return { ...w, held: [...w.held, ...got], zeroWarned: w.zeroWarned || warn, warnings: w.warnings + (warn ? 1 : 0) };
    }
    case 'free': {
      const i = w.held.indexOf(op.element);
      return i < 0 ? w : { ...w, held: [...w.held.slice(0, i), ...w.held.slice(i + 1)] };
    }
    case 'resize':
      return outcome.kind === 'bug' ? { ...w, bugs: w.bugs + 1 } : w;
    case 'create':
    case 'destroy':
      return w;
    default: {
      const never: never = op;
      throw new Error(`unknown operation ${JSON.stringify(never)}`);
    }
  }
}
