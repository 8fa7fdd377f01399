/**
 * Where a generator thread is: the call stack that created its pending operation. A generator's
 * frames are on the stack while it runs, so the stack captured when an operation is created names
 * every function of the thread and the place in it (line and column) that led to the operation:
 * closer to a position than the operation alone (the same load of `curr_nr` at L137 and at L167
 * differ here), though still blind to loop counters and other locals.
 *
 * Capturing a stack costs about 10 µs per operation, so it is switched on only while a lasso is being
 * confirmed (lasso-confirm.ts), never while exploring. Stacks are formatted only for the operations
 * asked about, and only for comparison within one process (raw positions, no source maps).
 */
import type { Op } from '../kernel/rt/ops.ts';
import { opSites } from '../kernel/rt/trace.ts';

interface Holder {
  stack?: unknown;
}

const STACK_DEPTH = 64;

/**
 * The thread's own frames: those above the kernel's `advance`, which resumed the thread's generator.
 * Below it the stack says whether the operation was created when the thread was spawned or in a later
 * step, which is not where the thread is.
 */
function frames(_e: Error, sites: readonly NodeJS.CallSite[]): string {
  const out: string[] = [];
  for (const s of sites) {
    if (s.getTypeName() === 'Kernel' && (s.getMethodName() ?? s.getFunctionName()) === 'advance') break;
    out.push(`${s.getFunctionName() ?? ''}@${s.getFileName() ?? ''}:${s.getLineNumber() ?? 0}:${s.getColumnNumber() ?? 0}`);
  }
  return out.join(' < ');
}

export class StackPositions {
  private readonly holders = new WeakMap<Op, Holder>();

  /** Runs `body` with every operation's creating stack captured; restores everything after. */
  during<T>(body: () => T): T {
    const previous = opSites.capture;
    const limit = Error.stackTraceLimit;
    opSites.capture = (op: Op): void => {
      previous?.(op);
      const holder: Holder = {};
      Error.captureStackTrace(holder);
      this.holders.set(op, holder);
    };
    Error.stackTraceLimit = STACK_DEPTH;
    try {
      return body();
    } finally {
      opSites.capture = previous;
      Error.stackTraceLimit = limit;
    }
  }

  /** The stack that created `op` as text ('?' if it was created outside `during`). */
  keyOf(op: Op | null): string {
    if (op === null) return '';
    const holder = this.holders.get(op);
    if (holder === undefined) return '?';
    const previous = Error.prepareStackTrace;
    Error.prepareStackTrace = frames;
    try {
      return String(holder.stack);
    } finally {
      Error.prepareStackTrace = previous;
    }
  }
}
