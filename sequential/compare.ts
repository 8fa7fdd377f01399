/**
 * Comparing the implementation's state with the model's after a command: the pool (min_nr, curr_nr,
 * reserve in LIFO order), the allocators' live set, warnings and BUG reports, and which allocator entry
 * points the elements went through.
 */
import { ZERO_SIZE_PTR } from '../kernel/rt/allocator.ts';
import type { BackendKind } from '../impl/pool-impl.ts';
import { expectedLiveIn, type AnySemantics, type World } from '../model/index.ts';
import type { Harness, Ran } from './harness.ts';

export interface Mismatch {
  readonly what: string;
  readonly expected: string;
  readonly actual: string;
  readonly reason: string;
}

const hex = (p: number): string => (p === 0 ? 'NULL' : `0x${p.toString(16)}`);
const list = (ps: readonly number[]): string => `[${ps.map(hex).join(', ')}]`;
const same = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x, i) => b[i] === x);
const sorted = (ps: Iterable<number>): number[] => [...ps].sort((x, y) => x - y);

/** Runtime findings other than BUG reports: never right in a sequential run of a correct pool. */
export function newFindings(r: Harness): Mismatch | null {
  const fresh = r.kernel.findings.slice(r.findingsSeen);
  r.findingsSeen = r.kernel.findings.length;
  const bad = fresh.find((f) => f.property !== 'BUG-FREE');
  if (bad === undefined) return null;
  return { what: 'runtime finding', expected: 'no finding', actual: `${bad.property}: ${bad.message}`, reason: `the simulated kernel reported ${bad.property}` };
}

const BACKEND_APIS: Readonly<Record<BackendKind, readonly [string, string]>> = {
  slab: ['kmem_cache_alloc', 'kmem_cache_free'],
  kmalloc: ['kmalloc', 'kfree'],
  pages: ['alloc_pages', '__free_pages'],
};

/** Elements come from and go back to the pool's backend (mempool_alloc_slab → kmem_cache_alloc, ...). */
export function checkApis(ran: Ran<unknown>, backend: BackendKind | null): Mismatch | null {
  if (backend === null) return null;
  const [alloc, free] = BACKEND_APIS[backend];
  for (const [i, call] of ran.calls.entries()) {
    if (call.cls !== 'element') continue;
    const want = call.call === 'alloc' ? alloc : free;
    const api = ran.apis[i];
    if (api !== want) return { what: 'allocator calls', expected: want, actual: api ?? '?', reason: `a ${backend} pool's elements go through ${alloc}/${free}` };
  }
  return null;
}

export function compareAfter(sem: AnySemantics, w: World, r: Harness): Mismatch | null {
  return comparePool(sem, w, r) ?? compareLive(sem, w, r) ?? compareReports(sem, w, r);
}

function comparePool(sem: AnySemantics, w: World, r: Harness): Mismatch | null {
  if (!w.pool.exists || r.pool === null) return null;
  const s = r.impl.inspect(r.pool, (loc) => r.kernel.mem.peek(loc));
  const m = w.pool;
  const curr = sem.currNr(m);
  if (s.min_nr === m.min_nr && s.curr_nr === curr && sem.sameReserve(m, s.reserve)) return null;
  return {
    what: 'pool state',
    expected: `min_nr ${m.min_nr}, curr_nr ${curr}, reserve ${list(m.reserve)}`,
    actual: `min_nr ${s.min_nr}, curr_nr ${s.curr_nr}, reserve ${list(s.reserve)}`,
    reason: sem.exactBlocks
      ? 'after the operation the pool must hold what the model holds (reserve bottom to top)'
      : 'after the operation the pool must hold what the model holds (the same elements, in any order)',
  };
}

function compareLive(sem: AnySemantics, w: World, r: Harness): Mismatch | null {
  const want = expectedLiveIn(sem, w);
  const live = r.kernel.allocators.live;
  for (const [cls, expected] of [['element', want.elements], ['meta', want.blocks.filter((p) => p !== ZERO_SIZE_PTR)]] as const) {
    const actual = sorted([...live.values()].filter((b) => b.cls === cls).map((b) => b.ptr));
    const exp = sorted(expected);
    if (same(exp, actual)) continue;
    const leaked = actual.filter((p) => !exp.includes(p));
    const gone = exp.filter((p) => !actual.includes(p));
    const where = cls === 'element' ? 'elements (reserve + held by callers)' : sem.exactBlocks ? "the pool's own blocks (struct + elements array)" : "the pool's own blocks (what it allocated and has not freed)";
    const parts = [...(leaked.length ? [`live but unaccounted for (leaked): ${list(leaked)}`] : []), ...(gone.length ? [`freed although still in use: ${list(gone)}`] : [])];
    return { what: 'live set', expected: `live ${where}: ${list(exp)}`, actual: `live: ${list(actual)}`, reason: parts.join('; ') };
  }
  return null;
}

function compareReports(sem: AnySemantics, w: World, r: Harness): Mismatch | null {
  const warnings = r.kernel.warnings.length;
  if (sem.warnsOnZero && warnings !== w.warnings) {
    return { what: 'warnings', expected: `${w.warnings} warning(s)`, actual: `${warnings} warning(s)`, reason: 'VM_WARN_ON_ONCE(gfp_mask & __GFP_ZERO) (L207) warns on the first __GFP_ZERO alloc of a boot, and only then' };
  }
  const bugs = r.kernel.findings.filter((f) => f.property === 'BUG-FREE').length;
  if (bugs !== w.bugs) {
    return { what: 'BUG reports', expected: `${w.bugs} BUG(s)`, actual: `${bugs} BUG(s)`, reason: 'only mempool_resize(n <= 0) BUGs (L132)' };
  }
  return null;
}
