/**
 * Machine-readable results: an exploration (what the CLI's --json prints) and a counterexample with
 * its trace. Plain data with stable field names; thread ids are names (`T1`), addresses and values are
 * the report's names.
 */
import { replayCommand, type Counterexample } from '../run/counterexample.ts';
import type { SessionResult } from '../run/session.ts';
import { buildRows } from './rows.ts';
import { evidenceText, type Lasso } from '../explorer/lasso.ts';

export interface CounterexampleJson {
  readonly scenario: string;
  readonly implementation: string;
  /** What it was checked against: contract, v4.1 or v6.17. */
  readonly profile: string;
  readonly memory: string;
  readonly timeouts: string;
  readonly property: string | null;
  readonly violations: readonly { property: string; message: string; step: number; thread: string | null }[];
  readonly end: string;
  readonly preemptions: number;
  readonly steps: number;
  readonly shrunkFrom: { preemptions: number; steps: number } | null;
  readonly token: string;
  readonly replay: string;
  readonly setup: readonly string[];
  readonly trace: readonly { step: number | null; thread: string; line: string | null; chain: readonly string[]; op: string }[];
  readonly threads: Readonly<Record<string, string>>;
  readonly pool: string | null;
  /** Weak memory only: whether the failure needs it, and the stale reads of the run. */
  readonly weak: readonly string[];
  /** The scenario before fuzzing shrank it, when it was shrunk. */
  readonly shrunkFromScenario: string | null;
  /** A livelock's lasso: `trace` split into the prefix and the cycle that repeats forever. */
  readonly lasso: LassoJson | null;
}

export interface LassoJson {
  readonly prefixSteps: number;
  readonly cycleSteps: number;
  readonly prefix: CounterexampleJson['trace'];
  readonly cycle: CounterexampleJson['trace'];
  /** Threads that step in the cycle; enabled in every state of it; enabled in some state of it. */
  readonly stepping: readonly string[];
  readonly enabledThroughout: readonly string[];
  readonly enabledSometime: readonly string[];
  readonly fairness: 'strong' | 'weak';
  /** `exact`: every thread's frames compared; `visible`: generator threads, confirmed by `replays`. */
  readonly evidence: 'exact' | 'visible';
  readonly replays: number;
  readonly evidenceText: string;
}

export function counterexampleJson(cx: Counterexample): CounterexampleJson {
  const rows = buildRows(cx.run);
  const name = (tid: number): string => rows.threadNames[tid] ?? `thread ${tid}`;
  const trace: CounterexampleJson['trace'][number][] = [];
  for (const row of rows.rows) {
    for (const [tid, lines] of row.lines) {
      for (const l of lines) trace.push({ step: row.step, thread: name(tid), line: l.line === '' ? null : l.line, chain: l.chain, op: l.text });
    }
  }
  const threads: Record<string, string> = {};
  for (const [tid, end] of rows.ends) threads[name(tid)] = end;
  const lastPool = [...rows.rows].reverse().find((r) => r.pool !== null)?.pool ?? rows.poolAfterSetup;
  return {
    scenario: cx.config.scenario.name,
    implementation: cx.config.impl,
    profile: cx.config.profile,
    memory: cx.config.memory,
    timeouts: cx.config.timeouts,
    property: cx.property,
    violations: cx.violations.map((v) => ({ property: v.property, message: v.message, step: v.step, thread: v.tid === undefined ? null : name(v.tid) })),
    end: cx.end,
    preemptions: cx.size.preemptions,
    steps: cx.size.steps,
    shrunkFrom: cx.original === null ? null : { preemptions: cx.original.preemptions, steps: cx.original.steps },
    token: cx.token,
    replay: replayCommand(cx.token),
    setup: rows.setup.filter((l) => l.kind === 'mark').map((l) => l.text),
    trace,
    threads,
    pool: lastPool,
    weak: cx.weak,
    shrunkFromScenario: cx.originalScenario,
    lasso: cx.lasso === null ? null : lassoJson(cx.lasso, trace, name),
  };
}

function lassoJson(lasso: Lasso, trace: CounterexampleJson['trace'], name: (tid: number) => string): LassoJson {
  const f = lasso.fairness;
  return {
    prefixSteps: lasso.prefixSteps,
    cycleSteps: lasso.cycleSteps,
    prefix: trace.filter((t) => t.step === null || t.step <= lasso.prefixSteps),
    cycle: trace.filter((t) => t.step !== null && t.step > lasso.prefixSteps),
    stepping: f.stepping.map(name),
    enabledThroughout: f.enabledThroughout.map(name),
    enabledSometime: f.enabledSometime.map(name),
    fairness: f.stronglyFair ? 'strong' : 'weak',
    evidence: lasso.evidence.kind,
    replays: lasso.evidence.replays,
    evidenceText: evidenceText(lasso.evidence),
  };
}

export interface ExplorationJson {
  readonly scenario: string;
  readonly implementation: string;
  readonly profile: string;
  readonly strategy: string;
  readonly memory: string;
  readonly timeouts: string;
  readonly verdict: string;
  readonly failedProperties: readonly string[];
  readonly executions: number;
  readonly failedExecutions: number;
  /** Executions where a property answered `unknown` (its check could not decide them: a search out of its budget, say), and which. */
  readonly unknownExecutions: number;
  readonly unknownProperties: readonly string[];
  /** Why the first undecided execution was undecided, in its monitor's words (null: none was). */
  readonly firstUnknown: { readonly property: string; readonly message: string } | null;
  readonly complete: boolean;
  readonly stoppedBy: string;
  readonly coverage: string;
  readonly counterexample: CounterexampleJson | null;
}

export function explorationJson(
  meta: { scenario: string; implementation: string; profile: string; strategy: string; memory: string; timeouts: string },
  r: SessionResult,
  cx: Counterexample | null,
): ExplorationJson {
  return {
    ...meta,
    verdict: r.verdict,
    failedProperties: r.failedProperties,
    executions: r.executions,
    failedExecutions: r.failedExecutions,
    unknownExecutions: r.unknownExecutions,
    unknownProperties: r.unknownProperties,
    firstUnknown: r.firstUnknown ?? null,
    complete: r.complete,
    stoppedBy: r.stoppedBy,
    coverage: r.coverage,
    counterexample: cx === null ? null : counterexampleJson(cx),
  };
}
