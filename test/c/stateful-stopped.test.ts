/**
 * A stateful search stopped before it ended (here by --max-executions; the clock, a nearly full heap
 * and Ctrl-C stop it the same way) still reports a livelock its state graph already holds: a weakly
 * fair cycle among the states and transitions seen so far is one of the whole graph, and it is
 * confirmed by replay like any other. It reports none before the graph holds one.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { capture } from '../cli/io.ts';

const RESIZE3 = ['explore', 'resize3', '--impl', 'c:docs/seed/mempool.c', '--strategy', 'stateful', '--all', '--skip', 'LINEARIZABLE'];

interface Json {
  verdict: string;
  failedProperties: string[];
  complete: boolean;
  stoppedBy: string;
  coverage: string;
  counterexample: { token: string; lasso?: { evidence: string; cycleSteps: number } } | null;
}

async function explore(runs: number): Promise<{ code: number; json: Json }> {
  const c = capture();
  const code = await main([...RESIZE3, '--max-executions', String(runs), '--json'], c.io);
  return { code, json: JSON.parse(c.out.join('\n')) as Json };
}

describe('a stateful search stopped early', () => {
  it("reports resize3's livelock once its graph holds a fair cycle, and not before", async () => {
    // Measured (2026-12-05): the 192nd run adds the transition that closes resize3's first fair cycle
    // (the 426th, between states already seen); after 191 runs the graph has 240 states and 425
    // transitions and no cycle a thread can be kept in fairly.
    const before = await explore(191);
    expect(before.json).toMatchObject({ verdict: 'incomplete', failedProperties: [], complete: false, stoppedBy: 'executions', coverage: '240 states, 425 transitions so far' });
    expect(before.code).toBe(3);

    const after = await explore(192);
    expect(after.json).toMatchObject({ verdict: 'fail', failedProperties: ['LIVELOCK'], complete: false, stoppedBy: 'executions', coverage: '240 states, 426 transitions so far' });
    expect(after.json.counterexample?.lasso?.evidence).toBe('exact');
    expect(after.code).toBe(1);

    // The counterexample is a livelock on its own: its token replays it.
    const replay = capture();
    expect(await main(['replay', after.json.counterexample?.token ?? ''], replay.io)).toBe(1);
    expect(replay.out.join('\n')).toMatch(/FAILED LIVELOCK/);
  });
});
