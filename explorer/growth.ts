/**
 * Why a run never came back to a state it had seen: the locals of the C that keep taking new values.
 * A stateful search ends a run at a visited state, so a run cut at the step limit is a path of states
 * all different from each other; when the cause is a counter in the implementation (a refill loop
 * that counts what it added, for ever), the state space is infinite and no search can cover it. This
 * replays such a run and names the locals with the most distinct values along it, so that the user
 * sees what to bound (the counter used only as a flag, say) instead of a bare "runs were cut".
 */
import { ARENA_SIZE } from '../kernel/rt/memory.ts';
import { explicitStateOf } from '../kernel/rt/state.ts';
import { runExecution } from './execution.ts';
import type { Monitor } from './monitor.ts';
import type { Program } from './program.ts';
import type { Choices } from './scheduler.ts';
import { ReplayScheduler } from './strategies/replay.ts';

export interface GrowingLocal {
  /** The thread's name (`T1`), the function and the local as the source names them. */
  readonly thread: string;
  readonly fn: string;
  readonly name: string;
  /** Distinct values it held along the run, and its value at the run's end. */
  readonly values: number;
  readonly last: number;
}

/** Fewer distinct values than this along a cut run is a loop index or a state flag, not growth. */
export const GROWTH_THRESHOLD = 16;

/** Integers, not addresses (pointers live in the arenas, from ARENA_SIZE up; those are renamed by the search). */
const isScalar = (v: unknown): v is number => typeof v === 'number' && Math.abs(v) < ARENA_SIZE;

/**
 * Replays `choices` for at most `maxSteps` steps and returns the locals that held at least
 * GROWTH_THRESHOLD distinct integer values, most values first. Empty when the run has none (its
 * states differ elsewhere: memory, or a monitor's state) or its threads do not show their locals.
 */
export function growingLocals<S>(program: Program<S>, choices: Choices, maxSteps: number): GrowingLocal[] {
  const seen = new Map<string, { readonly thread: string; readonly fn: string; readonly name: string; readonly values: Set<number>; last: number }>();
  const sampler: Monitor = {
    name: 'GROWTH',
    afterStep: (ctx) => {
      for (const t of ctx.kernel.threads) {
        const locals = explicitStateOf(t)?.namedLocals?.() ?? [];
        for (const l of locals) {
          if (!isScalar(l.value)) continue;
          const key = `${t.id}|${l.fn}|${l.name}`;
          let entry = seen.get(key);
          if (entry === undefined) {
            entry = { thread: t.name, fn: l.fn, name: l.name, values: new Set(), last: l.value };
            seen.set(key, entry);
          }
          entry.values.add(l.value);
          entry.last = l.value;
        }
      }
      return null;
    },
  };
  runExecution(program, new ReplayScheduler(choices), [sampler], { maxSteps, lasso: 'off' });
  return [...seen.values()]
    .filter((e) => e.values.size >= GROWTH_THRESHOLD)
    .map((e) => ({ thread: e.thread, fn: e.fn, name: e.name, values: e.values.size, last: e.last }))
    .sort((a, b) => b.values - a.values || a.thread.localeCompare(b.thread));
}

/** One clause for a verdict line: which locals kept growing along a cut run, or '' when none did. */
export function growthText(growing: readonly GrowingLocal[]): string {
  if (growing.length === 0) return '';
  const shown = growing.slice(0, 3).map((g) => `${g.thread}'s \`${g.name}\` in ${g.fn}() (${g.values.toLocaleString('en-US')} values, ${g.last} at the cut)`);
  return `; along the first cut run the state never repeats because ${shown.join(', ')} kept taking new values: a search cannot close a cycle over a counter that grows for ever`;
}
