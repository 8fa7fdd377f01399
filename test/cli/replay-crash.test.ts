/**
 * `replay` of a token on which the checker itself crashes: exit 4, one line naming the scenario, the
 * implementation and the token (so the report of the crash can be replayed by whoever fixes it). The
 * replayer is made to break here: a real crash of the checker has no fixed recipe, which is the point.
 */
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';
import { EXIT } from '../../cli/commands/command.ts';
import { defaultConfig } from '../../run/run-config.ts';
import { encodeToken } from '../../run/token.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';
import { capture } from './io.ts';

vi.mock('../../run/replay.ts', async (original) => ({
  ...(await original<typeof import('../../run/replay.ts')>()),
  replayToken: () => {
    throw new TypeError("Cannot read properties of undefined (reading 'steps')");
  },
}));

describe('replay: a crash of the checker', () => {
  it('is exit 4 with one line naming the scenario, the implementation and the token', async () => {
    const token = encodeToken({ config: defaultConfig(scenarioNamed('trio3'), 'mutant:free-no-wake'), choices: { kinds: [], values: [] }, outcome: { property: null, steps: 0 } });
    const c = capture();
    expect(await main(['replay', token], c.io)).toBe(EXIT.internal);
    expect(c.out).toEqual([]);
    expect(c.err).toEqual([
      `mempool-check replay: internal error (replay, scenario trio3, implementation mutant:free-no-wake): TypeError: Cannot read properties of undefined (reading 'steps'); replay: npm run mempool-check -- replay ${token}`,
    ]);
  });
});
