/**
 * Random concurrent scenarios (fast-check): pool parameters, allocator fault mode, timeout mode, a
 * sequential prefix, then 2-3 thread programs of a few commands each.
 *
 * Commands are drawn as intents and then made well-formed by `wellFormed` (a pure function, so
 * shrinking keeps programs valid):
 * - `free` only when the thread holds something (an element it allocated or received; an atomic
 *   allocation may have returned NULL, whose free is the documented no-op);
 * - `publish` only of an element the thread surely holds (a sleeping allocation never returns NULL,
 *   a received element is never NULL), each into a fresh shared variable; a thread that holds none
 *   first allocates one with GFP_KERNEL (hand-offs would otherwise be rare);
 * - no program longer than `maxCommands` commands (the intents that do not fit are dropped);
 * - `receive` only of a variable published by a thread that comes earlier (the prefix counts as the
 *   first), each variable received at most once. Waits therefore never form a cycle: a receive blocks
 *   only on a thread that can publish without waiting for the receiver's hand-offs (it may still wait
 *   for the pool, as real callers do).
 */
import fc from 'fast-check';
import { ALWAYS, CHOICE, GFP_AWARE, NEVER, failNth, type FaultMode } from '../kernel/rt/faults.ts';
import { GFP_CLASSES, type GfpClass } from '../kernel/rt/gfp.ts';
import type { TimeoutMode } from '../kernel/rt/kernel.ts';
import type { BackendKind } from '../impl/pool-impl.ts';
import type { Command, Scenario, ThreadProgram } from './spec.ts';

export interface RandomScenarioOptions {
  /** Thread programs: 2 up to this many (default 3). */
  readonly maxThreads?: number;
  /** Commands drawn per thread program, 1 up to this many (default 4; dropped ill-formed ones make fewer). */
  readonly maxCommands?: number;
  /** Commands drawn for the sequential prefix (default 2). */
  readonly maxPrefix?: number;
  /** Largest min_nr (default 3) and largest resize target (default 4). */
  readonly maxMinNr?: number;
  readonly maxResize?: number;
  /** Fault modes to draw from (default: all). */
  readonly faults?: readonly FaultMode['kind'][];
  /** Timeout modes to draw from (default: both). */
  readonly timeouts?: readonly TimeoutMode[];
}

/** A command as drawn, before it is made well-formed. */
export type Intent =
  | { readonly op: 'alloc'; readonly gfp: GfpClass; readonly zero: boolean }
  | { readonly op: 'free' }
  | { readonly op: 'resize'; readonly n: number }
  | { readonly op: 'publish' }
  | { readonly op: 'receive' };

const GFP_NAMES = Object.keys(GFP_CLASSES) as GfpClass[];
/** Classes that may sleep, so never return NULL. */
const NEVER_NULL: ReadonlySet<GfpClass> = new Set(['GFP_KERNEL', 'GFP_NOFS', 'GFP_NOIO']);
const BACKENDS: readonly BackendKind[] = ['slab', 'kmalloc', 'pages'];

/** True with probability 1/n. */
const oneIn = (n: number): fc.Arbitrary<boolean> => fc.integer({ min: 1, max: n }).map((k) => k === 1);

function intentArb(maxResize: number): fc.Arbitrary<Intent> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant('alloc' as const), gfp: fc.constantFrom(...GFP_NAMES), zero: oneIn(8) }) },
    { weight: 4, arbitrary: fc.constant({ op: 'free' as const }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('resize' as const), n: fc.integer({ min: 1, max: maxResize }) }) },
    { weight: 2, arbitrary: fc.constant({ op: 'publish' as const }) },
    { weight: 3, arbitrary: fc.constant({ op: 'receive' as const }) },
  );
}

function faultArb(kinds: readonly FaultMode['kind'][]): fc.Arbitrary<FaultMode> {
  return fc.constantFrom(...kinds).chain((kind): fc.Arbitrary<FaultMode> => {
    switch (kind) {
      case 'never':
        return fc.constant(NEVER);
      case 'always':
        return fc.constant(ALWAYS);
      case 'choice':
        return fc.constant(CHOICE);
      case 'gfp':
        return fc.constant(GFP_AWARE);
      case 'fail-nth':
        return fc.integer({ min: 1, max: 3 }).map(failNth);
      default: {
        const never: never = kind;
        throw new Error(`unknown fault mode ${String(never)}`);
      }
    }
  });
}

export interface DrawnScenario {
  readonly min_nr: number;
  readonly backend: BackendKind;
  readonly faults: FaultMode;
  readonly timeouts: TimeoutMode;
  readonly prefix: readonly Intent[];
  readonly threads: readonly (readonly Intent[])[];
  readonly finalDestroy: boolean;
  /** Longest thread program (and prefix) after well-formedness. */
  readonly maxCommands: number;
}

/** What is drawn, before well-formedness (exposed for tests of the fix-up). */
export function drawnScenarioArb(options: RandomScenarioOptions = {}): fc.Arbitrary<DrawnScenario> {
  const maxThreads = options.maxThreads ?? 3;
  const maxCommands = options.maxCommands ?? 4;
  const intent = intentArb(options.maxResize ?? 4);
  return fc.record({
    min_nr: fc.integer({ min: 0, max: options.maxMinNr ?? 3 }),
    backend: fc.constantFrom(...BACKENDS),
    faults: faultArb(options.faults ?? ['never', 'always', 'choice', 'fail-nth', 'gfp']),
    timeouts: fc.constantFrom(...(options.timeouts ?? (['untimed', 'timed'] as const))),
    prefix: fc.array(intent, { maxLength: options.maxPrefix ?? 2 }),
    threads: fc.array(fc.array(intent, { minLength: 1, maxLength: maxCommands }), { minLength: 2, maxLength: Math.max(2, maxThreads) }),
    finalDestroy: oneIn(5).map((b) => !b),
    maxCommands: fc.constant(maxCommands),
  });
}

/** Random well-formed scenarios. */
export function scenarioArb(options: RandomScenarioOptions = {}): fc.Arbitrary<Scenario> {
  return drawnScenarioArb(options).map(wellFormed);
}

/** Make drawn intents a well-formed scenario (see the file comment for the rules). */
export function wellFormed(d: DrawnScenario): Scenario {
  let vars = 0;
  /** Published, not yet received variables, with the index of the program that published each. */
  const open: { v: number; by: number }[] = [];
  const program = (intents: readonly Intent[], index: number, limit: number): Command[] => {
    /** What the thread holds, top last: true when surely an element, false when maybe NULL. */
    const held: boolean[] = [];
    const out: Command[] = [];
    for (const c of intents) {
      if (out.length >= limit) break;
      switch (c.op) {
        case 'alloc':
          out.push(c.zero ? { op: 'alloc', gfp: c.gfp, zero: true } : { op: 'alloc', gfp: c.gfp });
          held.push(NEVER_NULL.has(c.gfp));
          break;
        case 'free':
          if (held.length > 0) {
            held.pop();
            out.push({ op: 'free' });
          }
          break;
        case 'resize':
          out.push({ op: 'resize', n: c.n });
          break;
        case 'publish':
          if (held[held.length - 1] !== true && out.length + 2 <= limit) {
            out.push({ op: 'alloc', gfp: 'GFP_KERNEL' });
            held.push(true);
          }
          if (held[held.length - 1] === true) {
            held.pop();
            open.push({ v: vars, by: index });
            out.push({ op: 'publish', var: vars });
            vars += 1;
          }
          break;
        case 'receive': {
          const k = open.findIndex((o) => o.by < index);
          if (k >= 0) {
            const [o] = open.splice(k, 1);
            out.push({ op: 'receive', var: (o as { v: number }).v });
            held.push(true);
          }
          break;
        }
        default: {
          const never: never = c;
          throw new Error(`unknown intent ${JSON.stringify(never)}`);
        }
      }
    }
    return out;
  };
  const prefix = program(d.prefix.filter((c) => c.op !== 'receive'), 0, d.prefix.length);
  const threads: ThreadProgram[] = d.threads.map((intents, i) => {
    const commands = program(intents, i + 1, d.maxCommands);
    return { commands: commands.length > 0 ? commands : [{ op: 'alloc', gfp: 'GFP_NOWAIT' }] };
  });
  return {
    name: 'random',
    description: 'a randomly generated scenario (no verdict is required of it)',
    min_nr: d.min_nr,
    backend: d.backend,
    faults: d.faults,
    timeouts: d.timeouts,
    prefix,
    threads,
    finalDestroy: d.finalDestroy,
    expected: { verdict: 'pass' },
  };
}
