/**
 * A canonical description of how an execution ended, for comparing strategies: two executions that
 * are equivalent (one is a reordering of independent steps of the other) must give the same string.
 */
import type { ExecutionResult } from '../../explorer/execution.ts';
import type { PoolWorld } from '../../scenarios/world.ts';

export function finalState(r: ExecutionResult): string {
  const properties = [...new Set(r.violations.map((v) => v.property))].sort().join(',');
  // A run cut by the step limit ends wherever the cut fell: only what failed is canonical.
  if (r.end === 'step-limit') return `${r.end} [${properties}]`;
  const k = r.kernel;
  const threads = k.threads.map((t) => `${t.id}:${t.status}=${String(t.result)}`).join(' ');
  const world = r.setup as PoolWorld | null;
  const live = [...k.allocators.live.keys()].sort((a, b) => a - b).join(',');
  if (world === null) return `${r.end} [${properties}] ${threads} live{${live}}`;
  const held = world.held.map((h, i) => `${i}:${(h ?? []).join(',')}`).join(' ');
  const vars = world.vars.map((c) => k.mem.peek(c)).join(',');
  let pool = 'destroyed';
  if (!world.destroyed) {
    const s = world.snapshot(k);
    pool = `${s.min_nr}/${s.curr_nr} [${s.reserve.join(',')}]`;
  }
  return `${r.end} [${properties}] ${threads} held{${held}} vars{${vars}} pool{${pool}} live{${live}}`;
}
