/**
 * Choosing what to check: `--properties` / `--skip` by ID (recorded in the replay token, so a replay
 * checks what the run checked), refusals as one line with exit 2, and `list`, which prints what there
 * is to choose from the registries themselves.
 */
import { causeKeys } from '../../properties/causes.ts';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { PROPERTIES } from '../../properties/registry.ts';
import { SCENARIOS } from '../../scenarios/registry.ts';
import { MUTANTS } from '../../impl/mutants/registry.ts';
import { decodeToken } from '../../run/token.ts';
import { capture } from './io.ts';

async function run(args: string[]) {
  const c = capture();
  const code = await main(args, c.io);
  return { code, out: c.out, err: c.err };
}

const json = (lines: readonly string[]): Record<string, unknown> => JSON.parse(lines.join('\n')) as Record<string, unknown>;

describe('--properties and --skip', () => {
  // zero-min on the port fails NO-LOST-WAKEUP and NO-DEADLOCK (its known findings); nothing else.
  it('only the chosen properties are checked: zero-min fails the one chosen, passes when both are skipped', async () => {
    const only = await run(['explore', 'zero-min', '--properties', 'NO-DEADLOCK', '--all', '--json']);
    expect(only.code).toBe(1);
    expect(json(only.out)['failedProperties']).toEqual(['NO-DEADLOCK']);
    const skipOne = await run(['explore', 'zero-min', '--skip', 'NO-DEADLOCK', '--all', '--json']);
    expect(json(skipOne.out)['failedProperties']).toEqual(['NO-LOST-WAKEUP']);
    const skipBoth = await run(['explore', 'zero-min', '--skip', 'NO-DEADLOCK,NO-LOST-WAKEUP']);
    expect(skipBoth.code).toBe(0);
    expect(skipBoth.out[1]).toMatch(/^PASS: /);
  });

  it('the token records the selection, and the replay checks the same properties', async () => {
    const r = await run(['explore', 'zero-min', '--properties', 'NO-DEADLOCK', '--json']);
    const cx = json(r.out)['counterexample'] as { token: string; property: string };
    expect(cx.property).toBe('NO-DEADLOCK');
    expect(decodeToken(cx.token).properties).toEqual({ properties: ['NO-DEADLOCK'] });
    const replay = await run(['replay', cx.token, '--json']);
    expect(replay.code).toBe(1);
    expect(replay.err).toEqual([]); // no divergence warning: the same monitors ran
    expect((json(replay.out)['violations'] as { property: string }[]).map((v) => v.property)).toEqual(['NO-DEADLOCK']);
  });

  it.each([
    [['--properties', 'NO-SUCH'], /unknown property 'NO-SUCH' \(known: BUG-FREE, /],
    [['--skip', 'BUG-FREE'], /BUG-FREE cannot be skipped: the runtime detects it/],
    [['--properties', 'ZERO-WARN', '--profile', 'contract'], /ZERO-WARN is not checked under profile contract/],
    [['--properties', ','], /--properties needs at least one property ID/],
  ])('%j is refused: one line, exit 2', async (extra, message) => {
    const r = await run(['explore', 'pair2', ...extra]);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(message);
  });

  it('fuzz takes them too', async () => {
    const r = await run(['fuzz', '--runs', '1', '--skip', 'NO-SUCH']);
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/unknown property 'NO-SUCH'/);
  });
});

describe('list', () => {
  it('prints every scenario, strategy, property with its statement, profile, implementation and mutant', async () => {
    const r = await run(['list']);
    expect(r.code).toBe(0);
    const text = r.out.join('\n');
    for (const section of ['scenarios:', 'strategies:', 'properties:', 'profiles:', 'implementations:', 'mutants:', 'causes:']) expect(r.out).toContain(section);
    for (const k of causeKeys()) expect(text).toContain(`  ${k}  `);
    for (const s of SCENARIOS.values()) expect(text).toContain(`${s.name}`);
    for (const p of PROPERTIES.values()) expect(text).toMatch(new RegExp(`\\n  ${p.id} +${p.statement.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`));
    for (const m of MUTANTS.keys()) expect(text).toContain(`mutant:${m}`);
    for (const profile of ['contract', 'v4.1', 'v6.17']) expect(text).toMatch(new RegExp(`\\n  ${profile.replace('.', '\\.')} +\\S`));
  });

  it('one list as JSON; an unknown list is refused', async () => {
    const r = await run(['list', 'properties', '--json']);
    expect(r.code).toBe(0);
    expect((json(r.out)['properties'] as { name: string }[]).map((p) => p.name)).toEqual([...PROPERTIES.keys()]);
    const bad = await run(['list', 'colours']);
    expect(bad.code).toBe(2);
    expect(bad.err[0]).toMatch(/unknown list 'colours' \(known: scenarios, strategies, properties, profiles, implementations, mutants, causes\)/);
  });
});
