/** Replay tokens: round trips, compactness, and refusals (corrupted, other implementation, changed scenario). */
import { describe, expect, it } from 'vitest';
import { ByteReader, ByteWriter } from '../../run/bytes.ts';
import { defaultConfig } from '../../run/run-config.ts';
import { readScenario, scenarioHash, writeScenario } from '../../run/scenario-codec.ts';
import { decodeToken, encodeToken, resolveToken, TokenError, type TokenContent } from '../../run/token.ts';
import { SCENARIOS, scenarioNamed } from '../../scenarios/registry.ts';
import { bugScenario } from '../report/fixtures.ts';

const choices = { kinds: ['t', 'v', 't', 't', 'v'], values: [2, 1, 1, 300, 0] };
const outcome = { property: 'NO-LOST-WAKEUP', steps: 41 };

function content(scenario = scenarioNamed('zero-min'), impl = 'v4.1'): TokenContent {
  return { config: { ...defaultConfig(scenario, impl), timeouts: 'timed', timeoutBudget: 3, maxSteps: 777 }, choices, outcome };
}

describe('replay tokens', () => {
  it('round-trip a named scenario without embedding it', () => {
    const token = encodeToken(content());
    expect(token).toMatch(/^mc1\.[A-Za-z0-9_-]+$/);
    expect(token.length).toBeLessThan(80);
    const d = decodeToken(token);
    expect(d.embedded).toBeNull();
    const back = resolveToken(d);
    expect(back).toEqual(content());
    expect(back.config.scenario).toBe(scenarioNamed('zero-min'));
  });

  it("round-trip a livelock's lasso (where its cycle starts and how long it is), and refuse one that does not fit its choices", () => {
    const lasso = { prefixChoices: 3, prefixSteps: 26, cycleSteps: 2 };
    const withLasso = { ...content(), outcome: { property: 'LIVELOCK', steps: 28 }, lasso };
    expect(resolveToken(decodeToken(encodeToken(withLasso)))).toEqual(withLasso);
    // More prefix choices than choices: the token was not made by this program.
    const bad = encodeToken({ ...withLasso, lasso: { ...lasso, prefixChoices: choices.kinds.length + 1 } });
    expect(() => decodeToken(bad)).toThrow(TokenError);
  });

  it('round-trip a scenario that is not named by embedding it', () => {
    const token = encodeToken(content(bugScenario, 'mutant:free-no-wake'));
    const back = resolveToken(decodeToken(token));
    expect(back.config.impl).toBe('mutant:free-no-wake');
    const { description: _d, expected: _e, ...rest } = back.config.scenario;
    const { description: _d2, expected: _e2, ...want } = bugScenario;
    expect(rest).toEqual(want);
    expect(back.choices).toEqual(choices);
  });

  it('embeds a changed copy of a named scenario rather than trusting the name', () => {
    const changed = { ...scenarioNamed('pair2'), min_nr: 3 };
    const back = resolveToken(decodeToken(encodeToken(content(changed))));
    expect(back.config.scenario.min_nr).toBe(3);
  });

  it('encodes every named scenario losslessly (hash included)', () => {
    for (const s of SCENARIOS.values()) {
      const w = new ByteWriter();
      writeScenario(w, s);
      const back = readScenario(new ByteReader(w.done()), s.name);
      expect(scenarioHash(back)).toBe(scenarioHash(s));
      expect(back.threads).toEqual(s.threads.map((t) => ({ ...t, commands: [...t.commands] })));
    }
  });

  it('round-trip weak memory settings, unbounded ones included', () => {
    for (const [staleReads, window] of [[1, 4], [Infinity, Infinity], [0, 1]] as const) {
      const c = content();
      const weak = { ...c, config: { ...c.config, memory: 'weak' as const, staleReads, window } };
      expect(resolveToken(decodeToken(encodeToken(weak)))).toEqual(weak);
    }
  });

  it('refuses a corrupted token: one character changed, truncated, garbage, another prefix', () => {
    const token = encodeToken(content());
    const body = token.slice(4);
    const flipped = `mc1.${body.slice(0, 10)}${body[10] === 'A' ? 'B' : 'A'}${body.slice(11)}`;
    for (const bad of [flipped, token.slice(0, -3), 'mc1.!!!', 'mc1.', 'hello', `mc2.${body}`]) {
      expect(() => decodeToken(bad), bad).toThrow(TokenError);
    }
    expect(() => decodeToken(flipped)).toThrow(/corrupted replay token: checksum mismatch/);
    expect(() => decodeToken('hello')).toThrow(/not a replay token/);
  });

  it('refuses to run against another implementation or scenario than the caller expects', () => {
    const d = decodeToken(encodeToken(content()));
    expect(() => resolveToken(d, { impl: 'mutant:free-no-wake' })).toThrow(/recorded on implementation 'v4.1', not 'mutant:free-no-wake'/);
    expect(() => resolveToken(d, { scenario: 'pair2' })).toThrow(/recorded on scenario 'zero-min', not 'pair2'/);
    expect(resolveToken(d, { impl: 'v4.1', scenario: 'zero-min' }).config.impl).toBe('v4.1');
  });

  it('refuses a named scenario whose content changed since the token was made', () => {
    const d = decodeToken(encodeToken(content()));
    expect(() => resolveToken({ ...d, scenarioHash: d.scenarioHash ^ 1 })).toThrow(/has changed since this token was recorded/);
    expect(() => resolveToken({ ...d, scenarioName: 'gone' })).toThrow(/scenario 'gone', which this version does not have/);
  });
});
