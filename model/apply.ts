/**
 * The pool state machine: whether a step is allowed in a state, and the state it leaves. Pure and
 * allocation-light (the linearizability search calls it in its inner loop): a plain `switch`, and a
 * refusal's sentence written only when read.
 */
import { ptrText } from './gfp.ts';
import { describeStep, type Step } from './steps.ts';
import { inconsistent, inconsistentLazily, type Elem, type Inconsistent, type ModelState, type UnlockedTest } from './types.ts';

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

/** The state after `step`, or why the step cannot happen in `s`. */
export function apply(s: ModelState, step: Step): ModelState | Inconsistent {
  const next = effect(s, step);
  return next === s || 'inconsistent' in next || next.tests.length === 0 ? next : widen(next);
}

/** Unlocked tests under way see the new state: the largest curr_nr, the smallest min_nr since they began. */
function widen(s: ModelState): ModelState {
  const n = s.reserve.length;
  let tests: UnlockedTest[] | null = null;
  s.tests.forEach((t, i) => {
    if (t.curr_nr >= n && t.min_nr <= s.min_nr) return;
    tests ??= s.tests.slice();
    tests[i] = { element: t.element, curr_nr: Math.max(t.curr_nr, n), min_nr: Math.min(t.min_nr, s.min_nr) };
  });
  return tests === null ? s : { ...s, tests };
}

function effect(s: ModelState, step: Step): ModelState | Inconsistent {
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
      return n < s.min_nr ? pushed(s, step.element) : refuse(step, s, 'curr_nr < min_nr (otherwise free_fn gets it)', 'L317-319');
    case 'free-test':
      return { ...s, tests: [...s.tests, { element: step.element, curr_nr: n, min_nr: s.min_nr }] };
    case 'release':
      return release(s, step);
    case 'shrink-pop':
      if (step.first && step.n > s.min_nr) return refuse(step, s, `n <= min_nr (a shrink)`, 'L136');
      if (!(step.n < n)) return refuse(step, s, `n < curr_nr (the shrink loop pops)`, 'L137');
      return top(s, step, step.element) ?? popped(s);
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

/**
 * free_fn gets the element when `curr_nr < min_nr` was false: both fields read now (the locked re-check
 * L319), or one read now by the second load of L317 and the other at some instant since the free's
 * `free-test` (its largest curr_nr against min_nr now, or curr_nr now against its smallest min_nr).
 * The free's test is settled either way.
 */
function release(s: ModelState, step: Extract<Step, { kind: 'release' }>): ModelState | Inconsistent {
  const n = s.reserve.length;
  // A plain loop, not findIndex with closures: this runs in the linearizability search's inner loop.
  let i = -1;
  let test: UnlockedTest | undefined;
  for (let k = 0; k < s.tests.length && i < 0; k++) {
    const t = s.tests[k] as UnlockedTest;
    if (t.element !== step.element) continue;
    test ??= t;
    if (n >= s.min_nr || t.curr_nr >= s.min_nr || n >= t.min_nr) i = k;
  }
  if (i >= 0) return { ...s, tests: [...s.tests.slice(0, i), ...s.tests.slice(i + 1)] };
  if (n >= s.min_nr) return s;
  const condition =
    test === undefined || (test.curr_nr === n && test.min_nr === s.min_nr)
      ? 'curr_nr >= min_nr (otherwise the element refills the reserve)'
      : `curr_nr >= min_nr, both read now or one of them since its unlocked test began (largest curr_nr since ${test.curr_nr}, smallest min_nr since ${test.min_nr}) (otherwise the element refills the reserve)`;
  return refuse(step, s, condition, 'L317-319');
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
