/**
 * Confirming a lasso by replaying it: the prefix, then the cycle `repeats` times, with the call stack
 * of every pending operation captured (lasso-positions.ts). After the prefix and
 * after every repetition the world fingerprint, the stacks included, must be the one the cycle started
 * from; the recorded choices must fit every time (a thread that returns, a different enabled set or a
 * different number of alternatives makes the replay refuse them). For generator threads, whose locals
 * the fingerprint cannot see, this is the evidence a lasso rests on: a hidden counter that ends the
 * loop after fewer than `repeats` rounds is caught here.
 */
import type { Kernel } from '../kernel/rt/kernel.ts';
import { threadsExplicit, worldFingerprint, type FingerprintParts } from '../kernel/rt/state.ts';
import { runExecution, type ExecutionResult } from './execution.ts';
import { repeatedChoices, type Evidence, type LassoShape } from './lasso.ts';
import { StackPositions } from './lasso-positions.ts';
import { fingerprintParts, MarkCounter, type StepWatch } from './lasso-watch.ts';
import type { MonitorContext } from './monitor.ts';
import type { Program } from './program.ts';
import type { Choices } from './scheduler.ts';
import { ReplayError, ReplayScheduler } from './strategies/replay.ts';

/** Repetitions of the cycle a confirmation replays by default. */
export const DEFAULT_REPEATS = 100;

export type Confirmation =
  | { readonly kind: 'confirmed'; readonly evidence: Evidence }
  /**
   * The replay does not return to the cycle's state, or its choices stop fitting: not a lasso.
   * `repeated`: repetitions that did return to it before that (0: the states only looked alike).
   */
  | { readonly kind: 'refuted'; readonly why: string; readonly repeated: number };

/** Checks the state at every cycle boundary of a replay; stops the run at the first difference. */
class BoundaryWatch implements StepWatch {
  private readonly marks = new MarkCounter();
  private parts: FingerprintParts = {};
  private expected: string | null = null;
  /** Repetitions of the cycle checked so far. */
  checked = 0;
  exact = true;
  mismatch: string | null = null;

  constructor(
    private readonly shape: LassoShape,
    private readonly positions: StackPositions,
  ) {}

  start(ctx: MonitorContext, _choices: Choices): void {
    // No monitors run here (the run being watched has its own); their state was compared when the
    // candidate was found.
    this.parts = fingerprintParts(ctx, [], (tid) => `${this.marks.of(tid)} ${this.positions.keyOf(ctx.kernel.threads[tid]?.pending ?? null)}`);
    if (ctx.kernel.steps === this.shape.prefixSteps) this.check(ctx.kernel);
  }

  afterStep(ctx: MonitorContext, _tid: number, _enabledBefore: readonly number[], _choices: Choices): boolean {
    const k = ctx.kernel.steps - this.shape.prefixSteps;
    if (k < 0 || k % this.shape.cycleSteps !== 0) return false;
    return !this.check(ctx.kernel);
  }

  private check(kernel: Kernel): boolean {
    this.marks.update(kernel);
    this.exact &&= threadsExplicit(kernel);
    const fp = worldFingerprint(kernel, this.parts);
    if (this.expected === null) {
      this.expected = fp;
      return true;
    }
    this.checked += 1;
    if (fp === this.expected) return true;
    this.mismatch = `after ${this.checked} repetition${this.checked === 1 ? '' : 's'} of the cycle the state differs from the one it started from`;
    return false;
  }
}

function refuted(watch: BoundaryWatch, why: string): Confirmation {
  return { kind: 'refuted', why, repeated: Math.max(0, watch.checked - (watch.mismatch === null ? 0 : 1)) };
}

export function confirmLasso<S>(program: Program<S>, shape: LassoShape, repeats = DEFAULT_REPEATS): Confirmation {
  const positions = new StackPositions();
  const watch = new BoundaryWatch(shape, positions);
  const maxSteps = shape.prefixSteps + repeats * shape.cycleSteps;
  let result: ExecutionResult;
  try {
    result = positions.during(() => runExecution(program, new ReplayScheduler(repeatedChoices(shape, repeats)), [], { maxSteps, watch }));
  } catch (e) {
    if (!(e instanceof ReplayError)) throw e;
    return refuted(watch, watch.mismatch ?? `the cycle does not replay after ${watch.checked} repetition${watch.checked === 1 ? '' : 's'}: ${e.message}`);
  }
  if (watch.mismatch !== null) return refuted(watch, watch.mismatch);
  if (result.end !== 'step-limit' || watch.checked < repeats) return refuted(watch, `the replay ended (${result.end}) after ${watch.checked} of ${repeats} repetitions of the cycle`);
  return { kind: 'confirmed', evidence: { kind: watch.exact ? 'exact' : 'visible', replays: repeats } };
}
