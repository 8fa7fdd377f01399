/**
 * Runs a thread program's commands against an implementation, inside the simulated kernel.
 * Every pool operation is bracketed by `invoke`/`return` marks (the history linearizability reads).
 */
import { GFP_CLASSES, __GFP_ZERO } from '../kernel/rt/gfp.ts';
import type { Gen, Ptr } from '../kernel/rt/ops.ts';
import { NULL } from '../kernel/rt/ops.ts';
import { await_value, WRITE_ONCE } from '../kernel/api/memory.ts';
import { mark } from '../kernel/api/harness.ts';
import type { Command } from './spec.ts';
import type { PoolWorld } from './world.ts';

/** The operation an `invoke` mark records. */
export type InvokedOp =
  | { readonly op: 'alloc'; readonly gfp: number }
  | { readonly op: 'free'; readonly element: Ptr }
  | { readonly op: 'resize'; readonly n: number }
  | { readonly op: 'destroy' };

const isElement = (v: number): boolean => v !== NULL;

export function* runCommands(world: PoolWorld, tid: number, commands: readonly Command[]): Gen<void> {
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
        yield* WRITE_ONCE(cell, element);
        held.pop(); // in the same step as the store: the element is never unaccounted for
        break;
      }
      case 'receive': {
        const cell = world.vars[c.var];
        if (cell === undefined) throw new Error(`receive: no shared variable v${c.var}`);
        const element = yield* await_value(cell, isElement);
        held.push(element);
        // One publisher and one receiver per variable: the element has left the variable.
        world.taken[c.var] = true;
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
