/**
 * A scenario thread: runs a thread program's commands against an implementation inside the simulated
 * kernel, every pool operation bracketed by `invoke`/`return` marks (the history linearizability reads,
 * scenarios/interpreter.ts).
 *
 * It is a state machine, not a JavaScript generator: its whole state is data — which command, which
 * phase inside it, the element it is handling, the pool a `create` command made, and the
 * implementation's operation it is driving — so that a world fingerprint can see where it stands and a
 * search can copy it (issue 10 Part 2). Two classes, chosen once per scenario program by
 * `commandThreadFor(impl)`:
 * - `CommandThread`: the implementation's operations are JavaScript generators (impl/v4.1, its mutants,
 *   file implementations). Their state is hidden, so this class does NOT expose `writeState`
 *   (kernel/rt/state.ts `explicitStateOf` tests for it): a fingerprint of its world is evidence only.
 * - `ExplicitCommandThread`: the operations are explicit calls (the C front end, `impl.explicitState`):
 *   `writeState` writes its own position plus the inner call's frames; `snapshot`/`restore` copy both.
 *
 * It issues exactly the operations the generator it replaces (`runCommands`) issued, in the same order,
 * with the same world updates (what threads hold, variables taken, the pool destroyed) at the same
 * points: phases are the points where that generator was suspended.
 */
import { GFP_CLASSES, __GFP_ZERO } from '../kernel/rt/gfp.ts';
import type { Gen, Loc, Op, Ptr } from '../kernel/rt/ops.ts';
import { NULL } from '../kernel/rt/ops.ts';
import { opSites } from '../kernel/rt/trace.ts';
import { CREATE_TAG, type CreateMark, type InvokedOp } from './interpreter.ts';
import type { Command } from './spec.ts';
import type { PoolWorld } from './world.ts';

const isElement = (v: number): boolean => v !== NULL;

const DONE: IteratorResult<Op, void> = { done: true, value: undefined };

/** Phases of a command: 0 is its start; the rest are where it waits (an operation's answer, or an inner call). */
const START = 0;

/** As kernel/api's `emit`: a fresh operation, its creating stack captured while a report asks for sites. */
function issue(op: Op): Op {
  if (opSites.capture !== null) opSites.capture(op);
  return op;
}

const mark = (tag: string, data: unknown): Op => issue({ kind: 'mark', mark: { tag, data } });

export class CommandThread implements Gen<void> {
  /** Whether the first `next` ran (the generator took the thread's list of held elements then). */
  protected begun = false;
  /** The command being run (commands.length: all done). */
  protected index = 0;
  protected phase = START;
  /** The command's element (freed, published, received, allocated) or resize's result; NULL between commands. */
  protected element: Ptr = NULL;
  /** The pool a `create` command made (null: none, or creation failed). */
  protected created: unknown = null;
  /** The implementation's operation being driven, or null. */
  protected inner: Gen<unknown> | null = null;

  constructor(
    protected readonly world: PoolWorld,
    readonly tid: number,
    protected readonly commands: readonly Command[],
  ) {}

  next(answer?: unknown): IteratorResult<Op, void> {
    if (!this.begun) {
      this.begun = true;
      this.world.heldBy(this.tid);
    }
    let input = answer;
    for (;;) {
      const inner = this.inner;
      if (inner !== null) {
        const r = inner.next(input);
        if (r.done !== true) return r as IteratorResult<Op, void>;
        this.inner = null;
        input = r.value;
      }
      const c = this.commands[this.index];
      if (c === undefined) return DONE;
      const op = this.advance(c, input);
      if (op !== null) return { done: false, value: op };
      // An inner call starts, or the next command does: with nothing (as `yield*` starts a call).
      input = undefined;
    }
  }

  return(): IteratorResult<Op, void> {
    this.index = this.commands.length;
    this.inner = null;
    return DONE;
  }

  throw(e: unknown): IteratorResult<Op, void> {
    this.index = this.commands.length;
    this.inner = null;
    throw e;
  }

  [Symbol.iterator](): this {
    return this;
  }

  /**
   * The implementation's call a phase drives (a phase that has one): made here both when the phase
   * begins and, for an explicit thread, when a snapshot is put back.
   */
  protected innerFor(c: Command, phase: number): Gen<unknown> {
    const { impl, pool } = this.world;
    switch (c.op) {
      case 'alloc':
        return impl.alloc(pool, gfpOf(c));
      case 'free':
        return impl.free(this.element, pool);
      case 'resize':
        return impl.resize(pool, c.n);
      case 'create':
        return phase === 1 ? impl.create(c.min_nr, this.world.backend) : impl.destroy(this.created);
      case 'destroy':
        return impl.destroy(pool);
      default:
        throw new Error(`command ${c.op} calls no pool operation`);
    }
  }

  /** Runs command `c` from its phase given the answer there: the next operation, or null (go on). */
  private advance(c: Command, input: unknown): Op | null {
    const world = this.world;
    switch (c.op) {
      case 'alloc':
        switch (this.phase) {
          case START:
            return this.then(1, mark('invoke', { op: 'alloc', gfp: gfpOf(c) } satisfies InvokedOp));
          case 1:
            return this.call(c, 2);
          case 2: {
            const element = input as Ptr;
            if (element !== NULL) world.heldBy(this.tid).push(element);
            this.element = element;
            return this.then(3, mark('return', element));
          }
          default:
            return this.finish();
        }
      case 'free':
        switch (this.phase) {
          case START: {
            const element = world.heldBy(this.tid).pop() ?? NULL;
            this.element = element;
            return this.then(1, mark('invoke', { op: 'free', element } satisfies InvokedOp));
          }
          case 1:
            return this.call(c, 2);
          case 2:
            return this.then(3, mark('return', 0));
          default:
            return this.finish();
        }
      case 'resize':
        switch (this.phase) {
          case START:
            return this.then(1, mark('invoke', { op: 'resize', n: c.n } satisfies InvokedOp));
          case 1:
            return this.call(c, 2);
          case 2:
            // Kept while the `return` mark is pending: the mark carries it.
            this.element = input as number;
            return this.then(3, mark('return', input));
          default:
            return this.finish();
        }
      case 'publish':
        return this.publish(c);
      case 'receive':
        return this.receive(c, input);
      case 'create':
        switch (this.phase) {
          case START:
            return this.call(c, 1);
          case 1:
            this.created = input;
            return this.then(2, mark(CREATE_TAG, { min_nr: c.min_nr, created: input !== null } satisfies CreateMark));
          case 2:
            return this.created !== null ? this.call(c, 3) : this.finish();
          default:
            return this.finish();
        }
      case 'destroy':
        switch (this.phase) {
          case START:
            return this.then(1, mark('invoke', { op: 'destroy' } satisfies InvokedOp));
          case 1:
            return this.call(c, 2);
          case 2:
            world.destroyed = true;
            return this.then(3, mark('return', 0));
          default:
            return this.finish();
        }
      default: {
        const never: never = c;
        throw new Error(`unknown command ${JSON.stringify(never)}`);
      }
    }
  }

  /**
   * WRITE_ONCE(shared[var], the last element held), holding the hand-off lock when `locked`; the
   * element leaves the thread's hands in the same step as the store (never unaccounted for).
   */
  private publish(c: Extract<Command, { op: 'publish' }>): Op | null {
    const cell = this.cellOf(c.var, 'publish');
    const lock = this.handoffLock(c.locked);
    switch (this.phase) {
      case START: {
        const held = this.world.heldBy(this.tid);
        this.element = held[held.length - 1] ?? NULL;
        if (lock !== null) return this.then(1, issue({ kind: 'lock', lock, irqsave: false }));
        return this.then(2, issue({ kind: 'store', loc: cell, value: this.element, order: 'once' }));
      }
      case 1:
        return this.then(2, issue({ kind: 'store', loc: cell, value: this.element, order: 'once' }));
      case 2:
        this.world.heldBy(this.tid).pop();
        if (lock !== null) return this.then(3, issue({ kind: 'unlock', lock, irqrestore: false, flags: 0 }));
        return this.finish();
      default:
        return this.finish();
    }
  }

  /**
   * Waits until shared[var] holds an element (one blocking `await`), then takes it — when `locked`,
   * reading it again holding the hand-off lock, which orders everything after the publisher's unlock.
   */
  private receive(c: Extract<Command, { op: 'receive' }>, input: unknown): Op | null {
    const cell = this.cellOf(c.var, 'receive');
    const lock = this.handoffLock(c.locked);
    switch (this.phase) {
      case START:
        return this.then(1, issue({ kind: 'await', loc: cell, pred: isElement }));
      case 1:
        this.element = input as Ptr;
        if (lock !== null) return this.then(2, issue({ kind: 'lock', lock, irqsave: false }));
        return this.receiveRead(c, cell, lock);
      case 2:
        return this.receiveRead(c, cell, lock);
      case 3:
        this.element = input as Ptr;
        return this.received(c, lock);
      default:
        return this.finish();
    }
  }

  /** Inside the hand-off (or without one): `locked` reads the variable again, under the lock when there is one. */
  private receiveRead(c: Extract<Command, { op: 'receive' }>, cell: Loc, lock: Loc | null): Op | null {
    // As the generator did: `locked` reads again even if no lock exists (a scenario with a locked
    // hand-off always has the lock: scenarios/program.ts usesHandoffLock).
    if (c.locked === true) return this.then(3, issue({ kind: 'load', loc: cell, order: 'once' }));
    return this.received(c, lock);
  }

  private received(c: Extract<Command, { op: 'receive' }>, lock: Loc | null): Op | null {
    this.world.heldBy(this.tid).push(this.element);
    // One publisher and one receiver per variable: the element has left the variable.
    this.world.taken[c.var] = true;
    if (lock !== null) return this.then(4, issue({ kind: 'unlock', lock, irqrestore: false, flags: 0 }));
    return this.finish();
  }

  private cellOf(v: number, what: string): Loc {
    const cell = this.world.vars[v];
    if (cell === undefined) throw new Error(`${what}: no shared variable v${v}`);
    return cell;
  }

  /** The hand-off lock a command takes: only when it asks for it and the scenario has one. */
  private handoffLock(locked: boolean | undefined): Loc | null {
    return locked === true ? this.world.handoffLock : null;
  }

  private then(phase: number, op: Op): Op {
    this.phase = phase;
    return op;
  }

  /** Starts the implementation's call of `phase` (driven by `next` from now on). */
  private call(c: Command, phase: number): null {
    this.phase = phase;
    this.inner = this.innerFor(c, phase);
    return null;
  }

  /** The command is over; its locals are cleared so that equal positions have equal keys. */
  private finish(): null {
    this.index += 1;
    this.phase = START;
    this.element = NULL;
    this.created = null;
    return null;
  }
}

export function gfpOf(c: Extract<Command, { op: 'alloc' }>): number {
  return GFP_CLASSES[c.gfp] | (c.zero ? __GFP_ZERO : 0);
}
