/**
 * The scenario thread of an implementation whose operations are explicit calls (the C front end:
 * `impl.explicitState`): everything it is — its own position and the call it drives — is data it can
 * show (`writeState`, kernel/rt/state.ts ExplicitThreadState) and copy (`snapshot`/`restore`). With it,
 * every live thread of a scenario run on C is explicit, and a world fingerprint is exact.
 */
import type { Gen } from '../kernel/rt/ops.ts';
import type { ExplicitThreadState, NamedLocal, StateSink } from '../kernel/rt/state.ts';
import type { AnyPoolImpl } from '../impl/pool-impl.ts';
import { CommandThread } from './command-thread.ts';
import type { Command } from './spec.ts';
import type { PoolWorld } from './world.ts';

/** What an explicit implementation's operation offers besides being an iterator (a CThread, a CCreateCall). */
interface ExplicitCall extends Gen<unknown> {
  writeState(out: StateSink): void;
  namedLocals?(): readonly NamedLocal[];
  snapshot(): unknown;
  /** `mapValue` translates what the call holds (a copy of the whole world maps its wait entries). */
  restore(snapshot: unknown, mapValue?: (v: unknown) => unknown): void;
}

const isExplicitCall = (g: Gen<unknown>): g is ExplicitCall => {
  const c = g as Partial<ExplicitCall>;
  return typeof c.writeState === 'function' && typeof c.snapshot === 'function' && typeof c.restore === 'function';
};

export interface CommandThreadSnapshot {
  readonly begun: boolean;
  readonly index: number;
  readonly phase: number;
  readonly element: number;
  /** A pool handle; set-once after its creation returned, so shared by reference. */
  readonly created: unknown;
  /** The inner call's own snapshot (null: none running). */
  readonly inner: unknown;
}

export class ExplicitCommandThread extends CommandThread implements ExplicitThreadState {
  /** Its position (command, phase, the element and created pool it holds) and the inner call's frames. */
  writeState(out: StateSink): void {
    out.text('cmd');
    out.num(this.index);
    out.num(this.phase);
    out.word(this.element);
    // The pool a create made, by an address inside it (the pool's lock) so that it is renamed too.
    if (this.created === null) out.text('-');
    else out.word(this.world.impl.lockOf(this.created));
    if (this.inner === null) out.text('-');
    else (this.inner as ExplicitCall).writeState(out);
  }

  namedLocals(): readonly NamedLocal[] {
    return this.inner === null ? [] : ((this.inner as ExplicitCall).namedLocals?.() ?? []);
  }

  snapshot(): CommandThreadSnapshot {
    return {
      begun: this.begun,
      index: this.index,
      phase: this.phase,
      element: this.element,
      created: this.created,
      inner: this.inner === null ? null : (this.inner as ExplicitCall).snapshot(),
    };
  }

  /**
   * Puts a snapshot back (of this thread, or of another one running the same commands: a copy of the
   * world restores its threads that way). The inner call is made afresh for the phase and given its
   * frames, so nothing is shared with the thread the snapshot came from.
   */
  restore(s: CommandThreadSnapshot, mapValue?: (v: unknown) => unknown): void {
    this.begun = s.begun;
    this.index = s.index;
    this.phase = s.phase;
    this.element = s.element;
    this.created = s.created;
    this.inner = null;
    if (s.inner === null) return;
    const c = this.commands[s.index];
    if (c === undefined) throw new Error(`CommandThread.restore: an inner call after the last command`);
    const inner = this.innerFor(c, s.phase) as ExplicitCall;
    inner.restore(s.inner, mapValue);
    this.inner = inner;
  }

  /**
   * A copy of this thread for `world` (a copy of its world: scenarios/fork.ts), restored from this
   * thread's snapshot; `mapValue` gives the copy's own wait entries (kernel/rt/fork-live.ts).
   */
  copyFor(world: PoolWorld, mapValue: (v: unknown) => unknown): ExplicitCommandThread {
    const copy = new ExplicitCommandThread(world, this.tid, this.commands);
    copy.restore(this.snapshot(), mapValue);
    return copy;
  }

  protected override innerFor(c: Command, phase: number): Gen<unknown> {
    const inner = super.innerFor(c, phase);
    if (!isExplicitCall(inner)) throw new Error(`implementation ${this.world.impl.name} claims explicitState but its ${c.op} is not an explicit call`);
    return inner;
  }
}

/** Makes a scenario thread. */
export type CommandThreadFactory = (world: PoolWorld, tid: number, commands: readonly Command[]) => CommandThread;

/** The kind of scenario thread `impl` gets: decided once per scenario program (scenarios/program.ts). */
export function commandThreadFor(impl: AnyPoolImpl): CommandThreadFactory {
  return impl.explicitState === true
    ? (world, tid, commands) => new ExplicitCommandThread(world, tid, commands)
    : (world, tid, commands) => new CommandThread(world, tid, commands);
}
