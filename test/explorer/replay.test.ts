/**
 * Replay round trip: the choices an execution recorded make ReplayScheduler reproduce it exactly (the
 * same operations in the same order with the same results, the same history, the same final state),
 * twice in a row; a schedule that does not fit the program is refused with a ReplayError.
 */
import { describe, expect, it } from 'vitest';
import { runExecution, type ExecutionResult } from '../../explorer/execution.ts';
import { explore } from '../../explorer/explore.ts';
import type { Choices } from '../../explorer/scheduler.ts';
import { DporScheduler } from '../../explorer/strategies/dpor.ts';
import { PctScheduler } from '../../explorer/strategies/pct.ts';
import { ReplayError, ReplayScheduler } from '../../explorer/strategies/replay.ts';
import type { Tracer } from '../../kernel/rt/trace.ts';
import { PORT } from '../../impl/registry.ts';
import { monitorsFor } from '../../properties/registry.ts';
import { scenarioProgram } from '../../scenarios/program.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';
import { finalState } from './final-state.ts';

/** Every operation as text: thread, operation (functions dropped), result, visibility. */
function recordingTracer(into: string[]): Tracer {
  return {
    onOp(_kernel, thread, op, result, visible) {
      into.push(`${thread.id} ${visible ? 'V' : 'i'} ${JSON.stringify(op, (k, v: unknown) => (typeof v === 'function' || k === 'wait' ? undefined : v))} -> ${JSON.stringify(result ?? null)}`);
    },
  };
}

function replay(scenario: string, choices: Choices, impl = PORT): { result: ExecutionResult; ops: string[] } {
  const ops: string[] = [];
  const result = runExecution(scenarioProgram(scenarioNamed(scenario), impl), new ReplayScheduler(choices), monitorsFor(), { maxSteps: 2000, tracer: recordingTracer(ops) });
  return { result, ops };
}

const copy = (c: Choices): { kinds: string[]; values: number[] } => ({ kinds: [...c.kinds], values: [...c.values] });

/** Some executions of a scenario, as explored (dpor, then pct for variety). */
function recorded(scenario: string): ExecutionResult[] {
  const out: ExecutionResult[] = [];
  const program = scenarioProgram(scenarioNamed(scenario), PORT);
  explore(program, new DporScheduler(), monitorsFor(), { maxExecutions: 40, stopOnFailure: false, keepFailures: 0 }, undefined, (e) => out.push(e));
  explore(program, new PctScheduler(3, 3, 20), monitorsFor(), { maxExecutions: 20, stopOnFailure: false, keepFailures: 0 }, undefined, (e) => out.push(e));
  return out;
}

describe('replay round trip', () => {
  for (const scenario of ['trio3', 'zero-min', 'resize-wake']) {
    it(`${scenario}: each recorded execution replays to the same operations, history, verdict and final state, twice`, () => {
      const runs = recorded(scenario);
      // dpor stops at its budget of 40 (each of these scenarios has more executions), pct runs its 20;
      // more where an exploration started over (explore.ts, onRestart) after reporting some.
      expect(runs.length).toBeGreaterThanOrEqual(40 + 20);
      for (const original of runs) {
        const first = replay(scenario, original.choices);
        const second = replay(scenario, original.choices);
        expect(first.result.choices).toEqual(copy(original.choices));
        expect(finalState(first.result)).toBe(finalState(original));
        expect(first.result.violations.map((v) => v.property)).toEqual(original.violations.map((v) => v.property));
        expect(JSON.stringify(first.result.kernel.history)).toBe(JSON.stringify(original.kernel.history));
        expect(first.result.steps).toBe(original.steps);
        expect(second.ops).toEqual(first.ops);
        expect(JSON.stringify(second.result.kernel.history)).toBe(JSON.stringify(first.result.kernel.history));
      }
    });
  }

  it('a failing execution (zero-min) replays to the same failure', () => {
    const failing = recorded('zero-min').filter((e) => e.violations.length > 0);
    expect(failing.length).toBeGreaterThan(0);
    for (const f of failing) expect(replay('zero-min', f.choices).result.violations).toEqual(f.violations);
  });
});

describe('a schedule that does not fit is refused', () => {
  const original = recorded('trio3').find((e) => e.choices.kinds.filter((k) => k === 't').length >= 2) as ExecutionResult;
  const choices = copy(original.choices);
  const firstThread = choices.kinds.indexOf('t');
  const firstValue = choices.kinds.indexOf('v');

  it('a thread pick of a thread that is not enabled', () => {
    const bad = copy(choices);
    bad.values[firstThread] = 9;
    expect(() => replay('trio3', bad)).toThrow(ReplayError);
    expect(() => replay('trio3', bad)).toThrow(/picks thread 9, which is not enabled/);
  });

  it('a value out of range, and a value where a thread pick is asked', () => {
    const bad = copy(choices);
    bad.values[firstValue] = 5;
    expect(() => replay('trio3', bad)).toThrow(/alternative 5 of only 2/);
    const swapped = copy(choices);
    swapped.kinds[firstThread] = 'v';
    expect(() => replay('trio3', swapped)).toThrow(ReplayError);
  });

  it('a schedule that ends too early or goes on too long', () => {
    const short = { kinds: choices.kinds.slice(0, 3), values: choices.values.slice(0, 3) };
    expect(() => replay('trio3', short)).toThrow(/ends at choice 3/);
    const long = { kinds: [...choices.kinds, 't'], values: [...choices.values, 1] };
    expect(() => replay('trio3', long)).toThrow(/ended after/);
  });

  it("another scenario's schedule", () => {
    expect(() => replay('pair2', choices)).toThrow(ReplayError);
  });
});
