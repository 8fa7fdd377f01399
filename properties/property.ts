/**
 * A property: a stable ID (DESIGN.md section 5), a one-line statement, and a factory of monitors that
 * check it on running executions. A monitor keeps per-execution state (reset in `start`), so every
 * exploration gets fresh ones (`monitorsFor` in registry.ts).
 */
import type { Monitor, Violation } from '../explorer/monitor.ts';
import type { Profile } from '../model/profile.ts';

export interface PropertyDef {
  readonly id: string;
  /** One line: what holds on every explored execution. */
  readonly statement: string;
  /** When it is checked: per step, at quiescence, at the end (for reports and the invariants document). */
  readonly checkedAt: readonly CheckPoint[];
  /**
   * Detected (also) by the kernel runtime at the operation that breaks it (kernel.findings), which the
   * explorer reports whatever monitors run.
   */
  readonly runtime?: boolean;
  /**
   * The profiles that check it (properties/profiles.ts). Absent: every profile, i.e. the property is
   * part of the contract. A property that names one version's detail (an exact GFP mask, the seed's
   * barrier pairing, the __GFP_ZERO warning) lists the refinement profiles.
   */
  readonly profiles?: readonly Profile[];
  /** A monitor for one exploration under `profile` (LINEARIZABLE and BOUNDS depend on it). */
  create(profile: Profile): Monitor;
}

export type CheckPoint = 'step' | 'quiescence' | 'end';

/**
 * The monitor of a property the runtime detects (BUG-FREE, IMPL-CRASH, TERMINATION): it checks nothing
 * and keeps no state at all (the findings come from the kernel, whose state is the world), so writing
 * nothing is exact and a fork may be the monitor itself.
 */
export function stateless(name: string): Monitor {
  const m: Monitor = { name, writeState: () => undefined, fork: () => m };
  return m;
}

export function violation(property: string, message: string, step: number, tid?: number): Violation {
  return tid === undefined ? { property, message, step } : { property, message, step, tid };
}
