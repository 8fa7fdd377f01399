/**
 * The contract's pool state machine. The reserve is a set (kept sorted, so equal pools have equal
 * keys); `unknownTaken` counts elements a cut-off alloc or shrink may have taken without saying which, so that
 * the pool's size stays exact while its contents are over-approximated (never a false refusal).
 *
 * The bound on the reserve is the contract's: a pool holds at most max(1, min_nr) elements
 * (profile.ts `slotsOf`): it never hoards beyond its minimum, except that a zero-minimum pool may keep
 * the one element a waiter needs (what v6.17 does).
 */
import { ptrText } from '../gfp.ts';
import { slotsOf } from '../profile.ts';
import { inconsistent, inconsistentLazily, type Elem, type Inconsistent, type ModelState } from '../types.ts';
import { settle, shortCondition, widenTests, withoutTest } from '../unlocked-test.ts';
import { describeContractStep, type ContractStep } from './steps.ts';

export interface ContractState extends ModelState {
  /** Elements a cut-off alloc may have taken from `reserve` (which ones is unknown). */
  readonly unknownTaken: number;
}

const NO_POOL: ContractState = { exists: false, min_nr: 0, reserve: [], tests: [], unknownTaken: 0 };

const sorted = (xs: readonly Elem[]): Elem[] => [...xs].sort((a, b) => a - b);

export function contractInitialState(pool?: { readonly min_nr: number; readonly reserve: readonly Elem[] }): ContractState {
  return pool === undefined ? NO_POOL : { exists: true, min_nr: pool.min_nr, reserve: sorted(pool.reserve), tests: [], unknownTaken: 0 };
}

export function contractStateKey(s: ContractState): string {
  if (!s.exists) return '-';
  let key = `${s.min_nr}|${s.reserve.join(',')}|${s.unknownTaken}`;
  for (const t of s.tests) key += `|${t.element}:${t.curr_nr}/${t.min_nr}`;
  return key;
}

/** How many elements the reserve holds (curr_nr). */
export const sizeOf = (s: ContractState): number => s.reserve.length - s.unknownTaken;

const text = (s: ContractState): string =>
  `min_nr is ${s.min_nr} and the reserve holds ${sizeOf(s)}: [${s.reserve.map(ptrText).join(', ')}]${s.unknownTaken > 0 ? ` less ${s.unknownTaken} taken by a cut-off alloc` : ''}`;

function refuse(step: ContractStep, s: ContractState, condition: string): Inconsistent {
  return inconsistentLazily(() => ({
    reason: `${describeContractStep(step)} needs ${condition}, but ${text(s)}`,
    expected: condition,
    actual: `min_nr ${s.min_nr}, curr_nr ${sizeOf(s)}`,
  }));
}

const has = (s: ContractState, e: Elem): boolean => s.reserve.includes(e);
const without = (s: ContractState, e: Elem): ContractState => ({ ...s, reserve: s.reserve.filter((x) => x !== e) });
const withElement = (s: ContractState, e: Elem): ContractState => ({ ...s, reserve: sorted([...s.reserve, e]) });

function room(step: ContractStep & { readonly element: Elem }, s: ContractState): ContractState | Inconsistent {
  if (has(s, step.element)) return refuse(step, s, `${ptrText(step.element)} not already in the reserve (one element in two places)`);
  const slots = slotsOf('contract', s.min_nr);
  if (sizeOf(s) >= slots) return refuse(step, s, `curr_nr < ${s.min_nr === 0 ? 'max(1, min_nr)' : 'min_nr'} (a pool keeps no more than it guarantees)`);
  return withElement(s, step.element);
}

export function contractApply(s: ContractState, step: ContractStep): ContractState | Inconsistent {
  const next = effect(s, step);
  if (next === s || 'inconsistent' in next || next.tests.length === 0) return next;
  const tests = widenTests(next.tests, sizeOf(next), next.min_nr);
  return tests === null ? next : { ...next, tests };
}

function effect(s: ContractState, step: ContractStep): ContractState | Inconsistent {
  if (step.kind === 'create' || step.kind === 'create-failed') {
    if (s.exists) return inconsistent(`${describeContractStep(step)}: the model holds one pool, and it already exists`);
    return step.kind === 'create' ? contractInitialState({ min_nr: step.min_nr, reserve: step.elements }) : s;
  }
  if (!s.exists) return inconsistent(`${describeContractStep(step)} on a pool that does not exist (never created, or destroyed)`);
  const n = sizeOf(s);
  switch (step.kind) {
    case 'fresh':
      return has(s, step.element) ? inconsistent(`alloc_fn returned ${ptrText(step.element)}, which sits in the reserve: one element in two places`) : s;
    case 'take':
      return has(s, step.element) && n > 0 ? without(s, step.element) : refuse(step, s, `${ptrText(step.element)} in the reserve`);
    case 'take-any':
      return n > 0 ? { ...s, unknownTaken: s.unknownTaken + 1 } : refuse(step, s, 'curr_nr > 0');
    case 'saw-empty':
      return n === 0 ? s : refuse(step, s, 'curr_nr == 0 (with an element in the reserve, alloc takes it instead of failing or sleeping)');
    case 'push':
    case 'add':
      return room(step, s);
    case 'free-test':
      // Under weak memory the test may also read older stores (ModelOp free, `readable`).
      return { ...s, tests: [...s.tests, { element: step.element, curr_nr: Math.max(n, step.readable?.curr_nr ?? n), min_nr: Math.min(s.min_nr, step.readable?.min_nr ?? s.min_nr) }] };
    case 'release': {
      const settled = settle(s.tests, step.element, n, s.min_nr);
      if (settled.kind === 'test') return { ...s, tests: withoutTest(s.tests, settled.index) };
      if (settled.kind === 'now') return s;
      return refuse(step, s, `${shortCondition(settled.test, n, s.min_nr)} (the reserve guarantee, L300-316)`);
    }
    case 'drop':
      if (!has(s, step.element)) return refuse(step, s, `${ptrText(step.element)} in the reserve`);
      return n > step.n ? without(s, step.element) : refuse(step, s, `curr_nr > ${step.n} (a shrink frees only what the new minimum does not need)`);
    case 'drop-any':
      return n > step.n ? { ...s, unknownTaken: s.unknownTaken + 1 } : refuse(step, s, `curr_nr > ${step.n} (a shrink frees only what the new minimum does not need)`);
    case 'set-min':
      return n <= slotsOf('contract', step.n) ? { ...s, min_nr: step.n } : refuse(step, s, `curr_nr <= ${step.n} (a shrink first frees what the new minimum does not need)`);
    case 'destroy':
      return destroy(s, step);
    default: {
      const never: never = step;
      throw new Error(`unknown contract step ${JSON.stringify(never)}`);
    }
  }
}

/** destroy frees the reserve, every element of it once, in any order. */
function destroy(s: ContractState, step: Extract<ContractStep, { kind: 'destroy' }>): ContractState | Inconsistent {
  const freed = sorted(step.freed);
  const unique = freed.every((e, i) => i === 0 || freed[i - 1] !== e);
  const fromReserve = freed.every((e) => has(s, e));
  if (unique && fromReserve && freed.length === sizeOf(s)) return NO_POOL;
  const list = (xs: readonly Elem[]): string => `[${xs.map(ptrText).join(', ')}]`;
  return inconsistent(
    `mempool_destroy must give every reserve element back to its allocator, once each; the reserve held ${sizeOf(s)}, free_fn got ${step.freed.length}`,
    `free_fn of each of ${list(s.reserve)}${s.unknownTaken > 0 ? ` but ${s.unknownTaken}` : ''}`,
    `free_fn(${list(step.freed)})`,
  );
}
