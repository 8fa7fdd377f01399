/**
 * What a scenario covers: the input classes of each operation (every GFP class, __GFP_ZERO, free of
 * NULL, grow and shrink, -ENOMEM, a failed create...) and of the setting it runs in (backend, sleeping
 * callbacks, timed mode, fault modes, hand-offs). Classes of operations are read from what explored
 * executions actually did (the history of every execution, by a monitor that looks only at the end);
 * classes of the setting from the scenario. The gate says per scenario what it does not cover, and a
 * test holds that every class is covered by some named scenario.
 */
import type { EndKind, Monitor, MonitorContext, Violation } from '../explorer/monitor.ts';
import { faultClassOf } from '../kernel/rt/faults.ts';
import { GFP_CLASSES, __GFP_ZERO, type GfpClass } from '../kernel/rt/gfp.ts';
import { ENOMEM } from '../kernel/api/alloc.ts';
import { OpTracker, type TrackedOp } from '../properties/support/ops.ts';
import { CREATE_TAG, type CreateMark } from '../scenarios/interpreter.ts';
import type { Scenario } from '../scenarios/spec.ts';

export interface InputClass {
  readonly id: string;
  /** What it is, for the gate's text. */
  readonly group: 'alloc' | 'free' | 'resize' | 'create' | 'destroy' | 'setting';
  // (mempool_destroy with other threads still running is the caller's bug, L122: not an input class.)
}

const GFPS = Object.keys(GFP_CLASSES) as GfpClass[];

/** Every class, in the order the gate lists them. */
export const INPUT_CLASSES: readonly InputClass[] = [
  ...GFPS.map((g) => ({ id: `alloc ${g}`, group: 'alloc' as const })),
  { id: 'alloc __GFP_ZERO', group: 'alloc' },
  { id: 'alloc returns NULL', group: 'alloc' },
  { id: 'alloc from the reserve', group: 'alloc' },
  { id: 'alloc in an interrupt handler', group: 'alloc' },
  { id: 'free NULL', group: 'free' },
  { id: 'free refills the reserve', group: 'free' },
  { id: 'free to free_fn', group: 'free' },
  { id: 'free in an interrupt handler', group: 'free' },
  { id: 'resize shrink', group: 'resize' },
  { id: 'resize grow', group: 'resize' },
  { id: 'resize grow -ENOMEM', group: 'resize' },
  { id: 'resize grow raced', group: 'resize' },
  { id: 'resize refill fails', group: 'resize' },
  { id: 'create succeeds', group: 'create' },
  { id: 'create fails', group: 'create' },
  { id: 'destroy at the end', group: 'destroy' },
  { id: 'backend slab', group: 'setting' },
  { id: 'backend kmalloc', group: 'setting' },
  { id: 'backend pages', group: 'setting' },
  { id: 'callbacks that sleep', group: 'setting' },
  { id: 'timed mode', group: 'setting' },
  { id: 'metadata faults', group: 'setting' },
  { id: 'hand-off through memory', group: 'setting' },
  { id: 'hand-off through a lock', group: 'setting' },
];

/** Classes of the scenario's setting (they hold for every execution). */
export function settingClasses(s: Scenario): string[] {
  const out = [`backend ${s.backend}`];
  if (s.finalDestroy) out.push('destroy at the end');
  if (s.sleepingCallbacks === true) out.push('callbacks that sleep');
  if (s.timeouts === 'timed') out.push('timed mode');
  if (s.metaFaults !== undefined && s.metaFaults.kind !== 'never') out.push('metadata faults');
  const commands = [s.prefix, ...s.threads.map((t) => t.commands)].flat();
  if (commands.some((c) => c.op === 'publish' && c.locked !== true)) out.push('hand-off through memory');
  if (commands.some((c) => c.op === 'publish' && c.locked === true)) out.push('hand-off through a lock');
  return out;
}

function gfpClassOf(gfp: number): GfpClass | null {
  const plain = gfp & ~__GFP_ZERO;
  return GFPS.find((g) => GFP_CLASSES[g] === plain) ?? null;
}

/** The classes one finished (or cut) operation of an execution shows. */
function opClasses(o: TrackedOp, atomic: boolean, out: Set<string>): void {
  const done = o.returnAt >= 0;
  switch (o.op.op) {
    case 'alloc': {
      const g = gfpClassOf(o.op.gfp);
      if (g !== null) out.add(`alloc ${g}`);
      if (o.op.gfp & __GFP_ZERO) out.add('alloc __GFP_ZERO');
      if (atomic) out.add('alloc in an interrupt handler');
      if (!done) return;
      if (o.value === 0) out.add('alloc returns NULL');
      else if (!o.calls.some((c) => c.kind === 'alloc' && c.result === o.value)) out.add('alloc from the reserve');
      return;
    }
    case 'free':
      if (o.op.element === 0) out.add('free NULL');
      if (atomic) out.add('free in an interrupt handler');
      if (!done || o.op.element === 0) return;
      out.add(o.calls.some((c) => c.kind === 'free') ? 'free to free_fn' : 'free refills the reserve');
      return;
    case 'resize': {
      const array = o.calls.find((c) => c.kind === 'alloc' && faultClassOf(c.api) === 'meta');
      if (array === undefined) {
        if (done) out.add('resize shrink');
        return;
      }
      out.add('resize grow');
      if (done && o.value === -ENOMEM) out.add('resize grow -ENOMEM');
      // "Raced" (L155-159): the new array is freed again, not the old one.
      if (array.kind === 'alloc' && array.result !== 0 && o.calls.some((c) => c.kind === 'free' && c.ptr === array.result)) out.add('resize grow raced');
      if (o.calls.some((c) => c.kind === 'alloc' && faultClassOf(c.api) === 'element' && c.result === 0)) out.add('resize refill fails');
      return;
    }
    default:
      return;
  }
}

/** Collects the classes explored executions show (cheap: it reads each history once, at the end). */
export class CoverageMonitor implements Monitor {
  readonly name = 'coverage';
  readonly covered = new Set<string>();
  private readonly tracker = new OpTracker();

  constructor(scenario: Scenario) {
    for (const c of settingClasses(scenario)) this.covered.add(c);
  }

  atEnd(ctx: MonitorContext, _end: EndKind): readonly Violation[] {
    const { kernel } = ctx;
    this.tracker.reset();
    this.tracker.sync(kernel.history);
    for (const o of this.tracker.ops) {
      if (o.tid === 0) continue; // the sequential prefix ran alone, before anything concurrent
      opClasses(o, kernel.threads[o.tid]?.atomic === true, this.covered);
    }
    for (const e of kernel.history) {
      if (e.kind !== 'mark' || e.mark.tag !== CREATE_TAG) continue;
      this.covered.add((e.mark.data as CreateMark).created ? 'create succeeds' : 'create fails');
    }
    return [];
  }
}

/** The classes a scenario did not cover, grouped for one line of text. */
export function notCovered(covered: ReadonlySet<string>): InputClass[] {
  return INPUT_CLASSES.filter((c) => !covered.has(c.id));
}

export function notCoveredText(covered: ReadonlySet<string>): string {
  const missing = notCovered(covered);
  if (missing.length === 0) return 'nothing: every input class';
  const groups = new Map<string, string[]>();
  for (const c of missing) {
    const rest = c.group === 'setting' ? c.id : c.id.slice(c.group.length + 1);
    groups.set(c.group, [...(groups.get(c.group) ?? []), rest]);
  }
  return [...groups].map(([g, items]) => (g === 'setting' ? items.join(', ') : `${g} (${items.join(', ')})`)).join('; ');
}
