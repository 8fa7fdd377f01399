/**
 * What the online linearizability check needs of the contract (see model/online.ts). The contract's
 * plans certify late: a resize's set-min and refill adds only at its return, a shrink's drop at the
 * free_fn call of the element it took out earlier. So its pending tails are several steps long (any
 * number of untraced drops; the set-min followed by a prefix of the adds), and the check guesses them
 * step by step. A grow that refills for as long as it runs (the seed's grow/shrink ping-pong) guesses
 * adds forever: once every configuration has taken the set-min, or the add of the element it got first,
 * the step is committed into the observation (`minSet`, and the element's alloc_fn call dropped), so
 * that what the check remembers stays bounded.
 *
 * A drop or a take of an element the guess could not name is taken anonymously (`unknownTaken`, the
 * pool's size exact), and confirmed against the element the plan later names: it must still be in the
 * reserve as listed.
 */
import { list, observationText, testsText, widenedTest, withoutTestOf, type OnlineSupport } from '../online.ts';
import { inconsistent, type AllocatorCall, type Elem, type Inconsistent, type Observation } from '../types.ts';
import type { ContractState } from './apply.ts';
import type { ContractStep } from './steps.ts';

/**
 * The calls the contract's plans still read. Pool metadata calls are never read; of failed alloc_fn
 * calls only that one happened (the first is kept: its mask was checked when it was made); of the
 * elements a shrink handed to free_fn from its reserve only the newest (its drop is the step that call
 * certified, the ones before are taken in every configuration by then). Elements an operation got and
 * gave back stay: they are bounded by the operation's own refill, which ends there.
 */
function trimContract(obs: Observation): Observation {
  const { op, calls } = obs;
  if (op.op !== 'alloc' && op.op !== 'resize') return obs;
  const got = new Set<Elem>();
  let failed = false;
  const kept: AllocatorCall[] = [];
  calls.forEach((c, i) => {
    if (c.cls === 'meta') return;
    if (c.call === 'alloc') {
      if (c.result !== 0) got.add(c.result);
      else if (failed) return;
      else failed = true;
    } else if (op.op === 'resize' && !got.has(c.ptr) && i < calls.length - 1) {
      return;
    }
    kept.push(c);
  });
  return kept.length === calls.length ? obs : { ...obs, calls: kept };
}

/** A resize's set-min, then the add of the element it got first, written into its observation. */
function commitContract(obs: Observation, step: ContractStep): Observation | null {
  if (obs.op.op !== 'resize' || obs.outcome.kind !== 'pending') return null;
  if (step.kind === 'set-min') return obs.minSet === true ? null : { ...obs, minSet: true };
  if (step.kind !== 'add' || obs.minSet !== true) return null;
  const i = obs.calls.findIndex((c) => c.call === 'alloc' && c.cls === 'element' && c.result === step.element);
  return i < 0 ? null : { ...obs, calls: [...obs.calls.slice(0, i), ...obs.calls.slice(i + 1)] };
}

/** Whether `taken` (a guess) is `actual`: an anonymous take or drop is any element's. */
function sameContract(taken: ContractStep, actual: ContractStep): boolean {
  switch (taken.kind) {
    case 'take-any':
      return actual.kind === 'take' || actual.kind === 'take-any';
    case 'drop-any':
      return (actual.kind === 'drop' || actual.kind === 'drop-any') && actual.n === taken.n;
    case 'create':
      return actual.kind === 'create' && actual.min_nr === taken.min_nr && sameList(actual.elements, taken.elements);
    case 'destroy':
      return actual.kind === 'destroy' && sameList(actual.freed, taken.freed);
    case 'free-test':
      return actual.kind === 'free-test' && actual.element === taken.element;
    default:
      return stepTextContract(taken, String) === stepTextContract(actual, String);
  }
}

const sameList = (a: readonly Elem[], b: readonly Elem[]): boolean => a.length === b.length && a.every((e, i) => b[i] === e);

/** The state once an anonymous take or drop turned out to be `actual`'s element; a free's test widened. */
function confirmContract(s: ContractState, taken: ContractStep, actual: ContractStep): ContractState | Inconsistent {
  if (actual.kind === 'free-test') return widenedTest(s, actual.element, actual.readable);
  if ((taken.kind !== 'take-any' && taken.kind !== 'drop-any') || (actual.kind !== 'take' && actual.kind !== 'drop')) return s;
  const e = actual.element;
  if (!s.reserve.includes(e) || s.unknownTaken === 0) return inconsistent(`${actual.kind} of an element no longer in the reserve when it was taken`);
  return { ...s, reserve: s.reserve.filter((x) => x !== e), unknownTaken: s.unknownTaken - 1 };
}

function stepTextContract(step: ContractStep, name: (p: Elem) => string): string {
  switch (step.kind) {
    case 'create':
      return `create:${step.min_nr}:${list(step.elements, name)}`;
    case 'destroy':
      return `destroy:${list(step.freed, name)}`;
    case 'free-test':
      return `free-test:${name(step.element)}${step.readable === undefined ? '' : `:${step.readable.curr_nr}/${step.readable.min_nr}`}`;
    case 'fresh':
    case 'take':
    case 'push':
    case 'release':
    case 'add':
      return `${step.kind}:${name(step.element)}`;
    case 'drop':
      return `drop:${name(step.element)}:${step.n}`;
    case 'drop-any':
    case 'set-min':
      return `${step.kind}:${step.n}`;
    case 'create-failed':
    case 'take-any':
    case 'saw-empty':
      return step.kind;
    default: {
      const never: never = step;
      throw new Error(`unknown contract step ${JSON.stringify(never)}`);
    }
  }
}

/** The reserve is a set: written in the order of the names, so that equal pools under a renaming read the same. */
function stateTextContract(s: ContractState, name: (p: Elem) => string): string {
  if (!s.exists) return '-';
  return `${s.min_nr}|${s.reserve.map(name).sort().join(',')}|${s.unknownTaken}${testsText(s, name)}`;
}

export const contractOnline: OnlineSupport<ContractState, ContractStep> = {
  trim: trimContract,
  invocationSteps: (op) => (op.op === 'free' && op.element !== 0 ? [{ kind: 'free-test', element: op.element }] : []),
  // As for the refinements: a free may decide to release (L317) before its free_fn call shows it.
  guesses: (obs) => (obs.op.op === 'free' && obs.op.element !== 0 && obs.calls.length === 0 ? [{ kind: 'release', element: obs.op.element }] : []),
  retract: (s, step) => (step.kind === 'free-test' ? withoutTestOf(s, step.element) : s),
  retractsInvocationSteps: (step) => step.kind === 'push',
  concretize: (_s, step) => step,
  same: sameContract,
  confirm: confirmContract,
  commit: commitContract,
  stateText: stateTextContract,
  stepText: stepTextContract,
  observationText,
};
