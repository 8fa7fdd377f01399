/**
 * Base of monitors that judge operations from the history (invocations, allocator calls, returns):
 * they react to events as the tracker finds them after each step, and report the first violation.
 */
import type { EndKind, Monitor, MonitorContext, Violation } from '../../explorer/monitor.ts';
import type { Kernel } from '../../kernel/rt/kernel.ts';
import type { PointerNames, StateSink } from '../../kernel/rt/state.ts';
import { violation } from '../property.ts';
import { OpTracker, type CallEvent, type FlightFacts, type OpListener, type TrackedOp } from './ops.ts';

export abstract class HistoryMonitor implements Monitor, OpListener, FlightFacts {
  abstract readonly name: string;
  protected readonly tracker = new OpTracker();
  protected kernel: Kernel | null = null;
  private found: Violation | null = null;

  start(ctx: MonitorContext): Violation | null {
    this.tracker.reset();
    this.found = null;
    this.kernel = ctx.kernel;
    this.reset();
    this.tracker.sync(ctx.kernel.history, this);
    return this.found;
  }

  afterStep(ctx: MonitorContext, _tid: number): Violation | null {
    this.tracker.sync(ctx.kernel.history, this);
    return this.found;
  }

  atEnd(ctx: MonitorContext, end: EndKind): readonly Violation[] {
    if (end === 'setup-failed' || this.kernel !== ctx.kernel) return [];
    this.tracker.sync(ctx.kernel.history, this);
    const last = this.found ?? this.finish(ctx, end);
    return last === null ? [] : [last];
  }

  /**
   * What later verdicts depend on beyond the world: whether a violation was already found (it is
   * reported again at every step), the operations in flight (their events are still to come) with the
   * facts about each that the subclass uses (`flightFacts`), and the subclass's own summary
   * (`ownKey`). Finished operations are never looked at again.
   */
  writeState(ctx: MonitorContext, out: StateSink, names: PointerNames): void {
    this.tracker.sync(ctx.kernel.history, this);
    if (this.found !== null) out.text('found');
    this.tracker.writeFlight(out, names, this);
    const own = this.ownKey(names);
    if (own !== '') {
      out.text('|');
      out.text(own);
    }
  }

  /** `flightFacts` as tokens (one text, when there are any). */
  writeFacts(op: TrackedOp, out: StateSink): void {
    const facts = this.flightFacts(op);
    if (facts !== '') out.text(facts);
  }

  /** An independent copy bound to `ctx` (a forked world with the same history so far). */
  fork(ctx: MonitorContext): Monitor {
    const copy = this.blank();
    copy.tracker.copyFrom(this.tracker);
    copy.kernel = ctx.kernel;
    copy.found = this.found;
    copy.copyOwn(this);
    return copy;
  }

  /** A new monitor of the same kind and settings, not started (for `fork`). */
  protected abstract blank(): HistoryMonitor;

  /** Copy the subclass's per-execution state from `src`, a monitor of the same kind (for `fork`). */
  protected copyOwn(_src: this): void {}

  /** Facts about an operation in flight that the subclass's checks of its later events use. */
  protected flightFacts(_op: TrackedOp): string {
    return '';
  }

  /** The subclass's per-execution state beyond the operations in flight, as canonical text. */
  protected ownKey(_names: PointerNames): string {
    return '';
  }

  // Listener hooks: subclasses override the ones they need.
  onInvoke(_op: TrackedOp): void {}
  onCall(_event: CallEvent, _op: TrackedOp | undefined): void {}
  onReturn(_op: TrackedOp): void {}

  /** Per-execution state of the subclass. */
  protected reset(): void {}

  /** A last check at the end of the execution. */
  protected finish(_ctx: MonitorContext, _end: EndKind): Violation | null {
    return null;
  }

  /** Record a violation found while reading events (the first one wins). */
  protected report(message: string, tid?: number): void {
    if (this.found === null) this.found = violation(this.name, message, this.kernel?.steps ?? 0, tid);
  }
}
