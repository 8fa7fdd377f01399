/**
 * The world around one pool, as the sequential check sees it: what callers hold, the pool's own
 * blocks, and the kernel's reports (the __GFP_ZERO warning, BUGs). Together with the pool state it
 * says which blocks must be live in the allocators, so leaks and double frees show up as differences.
 *
 * A refinement knows the pool's own blocks exactly (`blocks`: the struct and the elements array, and
 * which call frees which); the contract only keeps the set of blocks the pool allocated and has not
 * freed (`meta`), which a destroy (or a failed create) must leave empty.
 */
import { __GFP_ZERO, ptrText } from './gfp.ts';
import { semanticsOf, type AnySemantics } from './semantics.ts';
import type { Step } from './steps.ts';
import { inconsistent, isInconsistent, type AllocatorCall, type Elem, type Inconsistent, type ModelState, type Observation } from './types.ts';

export interface World {
  readonly pool: ModelState;
  /** Elements callers hold from the current pool, oldest first. */
  readonly held: readonly Elem[];
  /** Elements callers still held when their pool was destroyed: live, but no pool takes them back. */
  readonly orphans: readonly Elem[];
  /** The pool's own blocks (struct and elements array) while it exists (refinements only). */
  readonly blocks: { readonly pool: Elem; readonly elements: Elem } | null;
  /** Every block the pool allocated through a non-element allocator and has not freed. */
  readonly meta: readonly Elem[];
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
  meta: [],
  zeroWarned: false,
  warnings: 0,
  bugs: 0,
});

export interface WorldStep {
  readonly world: World;
  /** The model's steps (of the semantics' own step type). */
  readonly steps: readonly unknown[];
}

/** Elements and pool blocks that must be live in the allocators (v4.1). */
export function expectedLive(w: World): { readonly elements: readonly Elem[]; readonly blocks: readonly Elem[] } {
  return expectedLiveIn(semanticsOf('v4.1'), w);
}

export function expectedLiveIn(sem: AnySemantics, w: World): { readonly elements: readonly Elem[]; readonly blocks: readonly Elem[] } {
  const exact = w.blocks === null ? [] : [w.blocks.pool, w.blocks.elements];
  return { elements: [...w.pool.reserve, ...w.held, ...w.orphans], blocks: sem.exactBlocks ? exact : w.meta };
}

/** Plan the observed operation under v4.1, run its steps on the pool, and update the world around it. */
export function stepWorld(w: World, obs: Observation): WorldStep | Inconsistent {
  return stepWorldIn(semanticsOf('v4.1'), w, obs);
}

/** Plan the observed operation under a profile, run its steps on the pool, and update the world around it. */
export function stepWorldIn(sem: AnySemantics, w: World, obs: Observation): WorldStep | Inconsistent {
  const steps = sem.plan(obs);
  if (isInconsistent(steps)) return steps;
  let world = w;
  for (const [i, step] of steps.entries()) {
    const pool = sem.apply(world.pool, step);
    if (isInconsistent(pool)) {
      return inconsistent(`step ${i + 1} of ${steps.length}, ${sem.describeStep(step)}: ${pool.reason}`, pool.expected, pool.actual);
    }
    const next = sem.exactBlocks ? around({ ...world, pool }, step as Step, obs) : aroundContract({ ...world, pool }, step as { readonly kind: string; readonly element?: Elem });
    if (isInconsistent(next)) return next;
    world = next;
  }
  const meta = trackMeta(world, obs);
  if (isInconsistent(meta)) return meta;
  return { world: afterOp({ ...world, meta }, obs), steps };
}

/** The contract's steps outside the pool: a fresh element is nobody's; destroy orphans what callers hold. */
function aroundContract(w: World, step: { readonly kind: string; readonly element?: Elem }): World | Inconsistent {
  if (step.kind === 'fresh' && step.element !== undefined && (w.held.includes(step.element) || w.orphans.includes(step.element))) {
    return inconsistent(`alloc_fn returned ${ptrText(step.element)}, which a caller still holds`);
  }
  if (step.kind === 'destroy') return { ...w, held: [], orphans: [...w.orphans, ...w.held] };
  return w;
}

/**
 * The pool's own blocks after the operation's calls. A block the pool frees must be one it allocated;
 * once the pool is gone (destroyed, or its creation failed) none may be left (the contract's no-leak).
 */
function trackMeta(w: World, obs: Observation): readonly Elem[] | Inconsistent {
  const meta = [...w.meta];
  for (const c of obs.calls as readonly AllocatorCall[]) {
    if (c.cls !== 'meta') continue;
    if (c.call === 'alloc') {
      if (c.result !== 0) meta.push(c.result);
      continue;
    }
    const i = meta.indexOf(c.ptr);
    if (i >= 0) meta.splice(i, 1);
    else if (c.ptr !== 0) return inconsistent(`kfree(${ptrText(c.ptr)}): not a block the pool allocated (or freed twice)`, 'kfree of a block the pool owns', `kfree(${ptrText(c.ptr)})`);
  }
  const gone = obs.outcome.kind === 'returned' && (obs.op.op === 'destroy' || (obs.op.op === 'create' && obs.outcome.value === 0));
  if (gone && meta.length > 0) {
    const what = obs.op.op === 'destroy' ? 'mempool_destroy' : 'a failed mempool_create';
    return inconsistent(`${what} leaves the pool's own block(s) ${`[${meta.map(ptrText).join(', ')}]`} allocated: leaked`, 'every block the pool allocated freed', `still allocated: [${meta.map(ptrText).join(', ')}]`);
  }
  return meta;
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
