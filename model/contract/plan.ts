/**
 * Which contract steps an observed operation implies. Only the element allocator calls (alloc_fn and
 * free_fn) matter, and only as sets: which elements the operation got from alloc_fn, which it gave back
 * to free_fn, whether some alloc_fn call failed. The pool's own metadata calls are ignored (NO-LEAK and
 * the sequential check's live set account for them), and so is the order of the calls.
 *
 * What every operation may do, by the API:
 * - create(min_nr): a pool whose reserve holds what it got from alloc_fn and kept (min_nr to
 *   max(1, min_nr) elements), or NULL after some allocation failed, having given everything back.
 * - alloc(gfp): alloc_fn first (kerneldoc of mempool_alloc: "first calling into the alloc_fn ..., and
 *   dipping into the reserved pool when alloc_fn fails"), called with no more than the caller allows
 *   (no __GFP_WAIT, __GFP_IO, __GFP_FS the caller did not pass); an element from alloc_fn, or from the
 *   reserve after a failed alloc_fn call; NULL only without __GFP_WAIT and only after alloc_fn failed
 *   and the reserve was seen empty; asleep only with __GFP_WAIT, likewise. Elements it got and does not
 *   return go back to free_fn or into the reserve (a refill).
 * - free(e): NULL does nothing; otherwise e refills the reserve, or goes to free_fn when the reserve was
 *   full (the reserve guarantee, L300-316).
 * - resize(n): n <= 0 is the caller's bug (a BUG, or an error with nothing changed); otherwise surplus
 *   reserve elements go back to free_fn, the minimum becomes n, and refills are added; an error return
 *   leaves the pool as it was.
 * - destroy: every reserve element to free_fn, in any order.
 */
import { outcomeText } from '../calls.ts';
import { GFP_KERNEL, __GFP_FS, __GFP_IO, __GFP_WAIT, gfpText, ptrText } from '../gfp.ts';
import { slotsOf } from '../profile.ts';
import { inconsistent, isInconsistent, type AllocatorCall, type Elem, type Inconsistent, type Observation, type Outcome, type Readable } from '../types.ts';
import type { ContractStep } from './steps.ts';

/** The steps an observation implies, and for a cut-off operation what it may have done since (as calls.ts `Planned`). */
interface ContractPlanned {
  readonly steps: readonly ContractStep[];
  readonly tails: readonly (readonly ContractStep[])[];
}

const planned = (steps: readonly ContractStep[], tails: readonly (readonly ContractStep[])[] = [[]]): ContractPlanned => ({ steps, tails });

/** The permissions a GFP mask grants: sleeping, I/O, filesystem recursion. */
const PERMISSIONS = __GFP_WAIT | __GFP_IO | __GFP_FS;

/** What an operation did with elements, read from its allocator calls (meta calls ignored). */
interface ElementCalls {
  /** Elements alloc_fn returned, in order. */
  readonly got: readonly Elem[];
  /** Elements given to free_fn, in order. */
  readonly gave: readonly Elem[];
  /** Some alloc_fn (or, for create, any allocation) returned NULL. */
  readonly failed: boolean;
  /** alloc_fn masks, in order. */
  readonly masks: readonly number[];
}

function elementCalls(calls: readonly AllocatorCall[], anyFailure: boolean): ElementCalls {
  const got: Elem[] = [];
  const gave: Elem[] = [];
  const masks: number[] = [];
  let failed = false;
  for (const c of calls) {
    if (c.call === 'alloc') {
      if (c.result === 0 && (anyFailure || c.cls === 'element')) failed = true;
      if (c.cls !== 'element') continue;
      masks.push(c.gfp);
      if (c.result !== 0) got.push(c.result);
    } else if (c.cls === 'element') {
      gave.push(c.ptr);
    }
  }
  return { got, gave, failed, masks };
}

const list = (xs: readonly Elem[]): string => `[${xs.map(ptrText).join(', ')}]`;

/** Elements it got and did not give back; or why it gave back something it never got. */
function kept(what: string, ec: ElementCalls, from: string): Elem[] | Inconsistent {
  const strange = ec.gave.filter((e) => !ec.got.includes(e));
  if (strange.length > 0) {
    return inconsistent(`${what} gave ${list(strange)} to free_fn, which it did not get from alloc_fn ${from}`, 'free_fn only of elements it got itself', `free_fn(${list(strange)})`);
  }
  return ec.got.filter((e) => !ec.gave.includes(e));
}

/** Permission bits by name (not as a GFP class: __GFP_WAIT alone would print as GFP_NOIO). */
const bitNames = (mask: number): string =>
  [
    [__GFP_WAIT, '__GFP_WAIT'],
    [__GFP_IO, '__GFP_IO'],
    [__GFP_FS, '__GFP_FS'],
  ]
    .filter(([bit]) => (mask & (bit as number)) !== 0)
    .map(([, name]) => name)
    .join('|') || 'none of __GFP_WAIT, __GFP_IO, __GFP_FS';

function permitted(what: string, ec: ElementCalls, allowed: number): Inconsistent | null {
  const bad = ec.masks.find((m) => (m & PERMISSIONS & ~allowed) !== 0);
  if (bad === undefined) return null;
  return inconsistent(
    `${what} called alloc_fn with ${gfpText(bad)}, which allows ${bitNames(bad & ~allowed)} the caller did not (a pool may not sleep or do I/O where its caller may not)`,
    `alloc_fn(with at most ${bitNames(allowed)})`,
    `alloc_fn(${gfpText(bad)})`,
  );
}

const neither = (what: string, outcome: Outcome, kinds: readonly Outcome['kind'][]): Inconsistent | null =>
  kinds.includes(outcome.kind) ? inconsistent(`${what} never ${outcome.kind === 'bug' ? 'hits a BUG' : 'blocks'}`, 'returns', outcomeText(outcome)) : null;

export function planContract(obs: Observation): ContractPlanned | Inconsistent {
  const { op, calls, outcome } = obs;
  switch (op.op) {
    case 'create':
      return planCreate(op.min_nr, calls, outcome, op.gfp);
    case 'alloc':
      return planAlloc(op.gfp, calls, outcome);
    case 'free':
      return planFree(op.element, calls, outcome, op.readable);
    case 'resize':
      return planResize(op.n, calls, outcome, obs.minSet === true);
    case 'destroy':
      return planDestroy(calls, outcome);
    default: {
      const never: never = op;
      throw new Error(`unknown operation ${JSON.stringify(never)}`);
    }
  }
}

function planCreate(min_nr: number, calls: readonly AllocatorCall[], outcome: Outcome, gfp?: number): ContractPlanned | Inconsistent {
  const what = gfp === undefined ? `mempool_create(${min_nr})` : `mempool_create_node(${min_nr}, ${gfpText(gfp)})`;
  const bad = neither(what, outcome, ['bug', 'blocked']);
  if (bad) return bad;
  if (outcome.kind === 'pending') return planned([]);
  const ec = elementCalls(calls, true);
  const reserve = kept(what, ec, 'while creating');
  if (isInconsistent(reserve)) return reserve;
  const perm = permitted(what, ec, gfp ?? GFP_KERNEL);
  if (perm) return perm;
  if (outcome.kind === 'returned' && outcome.value === 0) {
    if (!ec.failed) return inconsistent(`${what} returns NULL only when an allocation failed`, 'a pool', 'NULL with every allocation successful');
    if (reserve.length > 0) return inconsistent(`${what} returned NULL but kept ${list(reserve)} from alloc_fn: leaked`, `free_fn(${list(reserve)})`, 'no free_fn');
    return planned([{ kind: 'create-failed' }]);
  }
  const slots = slotsOf('contract', min_nr);
  if (reserve.length < min_nr || reserve.length > slots) {
    const want = slots === min_nr ? `${min_nr}` : `${min_nr} to ${slots}`;
    return inconsistent(`${what} returns a pool whose reserve holds ${want} element(s) from alloc_fn`, `${want} element(s)`, `${reserve.length}: ${list(reserve)}`);
  }
  return planned([{ kind: 'create', min_nr, elements: reserve }]);
}

function planAlloc(gfp: number, calls: readonly AllocatorCall[], outcome: Outcome): ContractPlanned | Inconsistent {
  const what = `mempool_alloc(${gfpText(gfp)})`;
  const bad = neither(what, outcome, ['bug']);
  if (bad) return bad;
  const ec = elementCalls(calls, false);
  const perm = permitted(what, ec, gfp);
  if (perm) return perm;
  const keep = kept(what, ec, 'in this call');
  if (isInconsistent(keep)) return keep;
  const waits = (gfp & __GFP_WAIT) !== 0;
  if (outcome.kind === 'pending') {
    // Cut off: it may have found the reserve empty, taken an element, or refilled with what it got.
    return planned([], [[], [{ kind: 'saw-empty' }], [{ kind: 'take-any' }], ...keep.map((e): ContractStep[] => [{ kind: 'add', element: e }])]);
  }
  const value = outcome.kind === 'returned' ? outcome.value : 0;
  const adds = (except: Elem): ContractStep[] => keep.filter((e) => e !== except).map((e) => ({ kind: 'add', element: e }));
  if (value !== 0) {
    if (ec.gave.includes(value)) return inconsistent(`${what} returned ${ptrText(value)}, which it gave to free_fn`, 'an element it still owns', `returned ${ptrText(value)}`);
    if (keep.includes(value)) return planned([...adds(value), { kind: 'fresh', element: value }]);
    if (!ec.failed) {
      return inconsistent(
        `${what} returned ${ptrText(value)} from the reserve without alloc_fn failing first (mempool_alloc dips into the reserve only when alloc_fn fails)`,
        'a failed alloc_fn call before taking from the reserve',
        ec.masks.length === 0 ? 'no alloc_fn call' : `alloc_fn returned ${list(ec.got)}`,
      );
    }
    return planned([...adds(0), { kind: 'take', element: value }]);
  }
  if (keep.length > 0) return inconsistent(`${what} got ${list(keep)} from alloc_fn but ${outcomeText(outcome)}: leaked`, 'the element returned', outcomeText(outcome));
  if (outcome.kind === 'returned' && waits) {
    return inconsistent(`${what} carries __GFP_WAIT and never returns NULL: it waits for an element`, 'an element (or asleep)', 'returned NULL');
  }
  if (outcome.kind === 'blocked' && !waits) {
    return inconsistent(`${what} has no __GFP_WAIT and must not sleep: it returns NULL`, 'returned NULL', outcomeText(outcome));
  }
  if (!ec.failed) {
    return inconsistent(`${what} ${outcome.kind === 'blocked' ? 'sleeps' : 'returns NULL'} only after alloc_fn failed`, 'a failed alloc_fn call', ec.masks.length === 0 ? 'no alloc_fn call' : 'every alloc_fn call succeeded');
  }
  return planned([{ kind: 'saw-empty' }]);
}

function planFree(element: Elem, calls: readonly AllocatorCall[], outcome: Outcome, readable?: Readable): ContractPlanned | Inconsistent {
  const what = `mempool_free(${ptrText(element)})`;
  const bad = neither(what, outcome, ['bug', 'blocked']);
  if (bad) return bad;
  const ec = elementCalls(calls, false);
  if (ec.masks.length > 0) return inconsistent(`${what} allocates no element`, 'no alloc_fn call', `alloc_fn returned ${list(ec.got)}`);
  const others = ec.gave.filter((e) => e !== element);
  if (others.length > 0 || ec.gave.length > 1 || (element === 0 && ec.gave.length > 0)) {
    return inconsistent(`${what} gives at most its own element to free_fn, once`, element === 0 ? 'nothing (freeing NULL does nothing)' : `free_fn(${ptrText(element)}) or nothing`, `free_fn(${list(ec.gave)})`);
  }
  if (element === 0) return planned([]);
  const push: ContractStep = { kind: 'push', element };
  if (ec.gave.length === 0) return outcome.kind === 'pending' ? planned([], [[], [push]]) : planned([push]);
  return planned([readable === undefined ? { kind: 'free-test', element } : { kind: 'free-test', element, readable }, { kind: 'release', element }]);
}

/** `minSet`: the online check has already placed the set-min (Observation.minSet); the plan leaves it out. */
function planResize(n: number, calls: readonly AllocatorCall[], outcome: Outcome, minSet: boolean): ContractPlanned | Inconsistent {
  const what = `mempool_resize(${n})`;
  const ec = elementCalls(calls, false);
  if (n <= 0) {
    // The caller's bug: the pool may BUG (v4.1 L132) or refuse, but not change.
    const returnedError = outcome.kind === 'returned' && outcome.value !== 0;
    if (ec.masks.length === 0 && ec.gave.length === 0 && (outcome.kind === 'bug' || outcome.kind === 'pending' || returnedError)) return planned([]);
    return inconsistent(`${what}: a minimum <= 0 is refused (a BUG or an error) with nothing changed`, 'BUG or an error return, no element call', `${outcomeText(outcome)}, ${calls.length} allocator call(s)`);
  }
  if (outcome.kind === 'bug' || outcome.kind === 'blocked') return inconsistent(`${what} with n > 0 neither hits a BUG nor blocks`, 'returns', outcomeText(outcome));
  const fresh = ec.gave.filter((e) => ec.got.includes(e));
  const dropped = ec.gave.filter((e) => !ec.got.includes(e));
  const keep = ec.got.filter((e) => !fresh.includes(e));
  const perm = permitted(what, ec, GFP_KERNEL);
  if (perm) return perm;
  const drops = dropped.map((e): ContractStep => ({ kind: 'drop', element: e, n }));
  const adds = keep.map((e): ContractStep => ({ kind: 'add', element: e }));
  if (minSet) return planAfterSetMin(what, drops, adds, outcome);
  const set: ContractStep = { kind: 'set-min', n };
  if (outcome.kind === 'pending') return planned(drops, pendingResizeTails(n, set, adds));
  if (outcome.value !== 0) {
    if (drops.length > 0 || adds.length > 0) {
      return inconsistent(`${what} returned ${outcome.value} (an error) but changed the reserve`, 'an error leaves the pool as it was', `free_fn(${list(dropped)}), kept ${list(keep)}`);
    }
    return planned([]);
  }
  return planned([...drops, set, ...adds]);
}

/** A resize whose set-min is placed: what is left is adding the refills (a prefix of them, while it runs). */
function planAfterSetMin(what: string, drops: readonly ContractStep[], adds: readonly ContractStep[], outcome: Outcome & { kind: 'returned' | 'pending' }): ContractPlanned | Inconsistent {
  if (drops.length > 0) return inconsistent(`${what} handed reserve elements to free_fn after setting the minimum`, 'surplus elements freed before the minimum is set', `free_fn(${list(drops.map((d) => (d.kind === 'drop' ? d.element : 0)))})`);
  if (outcome.kind === 'pending') return planned([], adds.map((_, j) => adds.slice(0, j + 1)).concat([[]]));
  if (outcome.value !== 0) return inconsistent(`${what} returned ${outcome.value} (an error) after setting the minimum`, 'an error leaves the pool as it was', `returned ${outcome.value}`);
  return planned(adds);
}

/**
 * Elements a cut-off shrink may have taken out of its reserve before handing any of them to its
 * allocator. The seed takes one at a time (L138-140); another design may take several. Each alternative
 * is tried only when the history is not explained without it, and drops beyond the reserve's excess over
 * the new minimum are refused, so the cap matters only for a shrink that holds more than this many.
 */
export const MAX_UNTRACED_DROPS = 4;

/**
 * What a cut-off resize may have done since its last observed call: taken up to MAX_UNTRACED_DROPS
 * elements out, or set the minimum and added a prefix of the elements it got (a refill in progress).
 */
function pendingResizeTails(n: number, set: ContractStep, adds: readonly ContractStep[]): ContractStep[][] {
  const tails: ContractStep[][] = [[]];
  const dropAny: ContractStep = { kind: 'drop-any', n };
  for (let k = 1; k <= MAX_UNTRACED_DROPS; k++) tails.push(Array.from({ length: k }, () => dropAny));
  for (let j = 0; j <= adds.length; j++) tails.push([set, ...adds.slice(0, j)]);
  return tails;
}

function planDestroy(calls: readonly AllocatorCall[], outcome: Outcome): ContractPlanned | Inconsistent {
  const what = 'mempool_destroy';
  const bad = neither(what, outcome, ['bug', 'blocked']);
  if (bad) return bad;
  const ec = elementCalls(calls, false);
  if (ec.masks.length > 0) return inconsistent(`${what} allocates no element`, 'no alloc_fn call', `alloc_fn returned ${list(ec.got)}`);
  if (outcome.kind === 'pending') return planned([]);
  return planned([{ kind: 'destroy', freed: ec.gave }]);
}

/** The contract's steps of an observation; for a pending operation, those it certainly took. */
export function contractPlan(obs: Observation): readonly ContractStep[] | Inconsistent {
  const p = planContract(obs);
  return isInconsistent(p) ? p : p.steps;
}

export function contractPendingTails(obs: Observation): readonly (readonly ContractStep[])[] | Inconsistent {
  const p = planContract(obs);
  if (isInconsistent(p)) return p;
  return obs.outcome.kind === 'pending' ? p.tails : [[]];
}
