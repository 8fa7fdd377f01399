/**
 * The pool state machine: whether a step is allowed in a state, and the state it leaves. Pure and
 * allocation-light (the linearizability search calls it in its inner loop): a plain `switch`, and a
 * refusal's sentence written only when read.
 */
import { ptrText } from './gfp.ts';
import { slotsOf, type Refinement } from './profile.ts';
import { describeStep, type Step } from './steps.ts';
import { inconsistent, inconsistentLazily, type Elem, type Inconsistent, type ModelState } from './types.ts';
import { settle, shortCondition, widenTests, withoutTest } from './unlocked-test.ts';

const NO_POOL: ModelState = { exists: false, min_nr: 0, reserve: [], tests: [] };

/** The state before anything happened (no pool), or a pool that already exists (a scenario's setup). */
export function initialState(pool?: { readonly min_nr: number; readonly reserve: readonly Elem[] }): ModelState {
  return pool === undefined ? NO_POOL : { exists: true, min_nr: pool.min_nr, reserve: [...pool.reserve], tests: [] };
}

/** A string that is equal for equal states (for memoisation). */
export function stateKey(s: ModelState): string {
  if (!s.exists) return '-';
  let key = `${s.min_nr}|${s.reserve.join(',')}`;
  for (const t of s.tests) key += `|${t.element}:${t.curr_nr}/${t.min_nr}`;
  return key;
}

export const currNr = (s: ModelState): number => s.reserve.length;

const reserveText = (r: readonly Elem[]): string => `[${r.map(ptrText).join(', ')}]`;

/** A step's precondition failed: name the step, the condition and the state it met. */
function refuse(step: Step, s: ModelState, condition: string, line: string): Inconsistent {
  return inconsistentLazily(() => ({
    reason: `${describeStep(step)} needs ${condition} (${line}), but min_nr is ${s.min_nr} and the reserve holds ${s.reserve.length}: ${reserveText(s.reserve)}`,
    expected: condition,
    actual: `min_nr ${s.min_nr}, curr_nr ${s.reserve.length}`,
  }));
}

/** The L167 loop condition after a step: `more` says whether the observation shows another pass. */
function loopCheck(step: Step, s: ModelState, more: boolean): ModelState | Inconsistent {
  const loops = s.reserve.length < s.min_nr;
  if (loops === more) return s;
  return refuse(step, s, more ? 'curr_nr < min_nr afterwards (another refill pass)' : 'curr_nr >= min_nr afterwards (the refill loop ends)', 'L167');
}

function top(s: ModelState, step: Step, element: Elem): Inconsistent | null {
  const t = s.reserve[s.reserve.length - 1];
  if (t === undefined) return refuse(step, s, 'curr_nr > 0', 'L27');
  if (t !== element) {
    return inconsistentLazily(() => ({
      reason: `${describeStep(step)}: remove_element takes the top of the reserve, which is ${ptrText(t)}, not ${ptrText(element)} (L28); reserve ${reserveText(s.reserve)}`,
      expected: ptrText(t),
      actual: ptrText(element),
    }));
  }
  return null;
}

const popped = (s: ModelState): ModelState => ({ ...s, reserve: s.reserve.slice(0, -1) });
const pushed = (s: ModelState, e: Elem): ModelState => ({ ...s, reserve: [...s.reserve, e] });

/** The state after `step` under v4.1 (the seed), or why the step cannot happen in `s`. */
export function apply(s: ModelState, step: Step): ModelState | Inconsistent {
  return applyIn('v4.1', s, step);
}

/** The state after `step` under a refinement profile, or why the step cannot happen in `s`. */
export function applyIn(version: Refinement, s: ModelState, step: Step): ModelState | Inconsistent {
  const next = effect(version, s, step);
  return next === s || 'inconsistent' in next || next.tests.length === 0 ? next : widen(next);
}

/** `apply` of one refinement, as a function value (the linearizability search's model). */
export const applyFor = (version: Refinement): ((s: ModelState, step: Step) => ModelState | Inconsistent) =>
  version === 'v4.1' ? apply : (s, step) => applyIn(version, s, step);

/** Unlocked tests under way see the new state: the largest curr_nr, the smallest min_nr since they began. */
function widen(s: ModelState): ModelState {
  const tests = widenTests(s.tests, s.reserve.length, s.min_nr);
  return tests === null ? s : { ...s, tests };
}

function effect(version: Refinement, s: ModelState, step: Step): ModelState | Inconsistent {
  if (step.kind === 'create' || step.kind === 'create-failed') {
    if (s.exists) return inconsistent(`${describeStep(step)}: the model holds one pool, and it already exists`);
    return step.kind === 'create' ? { exists: true, min_nr: step.min_nr, reserve: [...step.elements], tests: [] } : s;
  }
  if (!s.exists) return inconsistent(`${describeStep(step)} on a pool that does not exist (never created, or destroyed)`);
  const n = s.reserve.length;
  switch (step.kind) {
    case 'fresh':
      if (s.reserve.includes(step.element)) {
        return inconsistent(`alloc_fn returned ${ptrText(step.element)}, which sits in the reserve: one element in two places`);
      }
      return s;
    case 'saw-empty':
      return n === 0 ? s : refuse(step, s, 'curr_nr == 0 (otherwise the pass takes an element)', 'L223');
    case 'pop':
      return top(s, step, step.element) ?? popped(s);
    case 'pop-any':
      return n > 0 ? popped(s) : refuse(step, s, 'curr_nr > 0', 'L223');
    case 'push':
      if (n < slotsOf(version, s.min_nr)) return pushed(s, step.element);
      return version === 'v4.1'
        ? refuse(step, s, 'curr_nr < min_nr (otherwise free_fn gets it)', 'L317-319')
        : refuse(step, s, 'curr_nr < min_nr, or curr_nr == 0 in a zero-minimum pool (otherwise free_fn gets it)', 'L317-319; v6.17 L563-567');
    case 'free-test':
      // Under weak memory the test may also read older stores (ModelOp free, `readable`).
      return { ...s, tests: [...s.tests, { element: step.element, curr_nr: Math.max(n, step.readable?.curr_nr ?? n), min_nr: Math.min(s.min_nr, step.readable?.min_nr ?? s.min_nr) }] };
    case 'release':
      return release(version, s, step);
    case 'shrink-pop':
      if (step.first && step.n > s.min_nr) return refuse(step, s, `n <= min_nr (a shrink)`, 'L136');
      if (!(step.n < n)) return refuse(step, s, `n < curr_nr (the shrink loop pops)`, 'L137');
      return top(s, step, step.element) ?? popped(s);
    case 'shrink-pop-any':
      if (step.first && step.n > s.min_nr) return refuse(step, s, `n <= min_nr (a shrink)`, 'L136');
      return step.n < n ? popped(s) : refuse(step, s, `n < curr_nr (the shrink loop pops)`, 'L137');
    case 'shrink-set':
      if (step.first && step.n > s.min_nr) return refuse(step, s, `n <= min_nr (a shrink)`, 'L136');
      if (n > step.n) return refuse(step, s, `curr_nr <= n (the shrink loop has ended)`, 'L137');
      return { ...s, min_nr: step.n };
    case 'grow-decide':
      return step.n > s.min_nr ? s : refuse(step, s, 'n > min_nr (a grow)', 'L136');
    case 'grow-raced':
      return step.n <= s.min_nr ? s : refuse(step, s, 'n <= min_nr (another resize got there first)', 'L155');
    case 'grow-set':
      if (step.n <= s.min_nr) return refuse(step, s, 'n > min_nr (nobody raced this grow)', 'L155');
      return loopCheck(step, { ...s, min_nr: step.n }, step.more);
    case 'refill-add':
      if (n >= s.min_nr) return refuse(step, s, 'curr_nr < min_nr (the refilled element fits)', 'L173');
      return loopCheck(step, pushed(s, step.element), step.more);
    case 'refill-raced':
      return n >= s.min_nr ? s : refuse(step, s, 'curr_nr >= min_nr (a free filled the pool meanwhile)', 'L173');
    case 'destroy':
      return destroy(s, step);
    default: {
      const never: never = step;
      throw new Error(`unknown step ${JSON.stringify(never)}`);
    }
  }
}

/** free_fn gets the element when the unlocked test could have read "full" (unlocked-test.ts); the test is settled. */
function release(version: Refinement, s: ModelState, step: Extract<Step, { kind: 'release' }>): ModelState | Inconsistent {
  const n = s.reserve.length;
  if (version === 'v6.17') {
    const refused = zeroMinKeeps(s, step);
    if (refused !== null) return refused;
  }
  const settled = settle(s.tests, step.element, n, s.min_nr);
  if (settled.kind === 'test') return { ...s, tests: withoutTest(s.tests, settled.index) };
  if (settled.kind === 'now') return s;
  return refuse(step, s, shortCondition(settled.test, n, s.min_nr), 'L317-319');
}

/**
 * v6.17 only: the zero-minimum test (v6.17 L563-566: `min_nr == 0 && READ_ONCE(curr_nr) == 0`, then
 * `curr_nr == 0` under the lock) must have been false for free_fn to get the element: min_nr read non-zero
 * or curr_nr read non-zero, at some instant since the free's unlocked test began. min_nr never returns to
 * 0 once it is not (resize BUGs on n <= 0, L132), so "non-zero at some instant since" is "non-zero now";
 * the test record keeps the largest curr_nr since.
 */
function zeroMinKeeps(s: ModelState, step: Extract<Step, { kind: 'release' }>): Inconsistent | null {
  if (s.min_nr !== 0) return null;
  const n = s.reserve.length;
  let largest = n;
  for (const t of s.tests) if (t.element === step.element && t.curr_nr > largest) largest = t.curr_nr;
  if (largest > 0) return null;
  return refuse(step, s, 'curr_nr > 0 or min_nr > 0 (an empty zero-minimum pool takes the element back and wakes its waiters)', 'v6.17 L563-571');
}

function destroy(s: ModelState, step: Extract<Step, { kind: 'destroy' }>): ModelState | Inconsistent {
  const expected = [...s.reserve].reverse();
  const same = expected.length === step.freed.length && expected.every((e, i) => step.freed[i] === e);
  if (!same) {
    return inconsistent(
      `mempool_destroy must hand every reserve element to free_fn, top first (L41-43); the reserve held ${s.reserve.length}, free_fn got ${step.freed.length}`,
      `free_fn(${reserveText(expected)})`,
      `free_fn(${reserveText(step.freed)})`,
    );
  }
  return NO_POOL;
}
