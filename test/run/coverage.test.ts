/**
 * Each input class of each operation (every GFP class, __GFP_ZERO, free of NULL, grow, shrink,
 * -ENOMEM, a failed create, ...) and of the setting (backends, sleeping callbacks, timed mode, fault
 * modes, hand-offs) is covered by at least one named scenario, as the explored executions show; and the
 * gate's "does not cover" text names what a scenario misses.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../explorer/explore.ts';
import { makeScheduler } from '../../explorer/strategies/registry.ts';
import { CoverageMonitor, INPUT_CLASSES, notCovered, notCoveredText, settingClasses } from '../../run/coverage.ts';
import { defaultConfig, programOf } from '../../run/run-config.ts';
import { SCENARIOS, scenarioNamed } from '../../scenarios/registry.ts';
import type { Scenario } from '../../scenarios/spec.ts';

/** Classes covered by the first `executions` executions the gate's strategy explores (a lower bound of what the gate covers). */
function covered(s: Scenario, executions = 400): ReadonlySet<string> {
  const monitor = new CoverageMonitor(s);
  const bound = s.bound?.maxPreemptions;
  const scheduler = bound === undefined ? makeScheduler('dpor', { seed: 1 }) : makeScheduler('bounded-dpor', { seed: 1, maxPreemptions: bound });
  explore(programOf(defaultConfig(s, 'v4.1')), scheduler, [monitor], { maxExecutions: executions, stopOnFailure: false, keepFailures: 0 });
  return monitor.covered;
}

describe('input classes', () => {
  it('every class is covered by some named scenario', () => {
    const all = new Set<string>();
    const by = new Map<string, string[]>();
    for (const s of SCENARIOS.values()) {
      for (const c of covered(s)) {
        all.add(c);
        by.set(c, [...(by.get(c) ?? []), s.name]);
      }
    }
    expect(notCovered(all).map((c) => c.id)).toEqual([]);
    // The classes the issue named, and who covers them beside atomic2.
    expect(by.get('alloc __GFP_ZERO')).toContain('gfp-mix');
    expect(by.get('free NULL')).toContain('gfp-mix');
    expect(by.get('resize grow -ENOMEM')).toEqual(['meta-faults']);
    expect(by.get('create fails')).toEqual(['meta-faults']);
    expect(by.get('timed mode')).toEqual(['timed-rescue']);
    for (const g of ['GFP_KERNEL', 'GFP_NOFS', 'GFP_NOIO', 'GFP_ATOMIC', 'GFP_NOWAIT']) expect(by.get(`alloc ${g}`)?.length, g).toBeGreaterThan(0);
  });

  it('a scenario covers only what its executions do, and the text names the rest by operation', () => {
    const pair2 = covered(scenarioNamed('pair2'));
    expect([...pair2].sort()).toEqual(['alloc GFP_KERNEL', 'alloc from the reserve', 'backend slab', 'destroy at the end', 'free refills the reserve'].sort());
    const text = notCoveredText(pair2);
    expect(text).toMatch(/^alloc \(GFP_NOFS, GFP_NOIO, GFP_ATOMIC, GFP_NOWAIT, __GFP_ZERO, returns NULL, in an interrupt handler\); free \(NULL, to free_fn, in an interrupt handler\); resize \(/);
    expect(text).toContain('callbacks that sleep, timed mode, metadata faults');
    expect(notCoveredText(new Set(INPUT_CLASSES.map((c) => c.id)))).toBe('nothing: every input class');
  });

  it('settings come from the scenario: backend, sleeping callbacks, timed mode, metadata faults, hand-offs', () => {
    expect(settingClasses(scenarioNamed('sleepy-shrink'))).toContain('callbacks that sleep');
    expect(settingClasses(scenarioNamed('meta-faults'))).toContain('metadata faults');
    expect(settingClasses(scenarioNamed('handoff-lock'))).toContain('hand-off through a lock');
    expect(settingClasses(scenarioNamed('handoff3'))).toContain('hand-off through memory');
    expect(settingClasses(scenarioNamed('timed-rescue'))).toEqual(['backend pages', 'destroy at the end', 'timed mode']);
  });
});
