/**
 * The generator the scenario threads used to be (scenarios/interpreter.ts before the explicit
 * CommandThread), kept verbatim as the reference the state machine is compared with: the same
 * operations, the same order, the same world updates.
 */
import { GFP_CLASSES, __GFP_ZERO } from '../../kernel/rt/gfp.ts';
import type { Gen } from '../../kernel/rt/ops.ts';
import { NULL } from '../../kernel/rt/ops.ts';
import { await_value, READ_ONCE, WRITE_ONCE } from '../../kernel/api/memory.ts';
import { spin_lock, spin_unlock } from '../../kernel/api/sync.ts';
import { mark } from '../../kernel/api/harness.ts';
import { CREATE_TAG, type CreateMark, type InvokedOp } from '../../scenarios/interpreter.ts';
import type { Command } from '../../scenarios/spec.ts';
import type { PoolWorld } from '../../scenarios/world.ts';

const isElement = (v: number): boolean => v !== NULL;

function* handOff(world: PoolWorld, locked: boolean | undefined, body: () => Gen<void>): Gen<void> {
  const lock = world.handoffLock;
  if (locked !== true || lock === null) return yield* body();
  yield* spin_lock(lock);
  yield* body();
  yield* spin_unlock(lock);
}

export function* runCommandsReference(world: PoolWorld, tid: number, commands: readonly Command[]): Gen<void> {
  const held = world.heldBy(tid);
  for (const c of commands) {
    switch (c.op) {
      case 'alloc': {
        const gfp = GFP_CLASSES[c.gfp] | (c.zero ? __GFP_ZERO : 0);
        yield* mark('invoke', { op: 'alloc', gfp } satisfies InvokedOp);
        const element = yield* world.impl.alloc(world.pool, gfp);
        if (element !== NULL) held.push(element);
        yield* mark('return', element);
        break;
      }
      case 'free': {
        const element = held.pop() ?? NULL;
        yield* mark('invoke', { op: 'free', element } satisfies InvokedOp);
        yield* world.impl.free(element, world.pool);
        yield* mark('return', 0);
        break;
      }
      case 'resize': {
        yield* mark('invoke', { op: 'resize', n: c.n } satisfies InvokedOp);
        const r = yield* world.impl.resize(world.pool, c.n);
        yield* mark('return', r);
        break;
      }
      case 'publish': {
        const element = held[held.length - 1] ?? NULL;
        const cell = world.vars[c.var];
        if (cell === undefined) throw new Error(`publish: no shared variable v${c.var}`);
        yield* handOff(world, c.locked, function* () {
          yield* WRITE_ONCE(cell, element);
          held.pop(); // in the same step as the store: the element is never unaccounted for
        });
        break;
      }
      case 'receive': {
        const cell = world.vars[c.var];
        if (cell === undefined) throw new Error(`receive: no shared variable v${c.var}`);
        let element = yield* await_value(cell, isElement);
        yield* handOff(world, c.locked, function* () {
          if (c.locked === true) element = yield* READ_ONCE(cell);
          held.push(element);
          // One publisher and one receiver per variable: the element has left the variable.
          world.taken[c.var] = true;
        });
        break;
      }
      case 'create': {
        const pool: unknown = yield* world.impl.create(c.min_nr, world.backend);
        yield* mark(CREATE_TAG, { min_nr: c.min_nr, created: pool !== null } satisfies CreateMark);
        if (pool !== null) yield* world.impl.destroy(pool);
        break;
      }
      case 'destroy': {
        yield* mark('invoke', { op: 'destroy' } satisfies InvokedOp);
        yield* world.impl.destroy(world.pool);
        world.destroyed = true;
        yield* mark('return', 0);
        break;
      }
      default: {
        const never: never = c;
        throw new Error(`unknown command ${JSON.stringify(never)}`);
      }
    }
  }
}
