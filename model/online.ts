/**
 * What a linearizability check that reads the history as it happens needs beyond plan/apply
 * (properties/lin/online.ts), for the refinements (the seed's critical sections). Such a check keeps,
 * for each operation in flight, only a bounded summary of what it observed (`trim`), takes at most one
 * unobserved step per operation ahead of the call that will show it (a pending tail, `concretize`d in
 * the state it is taken in), and later holds that guess against the step the plan then certifies
 * (`confirm`). A free's unlocked test is taken at its invocation before the free shows whether it tests
 * at all (`invocationSteps`), and undone if it then pushes (`retract`). Where a pending tail is several
 * steps long (the contract's, model/contract/online.ts), a step every configuration has taken is
 * written into the observation (`commit`), so that what the check remembers stays bounded.
 */
import type { Step } from './steps.ts';
import type { AllocatorCall, Elem, Inconsistent, ModelOp, ModelState, Observation, Readable } from './types.ts';

export interface OnlineSupport<S, St> {
  /**
   * The same operation with fewer calls: its plan, extended by any further calls, certifies the same
   * new steps and pending tails as the full observation's, and ends with the steps the newest call
   * certified. Bounds what an operation in flight costs to remember (a resize in the
   * grow/shrink ping-pong calls its allocator forever).
   */
  trim(obs: Observation): Observation;
  /** Steps taken at the invocation, provisionally: the plan later confirms them or they are retracted. */
  invocationSteps(op: ModelOp): readonly St[];
  /**
   * Single steps an operation in flight may already have taken beyond its pending tails: steps that
   * its plan certifies only at its next call but the C takes before that call, at an instant that
   * matters. mempool_free decides to release at its unlocked test (L317), while the reserve looked
   * full, and calls free_fn (L327) only afterwards, when it may no longer look full.
   */
  guesses(obs: Observation): readonly St[];
  /** `s` without a provisional invocation step's effect (a free that pushed never needed its test record). */
  retract(s: S, step: St): S;
  /**
   * Whether taking `step` shows that its operation's invocation steps never happened (a free that
   * pushes tested nothing that matters): they are retracted as it is taken, so that what they left in
   * the state (a test record of the element) cannot be taken for another operation's.
   */
  retractsInvocationSteps(step: St): boolean;
  /** The step exactly as it happens in `s`: "pop whatever is on top" becomes a pop of that element. */
  concretize(s: S, step: St): St;
  /** Whether `taken` (a guess, or a provisional step) is the certified `actual`, up to fields the guess could not know. */
  same(taken: St, actual: St): boolean;
  /**
   * `s` once `taken` turned out to be `actual` (`same`): fields the guess could not know are filled in
   * (what a free's test could read under weak memory widens its record; which element an anonymous
   * take or drop was), or refused when the state rules `actual` out.
   */
  confirm(s: S, taken: St, actual: St): S | Inconsistent;
  /**
   * The observation once every configuration has taken `step`, the first step of one of its pending
   * tails: its plan and tails no longer contain it (it is part of the past). Null when the model
   * cannot write it so (then the check keeps it as a guess). A tail several steps long that never
   * ends (a grow's refill in the ping-pong adds forever) stays bounded only this way.
   */
  commit?(obs: Observation, step: St): Observation | null;
  /** Text of a state, a step and an observation, every pointer written by `name` (a canonical renaming). */
  stateText(s: S, name: (p: Elem) => string): string;
  stepText(step: St, name: (p: Elem) => string): string;
  observationText(obs: Observation, name: (p: Elem) => string): string;
}

/**
 * Pointers a trimmed observation keeps only for its shape (the plan compares them with nothing later):
 * written as these, so that the summary does not name blocks freed long ago (which the world's
 * fingerprint no longer names, so their addresses would make the state space unbounded).
 */
const SHAPE_ONLY = [1, 2] as const;

/** The first `head` calls (their pointers replaced by `SHAPE_ONLY`) and the last `tail`, when that drops any. */
function keep(calls: readonly AllocatorCall[], head: number, tail: number): readonly AllocatorCall[] {
  if (calls.length <= head + tail) return calls;
  const first = calls.slice(0, head).map((c, i): AllocatorCall => {
    const p = SHAPE_ONLY[i] ?? 1;
    return c.call === 'alloc' ? { ...c, result: c.result === 0 ? 0 : p } : { ...c, ptr: p };
  });
  return [...first, ...calls.slice(calls.length - tail)];
}

/**
 * Which calls the seed's plans look back at: mempool_alloc's first pass (its mask differs) and the
 * last two (one failed pass certified, and the one under way); a shrink's first pop (it made the L136
 * decision) and the last; a grow's kmalloc_array and kfree of the old array, then the last two calls
 * of the refill loop (a refill-add certified, and the call under way). Creation and destruction make
 * boundedly many calls. A configuration leaves untaken only steps the newest event certified, so the
 * trimmed plan must end with those: one, or for an alloc_fn call that succeeds after a failed pass,
 * that pass's saw-empty and the fresh element.
 */
function trimRefinement(obs: Observation): Observation {
  const { op, calls } = obs;
  let kept = calls;
  if (op.op === 'alloc') kept = keep(calls, 1, 2);
  else if (op.op === 'resize') {
    const first = calls[0];
    kept = first !== undefined && first.call === 'alloc' && first.cls === 'meta' ? keep(calls, 2, 2) : keep(calls, 1, 1);
  }
  return kept === calls ? obs : { ...obs, calls: kept };
}

const sameElements = (a: readonly Elem[], b: readonly Elem[]): boolean => a.length === b.length && a.every((e, i) => b[i] === e);

/** Whether two steps are the same step; a grow-set guessed before its kfree showed the old array matches whatever array it was. */
function sameStep(a: Step, b: Step): boolean {
  switch (a.kind) {
    case 'grow-set':
      return b.kind === 'grow-set' && a.n === b.n && a.more === b.more && a.newElements === b.newElements && (a.oldElements === 0 || a.oldElements === b.oldElements);
    case 'create':
      return b.kind === 'create' && a.min_nr === b.min_nr && sameElements(a.elements, b.elements);
    case 'destroy':
      return b.kind === 'destroy' && sameElements(a.freed, b.freed) && a.elements === b.elements && a.pool === b.pool;
    case 'free-test':
      return b.kind === 'free-test' && a.element === b.element;
    default:
      return sameFields(a, b);
  }
}

/** Every field equal (the remaining steps hold numbers, flags and strings only). */
function sameFields(a: Step, b: Step): boolean {
  const x = a as unknown as Readonly<Record<string, unknown>>;
  const y = b as unknown as Readonly<Record<string, unknown>>;
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => x[k] === y[k]);
}

/**
 * A free's test record, kept up to date since its invocation, widened by the older stores its test
 * could read (known only once the free reached free_fn, under weak memory); every profile's.
 */
export function widenedTest<S extends ModelState>(s: S, element: Elem, readable: Readable | undefined): S {
  if (readable === undefined) return s;
  const i = s.tests.findIndex((t) => t.element === element);
  if (i < 0) return s;
  const t = s.tests[i] as ModelState['tests'][number];
  const widened = { element: t.element, curr_nr: Math.max(t.curr_nr, readable.curr_nr), min_nr: Math.min(t.min_nr, readable.min_nr) };
  return { ...s, tests: s.tests.map((x, k) => (k === i ? widened : x)) };
}

function confirmRefinement(s: ModelState, _taken: Step, actual: Step): ModelState {
  return actual.kind === 'free-test' ? widenedTest(s, actual.element, actual.readable) : s;
}

function concretizeRefinement(s: ModelState, step: Step): Step {
  const top = s.reserve[s.reserve.length - 1];
  if (top === undefined) return step;
  if (step.kind === 'pop-any') return { kind: 'pop', element: top };
  if (step.kind === 'shrink-pop-any') return { kind: 'shrink-pop', n: step.n, first: step.first, element: top };
  return step;
}

/** `s` without the test record of a free of `element` (its provisional free-test retracted); every profile's. */
export function withoutTestOf<S extends ModelState>(s: S, element: Elem): S {
  const i = s.tests.findIndex((t) => t.element === element);
  return i < 0 ? s : { ...s, tests: [...s.tests.slice(0, i), ...s.tests.slice(i + 1)] };
}

const retractRefinement = (s: ModelState, step: Step): ModelState => (step.kind === 'free-test' ? withoutTestOf(s, step.element) : s);

export const list = (xs: readonly Elem[], name: (p: Elem) => string): string => xs.map(name).join(',');

/** A step as text, pointers through `name`; a plain switch (a stateful search writes these for every state). */
function stepTextRefinement(step: Step, name: (p: Elem) => string): string {
  switch (step.kind) {
    case 'create':
      return `create:${step.min_nr}:${list(step.elements, name)}`;
    case 'destroy':
      return `destroy:${list(step.freed, name)}:${name(step.elements)}:${name(step.pool)}`;
    case 'grow-set':
      return `grow-set:${step.n}:${step.more ? 1 : 0}:${name(step.oldElements)}:${name(step.newElements)}`;
    case 'free-test':
      return `free-test:${name(step.element)}${step.readable === undefined ? '' : `:${step.readable.curr_nr}/${step.readable.min_nr}`}`;
    case 'refill-add':
      return `refill-add:${name(step.element)}:${step.more ? 1 : 0}`;
    case 'shrink-pop':
      return `shrink-pop:${step.n}:${step.first ? 1 : 0}:${name(step.element)}`;
    case 'fresh':
    case 'pop':
    case 'push':
    case 'release':
    case 'refill-raced':
      return `${step.kind}:${name(step.element)}`;
    case 'saw-empty':
      return `saw-empty:${step.gfp}`;
    case 'shrink-set':
    case 'shrink-pop-any':
      return `${step.kind}:${step.n}:${step.first ? 1 : 0}`;
    case 'grow-decide':
    case 'grow-raced':
      return `${step.kind}:${step.n}`;
    case 'create-failed':
    case 'pop-any':
      return step.kind;
    default: {
      const never: never = step;
      throw new Error(`unknown step ${JSON.stringify(never)}`);
    }
  }
}

function callTextNamed(c: AllocatorCall, name: (p: Elem) => string): string {
  return c.call === 'alloc' ? `+${c.cls[0]}${c.gfp}=${name(c.result)}` : `-${c.cls[0]}${name(c.ptr)}`;
}

/** An observation as text, pointers through `name`; every profile's. */
export function observationText(obs: Observation, name: (p: Elem) => string): string {
  const op = obs.op;
  let text: string;
  if (op.op === 'free') text = `free:${name(op.element)}${op.readable === undefined ? '' : `~${op.readable.curr_nr}/${op.readable.min_nr}`}`;
  else if (op.op === 'alloc') text = `alloc:${op.gfp}`;
  else if (op.op === 'resize') text = `resize:${op.n}`;
  else if (op.op === 'create') text = `create:${op.min_nr}:${op.gfp ?? ''}`;
  else text = 'destroy';
  if (obs.minSet === true) text += '!set';
  for (const c of obs.calls) text += callTextNamed(c, name);
  return text;
}

/** Test records as text (every profile's states hold them). */
export function testsText(s: ModelState, name: (p: Elem) => string): string {
  let text = '';
  for (const t of s.tests) text += `|${name(t.element)}:${t.curr_nr}/${t.min_nr}`;
  return text;
}

function stateTextRefinement(s: ModelState, name: (p: Elem) => string): string {
  return s.exists ? `${s.min_nr}|${list(s.reserve, name)}${testsText(s, name)}` : '-';
}

/** The refinements' support (v4.1 and v6.17 share their plans' shapes and their steps). */
export const refinementOnline: OnlineSupport<ModelState, Step> = {
  trim: trimRefinement,
  invocationSteps: (op) => (op.op === 'free' && op.element !== 0 ? [{ kind: 'free-test', element: op.element }] : []),
  guesses: (obs) => (obs.op.op === 'free' && obs.op.element !== 0 && obs.calls.length === 0 ? [{ kind: 'release', element: obs.op.element }] : []),
  retract: retractRefinement,
  retractsInvocationSteps: (step) => step.kind === 'push',
  concretize: concretizeRefinement,
  same: sameStep,
  confirm: confirmRefinement,
  stateText: stateTextRefinement,
  stepText: stepTextRefinement,
  observationText,
};
