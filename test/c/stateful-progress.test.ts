/**
 * A stateful search's progress shows the states it has reached beside the runs it took (a user
 * watching a long search wants its size, not only its runs), and so does a failure found by a search
 * that did not end; a failure found by one that did end says it is complete, every property covered.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { capture } from '../cli/io.ts';
import type { Monitor } from '../../explorer/monitor.ts';
import { StatefulScheduler } from '../../explorer/stateful/scheduler.ts';
import { ExploreSession, runSession } from '../../run/session.ts';
import { scenarioProgram } from '../../scenarios/program.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';
import { seedImpl } from './helpers.ts';

describe('stateful search progress', () => {
  it('each progress line counts states; a stateless search shows none', async () => {
    // A clock that advances 2 s per reading: progress lines come at once and then every few readings.
    const stateful = capture({ progress: true, tick: 2000 });
    expect(await main(['explore', 'trio3', '--impl', 'c:docs/seed/mempool.c', '--strategy', 'stateful', '--all', '--skip', 'LINEARIZABLE'], stateful.io)).toBe(0);
    const lines = stateful.err.filter((l) => l.startsWith('explore trio3 (stateful)'));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(/[\d,]+ executions, [\d,]+ states, \d+ failing/);

    const stateless = capture({ progress: true, tick: 2000 });
    expect(await main(['explore', 'trio3', '--impl', 'c:docs/seed/mempool.c', '--strategy', 'dpor'], stateless.io)).toBe(0);
    const plain = stateless.err.filter((l) => l.startsWith('explore trio3 (dpor)'));
    expect(plain.length).toBeGreaterThan(0);
    for (const l of plain) expect(l).not.toMatch(/states/);
  });

  it('a failure found before the search ended says how many states it covered', async () => {
    // zero-min fails NO-DEADLOCK on the seed (a known finding); without --all the search stops there.
    const c = capture();
    expect(await main(['explore', 'zero-min', '--impl', 'c:docs/seed/mempool.c', '--strategy', 'stateful', '--skip', 'LINEARIZABLE'], c.io)).toBe(1);
    expect(c.out.find((l) => l.startsWith('FAIL: '))).toMatch(/; stopped after the first failure \(--all explores everything\) \(covered: [\d,]+ states, [\d,]+ transitions so far\)$/);
  });

  it('a failure found by a complete search says so, every property covered', async () => {
    // resize3's livelock on the seed, every reachable state; LINEARIZABLE is checked online under the
    // contract too (a C file's default profile), so nothing is left uncovered.
    const c = capture();
    expect(await main(['explore', 'resize3', '--impl', 'c:docs/seed/mempool.c', '--strategy', 'stateful', '--all'], c.io)).toBe(1);
    expect(c.out.find((l) => l.startsWith('FAIL: '))).toMatch(/^FAIL: LIVELOCK in [\d,]+ of [\d,]+ executions; complete$/);
    const skipped = capture();
    expect(await main(['explore', 'resize3', '--impl', 'c:docs/seed/mempool.c', '--strategy', 'stateful', '--all', '--skip', 'LINEARIZABLE'], skipped.io)).toBe(1);
    expect(skipped.out.find((l) => l.startsWith('FAIL: '))).toMatch(/; complete$/);
  });
});

describe('a property the stateful search cannot cover', () => {
  it('a monitor with no state key (no writeState) is listed as not covered, and the verdict is incomplete', () => {
    // Every built-in monitor has a key in a stateful search; a monitor written without one is what is left.
    const keyless: Monitor = { name: 'KEYLESS', atEnd: () => [] };
    const program = scenarioProgram(scenarioNamed('pair2'), seedImpl());
    const settings = { maxExecutions: Number.MAX_SAFE_INTEGER, maxSteps: 2000, all: true, searchAfterFailure: 0 };
    const r = runSession(new ExploreSession(program, new StatefulScheduler(), [keyless], settings));
    expect(r.uncoveredProperties).toEqual(['KEYLESS']);
    expect(r.verdict).toBe('incomplete');
    expect(r.coverage).toMatch(/not covered by the stateful search: KEYLESS \(no state key/);
    const keyed: Monitor = { ...keyless, writeState: () => {} };
    expect(runSession(new ExploreSession(program, new StatefulScheduler(), [keyed], settings)).verdict).toBe('pass');
  });
});
