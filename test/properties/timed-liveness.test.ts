/**
 * Liveness is judged in timed mode too. The seed sleeps with a timeout (io_schedule_timeout(5*HZ),
 * L262), which in timed mode may fire; its FIXME asks for io_schedule(), which never times out. A
 * sleeper with no timeout that nothing can wake is a deadlock in either mode, even where other
 * sleepers could still time out; a sleeper whose timeout could fire is not judged at a blocked end
 * (the budget, not the pool, stopped it). Before, NO-DEADLOCK was skipped in timed mode altogether.
 */
import { describe, expect, it } from 'vitest';
import { buildPatchedPort } from '../../impl/patched/load.ts';
import { ALWAYS } from '../../kernel/rt/faults.ts';
import type { PortEdit } from '../../impl/patched/edit.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';
import { run } from './run.ts';

/** The FIXME of L259-261 done: mempool_alloc sleeps in io_schedule(). A test edit, not a shipped variant. */
const IO_SCHEDULE: PortEdit = {
  name: 'test:io-schedule',
  summary: 'mempool_alloc sleeps in io_schedule() instead of io_schedule_timeout(5*HZ) (L262)',
  file: 'alloc.ts',
  patches: [
    { find: '  io_schedule_timeout,\n', replace: '  io_schedule_timeout,\n  io_schedule,\n' },
    { find: '    yield* io_schedule_timeout(5 * HZ); // L262\n', replace: '    yield* io_schedule(); // L262 (the FIXME: io_schedule())\n' },
  ],
};
const ioSchedule = buildPatchedPort(IO_SCHEDULE, IO_SCHEDULE.name);

/** A waiter that may not start I/O (GFP_NOIO) sleeps in io_schedule(); the others keep the 5*HZ timeout. */
const NOIO_UNTIMED: PortEdit = {
  name: 'test:noio-untimed',
  summary: 'mempool_alloc sleeps in io_schedule() when its mask lacks __GFP_IO, in io_schedule_timeout(5*HZ) otherwise (L262)',
  file: 'alloc.ts',
  patches: [
    { find: '  io_schedule_timeout,\n', replace: '  io_schedule_timeout,\n  io_schedule,\n' },
    {
      find: '    yield* io_schedule_timeout(5 * HZ); // L262\n',
      replace: '    if (gfp_mask & __GFP_IO) yield* io_schedule_timeout(5 * HZ); // L262\n    else yield* io_schedule(); // L262 (test edit)\n',
    },
  ],
};
const noioUntimed = buildPatchedPort(NOIO_UNTIMED, NOIO_UNTIMED.name);

const timed = (name: string) => ({ ...scenarioNamed(name), timeouts: 'timed' as const });

describe('liveness in timed mode', () => {
  it('zero-min, timed: the seed\'s waiter may time out (no deadlock, the lost wake-up stays); with io_schedule it sleeps for good', () => {
    const port = run(timed('zero-min'), { strategy: 'dpor' });
    expect(port.result.complete).toBe(true);
    expect(port.result.failedProperties).toEqual(['NO-LOST-WAKEUP']);
    const untimedSleep = run(timed('zero-min'), { impl: ioSchedule, strategy: 'dpor' });
    expect(untimedSleep.result.failedProperties).toContain('NO-DEADLOCK');
    expect(untimedSleep.messages['NO-DEADLOCK']).toMatch(/asleep for good with no timeout in mempool_alloc while no caller holds an element/);
  });

  it('a sleeper with no timeout that nothing can wake is deadlocked although another sleeper could still time out', () => {
    // min_nr 0 and an allocator that always fails: nothing will ever give either waiter an element.
    const s = { ...timed('zero-min'), faults: ALWAYS, threads: [{ commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }] }, { commands: [{ op: 'alloc', gfp: 'GFP_NOIO' }] }] } as const;
    const r = run(s, { impl: noioUntimed, strategy: 'dpor', ids: ['NO-DEADLOCK'] });
    expect(r.result.failedProperties).toEqual(['NO-DEADLOCK']);
    // Only T2 (GFP_NOIO, io_schedule) is named in every failure: T1 (GFP_KERNEL) sleeps with a timeout.
    expect(r.distinct['NO-DEADLOCK']?.every((m) => m.startsWith('T2 asleep for good with no timeout'))).toBe(true);
    // Both keep the seed's timeout: neither is judged, whatever the timeout budget left them doing.
    expect(run(s, { strategy: 'dpor', ids: ['NO-DEADLOCK'] }).result.failedProperties).toEqual([]);
  });

  it('pair2, timed: io_schedule is as good as the timeout where no wake-up is lost', () => {
    const r = run(timed('pair2'), { impl: ioSchedule, strategy: 'dpor' });
    expect([r.result.verdict, r.result.complete]).toEqual(['pass', true]);
  });

  it('timed-rescue: the port passes every property in timed mode (the rescue by timeout is explored)', () => {
    const r = run('timed-rescue', { strategy: 'dpor' });
    expect([r.result.verdict, r.result.complete]).toEqual(['pass', true]);
    // With io_schedule nothing can rescue the waiter (its holder keeps the element): blocked, not deadlocked.
    const forever = run('timed-rescue', { impl: ioSchedule, strategy: 'dpor' });
    expect(forever.result.verdict).toBe('pass');
  });
});
