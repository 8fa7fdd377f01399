/**
 * The plain-access race detector: litmus programs with and without the synchronisation that orders a
 * plain access, and the seed, where the only races are the lockless test of L317 (known findings).
 */
import { describe, expect, it } from 'vitest';
import { memoryFactory } from '../../kernel/rt/weak/factory.ts';
import { knownRacesFor } from '../../config/project.ts';
import { parseLitmus } from '../../litmus/parser.ts';
import { litmusProgram } from '../../litmus/program.ts';
import { defaultConfig } from '../../run/run-config.ts';
import { detectRaces, detectRacesIn, raceLine } from '../../run/races.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';

/** Writer: *x = 1 then a flag; reader: the flag, then *x (guarded by the flag or not). */
function mp(writer: string, reader: string, guarded: boolean): string {
  const read = guarded ? 'if (r0) r1 = *x;' : 'r1 = *x;';
  return `C mp\n{}\nP0(int *x, int *y, spinlock_t *s)\n{\n\t*x = 1;\n\t${writer}\n}\nP1(int *x, int *y, spinlock_t *s)\n{\n\tint r0;\n\tint r1;\n\t${reader}\n\t${read}\n}\nexists (1:r1=0)\n`;
}

const races = (source: string, model: 'sc' | 'weak') => detectRacesIn(litmusProgram(parseLitmus(source), memoryFactory({ model })));

describe('race detector on litmus programs', () => {
  it.each([
    ['release/acquire', 'smp_store_release(y, 1);', 'r0 = smp_load_acquire(y);'],
    ['wmb/rmb', 'smp_wmb(); WRITE_ONCE(*y, 1);', 'r0 = READ_ONCE(*y); smp_rmb();'],
    ['mb/mb', 'smp_mb(); WRITE_ONCE(*y, 1);', 'r0 = READ_ONCE(*y); smp_mb();'],
    ['a lock', 'spin_lock(s); WRITE_ONCE(*y, 1); spin_unlock(s);', 'spin_lock(s); r0 = READ_ONCE(*y); spin_unlock(s);'],
  ])('%s orders a plain access read under the flag: no race', (_name, writer, reader) => {
    for (const model of ['sc', 'weak'] as const) {
      const r = races(mp(writer, reader, true), model);
      expect(r.complete).toBe(true);
      expect(r.findings, model).toEqual([]);
    }
  });

  it.each([
    ['the flag not checked', 'smp_store_release(y, 1);', 'r0 = smp_load_acquire(y);', false],
    ['no barrier on the reader', 'smp_wmb(); WRITE_ONCE(*y, 1);', 'r0 = READ_ONCE(*y);', true],
    ['no barrier on the writer', 'WRITE_ONCE(*y, 1);', 'r0 = READ_ONCE(*y); smp_rmb();', true],
  ])('%s: a race on x between the plain store and the plain load', (_name, writer, reader, guarded) => {
    for (const model of ['sc', 'weak'] as const) {
      const r = races(mp(writer, reader, guarded), model);
      const onX = r.findings.filter((f) => f.first.access.startsWith('plain') && f.second.access.startsWith('plain'));
      expect(onX.length, model).toBeGreaterThan(0);
      expect(onX.every((f) => f.known === null)).toBe(true);
    }
  });

  it('a plain flag races itself: plain store against the marked load of y', () => {
    for (const model of ['sc', 'weak'] as const) {
      const r = races(mp('smp_wmb(); *y = 1;', 'r0 = READ_ONCE(*y); smp_rmb();', true), model);
      expect(r.findings.map((f) => [f.first.access, f.second.access].sort().join(' / '))).toContain('marked load / plain store');
    }
  });

  it('two marked accesses never race', () => {
    expect(races(mp('WRITE_ONCE(*y, 1);', 'r0 = READ_ONCE(*y);', true).replace('*x = 1;', 'WRITE_ONCE(*x, 1);').replace('r1 = *x;', 'r1 = READ_ONCE(*x);'), 'weak').findings).toEqual([]);
  });
});

describe('race detector on the seed', () => {
  it('atomic2: the unlocked plain read of curr_nr (L317) against the stores under the lock, a known race', () => {
    for (const memory of ['sc', 'weak'] as const) {
      const r = detectRaces({ ...defaultConfig(scenarioNamed('atomic2'), 'v4.1'), memory }, 1000);
      expect(r.findings.length).toBeGreaterThan(0);
      for (const f of r.findings) {
        expect(f.known?.id, raceLine(f)).toBe('free-lockless-curr_nr');
        expect(f.first).toMatchObject({ access: 'plain load', site: 'L317' });
        expect(['L22', 'L28']).toContain(f.second.site);
        expect(f.second.access).toBe('plain store');
      }
      expect(new Set(r.findings.map((f) => f.second.site))).toEqual(new Set(['L22', 'L28']));
      expect(raceLine(r.findings[0] as (typeof r.findings)[number])).toMatch(/^known race free-lockless-curr_nr: pool->curr_nr: plain load by T\d at L317 is concurrent with plain store by T\d at L(22|28) \(via L(320|224)\)/);
    }
  });

  it('handoff3 has no race on the port; without the barrier pair the freer races with the removal', () => {
    const port = detectRaces({ ...defaultConfig(scenarioNamed('handoff3'), 'v4.1'), memory: 'weak' });
    expect(port.complete).toBe(true);
    expect(port.findings).toEqual([]);
    const mutant = detectRaces({ ...defaultConfig(scenarioNamed('handoff3'), 'mutant:no-barriers'), memory: 'weak' });
    expect(mutant.findings.map((f) => [f.known?.id, f.first.thread, f.first.site, f.second.thread, f.second.site])).toContainEqual([
      'free-lockless-curr_nr',
      'B',
      'L317',
      'A',
      'L28',
    ]);
  });

  it('resize3: the same lockless test also races with resize writing min_nr (L143, L165)', () => {
    const r = detectRaces({ ...defaultConfig(scenarioNamed('resize3'), 'v4.1'), memory: 'sc' }, 300);
    const ids = new Set(r.findings.map((f) => f.known?.id ?? 'UNKNOWN'));
    expect(ids).toEqual(new Set(['free-lockless-curr_nr', 'free-lockless-min_nr']));
    expect(knownRacesFor('v4.1').every((k) => k.plain === 'L317' && k.reason.length > 0)).toBe(true);
  });
});
