/**
 * The invariants document's generator on a small real run: every property documented (statement,
 * what it formalises, where judged, its scope per row), kills counted only where the port holds, a
 * mutant nobody kills called out, and known findings with swimlane and replay command.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { FORMALISES } from '../../report/invariants/formalises.ts';
import { invariantsMarkdown, unkilledMutants, type InvariantsInput } from '../../report/invariants/markdown.ts';
import { parseReport } from '../../report/schema.ts';
import { checkedProperties } from '../../run/properties.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';
import { capture } from '../cli/io.ts';
import { run as library } from '../properties/run.ts';

describe('the invariants document generator', () => {
  it('documents what every property formalises in the seed', () => {
    for (const p of checkedProperties()) expect(FORMALISES[p.property], p.property).toBeDefined();
  });

  it('writes each property, its scope per row, the kills where the port holds, and what does not hold', async () => {
    const c = capture();
    expect(await main(['gate', '--scenarios', 'pair2,zero-min', '--memory', 'sc', '--no-sequential', '--race-executions', '0', '--jobs', '0', '--json'], c.io)).toBe(0);
    const doc = parseReport(JSON.parse(c.out.join('\n')), 'gate --json');
    const input: InvariantsInput = {
      doc,
      scenarios: [scenarioNamed('pair2'), scenarioNamed('zero-min')],
      judged: () => ({ checkedAt: ['step'], runtime: false }),
      kills: [
        { mutant: 'free-no-wake', scenario: 'pair2', memory: 'sc', failed: ['NO-LOST-WAKEUP'], executions: 10, complete: true },
        // The port fails NO-DEADLOCK on zero-min too: not a kill.
        { mutant: 'no-kill', scenario: 'zero-min', memory: 'sc', failed: ['NO-DEADLOCK'], executions: 27, complete: true },
      ],
      mutants: [
        { name: 'free-no-wake', breaks: 'never wakes', caughtBy: ['NO-LOST-WAKEUP'] },
        { name: 'no-kill', breaks: 'nothing the port does not', caughtBy: [] },
      ],
      mutation: { budget: 1000, sequences: 200 },
      command: 'npm run mempool-check -- docs',
      mutationErrors: [],
    };
    const md = invariantsMarkdown(input);
    for (const p of checkedProperties()) expect(md).toContain(`### ${p.property}\n\n${p.statement}\n`);
    // The gate's pair2 row: dpor's count of its executions, as the library counts it.
    expect(md).toContain(`| pair2 | holds (${library('pair2', { strategy: 'dpor' }).executions} executions) | not run |`);
    expect(md).toContain('- Kills: `free-no-wake` (pair2 sc)');
    expect(unkilledMutants(input)).toEqual(['no-kill']);
    expect(md).toContain('| `no-kill` | nothing the port does not | **NOT KILLED** |');
    expect(md).toContain('### NO-DEADLOCK on zero-min (sc)');
    expect(md).toMatch(/Replay: `npm run mempool-check -- replay mc1\.[\w-]+`/);
    // No timings: the document is the same on every machine.
    expect(md).not.toMatch(/\d+(\.\d+)? ?(ms|s)\b/);
  });
});
