/**
 * What a gate unit produced, as plain data: it crosses from a worker thread by structured clone and
 * is all a report needs (counterexamples travel as replay tokens; the report re-records them).
 */
import type { RunSize } from '../../explorer/shrink.ts';
import type { MemoryModelName } from '../../kernel/rt/memory.ts';
import type { SequentialReport } from '../../sequential/check.ts';
import type { Classified } from '../known.ts';
import type { RaceFinding } from '../races.ts';
import type { StoppedBy } from '../session.ts';

/** A failing execution as found by a unit: shrunk, and named by the token that replays it. */
export interface CounterexampleRef {
  readonly property: string;
  readonly token: string;
  /** Its size before shrinking (null when not shrunk). */
  readonly original: RunSize | null;
  /** An execution no known finding's cause explains (its property may still be listed, for another cause). */
  readonly unexplained?: true;
}

/** An exploration's result without its live parts (choices of every best failure). */
export interface RunSummary {
  readonly verdict: 'pass' | 'fail' | 'incomplete';
  readonly executions: number;
  readonly failedExecutions: number;
  readonly failedProperties: readonly string[];
  readonly unknownExecutions: number;
  readonly unknownProperties: readonly string[];
  /** Failed properties with a failure no known finding's cause explains, and with one it explains (absent: no explain hook ran). */
  readonly unexplainedProperties?: readonly string[];
  readonly explainedProperties?: readonly string[];
  readonly complete: boolean;
  readonly stoppedBy: StoppedBy;
  readonly coverage: string;
}

interface UnitBase {
  readonly id: string;
  readonly index: number;
  readonly implementation: string;
  /** Wall-clock seconds the unit took (reports keep timings apart from results). */
  readonly seconds: number;
}

export interface ScenarioOutcome extends UnitBase {
  readonly kind: 'scenario';
  readonly scenario: string;
  readonly memory: MemoryModelName;
  readonly timeouts: string;
  readonly strategy: string;
  readonly result: RunSummary;
  readonly classified: Classified;
  /** Known findings of this row: property -> why. */
  readonly expected: readonly (readonly [string, string])[];
  readonly counterexamples: readonly CounterexampleRef[];
  /** Input classes the row's executions covered (run/coverage.ts). */
  readonly covered: readonly string[];
}

export interface SequentialOutcome extends UnitBase {
  readonly kind: 'sequential';
  readonly report: SequentialReport;
  /** Stopped before every sequence ran (Ctrl-C). */
  readonly interrupted: boolean;
}

export interface RaceRun {
  readonly scenario: string;
  readonly executions: number;
  /** Every trace explored to its end. */
  readonly complete: boolean;
  readonly findings: readonly RaceFinding[];
}

export interface RacesOutcome extends UnitBase {
  readonly kind: 'races';
  readonly budget: number;
  readonly run: RaceRun;
}

/** The unit could not produce a result: the checker failed (an internal error), not a property. */
export interface ErrorOutcome extends UnitBase {
  readonly kind: 'error';
  readonly unit: string;
  readonly message: string;
  /** The implementation ran differently on the same schedule: bad input, not the checker's fault. */
  readonly nondeterministic?: true;
}

/** What failed on a mutant (scenario null: the sequential check, whose failure is SEQUENTIAL). */
export interface KillsOutcome extends UnitBase {
  readonly kind: 'kills';
  readonly scenario: string | null;
  readonly memory: MemoryModelName | null;
  readonly failed: readonly string[];
  readonly executions: number;
  readonly complete: boolean;
}

export type UnitOutcome = ScenarioOutcome | SequentialOutcome | RacesOutcome | KillsOutcome | ErrorOutcome;
