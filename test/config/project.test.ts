/**
 * The project file (mempool-check.config.json): validation (every bad field one line naming it, exit
 * 2), and the gate run from it — known findings excuse their property only where their named cause
 * holds, an unlisted finding and a listed one that no longer shows both fail the gate, known races come
 * from the file, and a pool loaded from a path is checked on the gate's worker threads.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { packageProject, readProjectFile } from '../../config/project.ts';
import { seedKnownFindings } from '../../properties/known-findings.ts';
import { capture } from '../cli/io.ts';
import { EXAMPLE, scratchDir } from '../impl/fixtures.ts';
import { copyFileSync } from 'node:fs';

const dir = mkdtempSync(join(tmpdir(), 'mempool-check-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** Writes a project file (JSON text or a value) and returns its path. */
function project(content: unknown): string {
  files += 1;
  const file = join(dir, `project-${files}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

async function run(args: string[]) {
  const c = capture();
  const code = await main(args, c.io);
  return { code, out: c.out, err: c.err };
}

/** The seed on zero-min under SC only: no sequential check, no races (fast, and the verdict is the rows'). */
const ZERO_MIN_ONLY = { implementation: 'v4.1', scenarios: ['zero-min'], memory: ['sc'] };
const QUICK = ['--no-sequential', '--race-executions', '0', '--jobs', '0'];
const LOST = { scenario: 'zero-min', property: 'NO-LOST-WAKEUP', cause: 'zero-min-free-releases', reason: 'no wake_up with min_nr 0' };
const DEADLOCK = { scenario: 'zero-min', property: 'NO-DEADLOCK', cause: 'zero-min-no-refill', reason: 'no reserve, no refill' };

describe('the project file', () => {
  it("is the seed's: the repository's own file holds its known findings and races, each with a cause and a reason", () => {
    const own = packageProject();
    // The built-in implementations it lists (its entry for the seed's C, a file, is read where the repository is the working directory).
    expect(own.entries.map((e) => e.implementation)).toEqual(['v4.1', 'v4.1+zero-min-fix']);
    expect(seedKnownFindings().length).toBeGreaterThan(0);
    expect(seedKnownFindings().every((f) => f.cause !== undefined && f.reason.length > 0)).toBe(true);
    expect(own.entries[0]?.knownRaces.map((r) => r.id)).toEqual(['free-lockless-curr_nr', 'free-lockless-min_nr']);
    expect(own.entries[1]?.profile).toBe('v6.17');
  });

  it('reports every bad field, one line each naming it, exit 2', async () => {
    const file = project({
      implementations: [
        {
          implementation: 'v4.1',
          profile: 'contrac',
          scenarios: [],
          memory: ['sc', 'tso'],
          colour: 1,
          knownFindings: [
            { scenario: 'zero-min', property: 'NO-LOST-WAKEUPS', cause: 'zero', reason: '' },
            { scenario: 'zero-min', property: 'NO-DEADLOCK' },
          ],
          knownRaces: [{ id: 'r', location: 'pool->curr_nr', plain: 'L317', against: [], reason: 'why' }],
        },
      ],
    });
    const r = await run(['gate', '--config', file]);
    expect(r.code).toBe(2);
    const at = (field: string) => expect.stringMatching(new RegExp(`^mempool-check gate: .*project-\\d+\\.json: ${field.replace(/[[\].]/g, '\\$&')}: `));
    expect(r.err).toEqual([
      at('implementations[0].profile'),
      at('implementations[0].scenarios'),
      at('implementations[0].memory[1]'),
      at('implementations[0].knownFindings[0].property'),
      at('implementations[0].knownFindings[0].cause'),
      at('implementations[0].knownFindings[0].reason'),
      at('implementations[0].knownFindings[1].reason'),
      at('implementations[0].knownRaces[0].against'),
      at('implementations[0].colour'),
    ]);
    expect(r.err.join('\n')).toMatch(/knownFindings\[1\]\.reason: required/);
    expect(r.err.join('\n')).toMatch(/colour: unknown field/);
    expect(r.err.join('\n')).toMatch(/unknown cause 'zero' \(known: .*zero-min-free-releases/);
  });

  it('names the field of what cannot be resolved: an implementation, a scenario, a property selection; a file that is not JSON', async () => {
    const cases: [unknown, RegExp][] = [
      [{ implementations: [{ implementation: 'v9' }] }, /implementations\[0\]\.implementation: unknown implementation 'v9'/],
      [{ implementations: [{ implementation: './nope.ts' }] }, /implementations\[0\]\.implementation: .*nope\.ts: no such file/],
      [{ implementations: [{ implementation: 'v4.1', scenarios: ['pair2', 'nope'] }] }, /implementations\[0\]\.scenarios\[1\]: unknown scenario 'nope'/],
      [{ implementations: [{ implementation: 'v4.1', skip: ['BUG-FREE'] }] }, /implementations\[0\]\.skip: BUG-FREE cannot be skipped/],
      [{ implementation: 'v4.1' }, /\(top level\)|implementations: required/],
      ['{ "implementations": [', /not valid JSON/],
    ];
    for (const [content, message] of cases) {
      const r = await run(['gate', '--config', project(content)]);
      expect(r.code, String(message)).toBe(2);
      expect(r.err.join('\n')).toMatch(message);
    }
    const missing = await run(['gate', '--config', join(dir, 'absent.json')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toEqual([expect.stringMatching(/absent\.json: cannot read it \(ENOENT\)$/)]);
  });
});

describe('gate --config', () => {
  it('fails on a finding the file does not list (the seed on zero-min, with nothing accepted)', async () => {
    const r = await run(['gate', '--config', project({ implementations: [ZERO_MIN_ONLY] }), ...QUICK]);
    expect(r.code).toBe(1);
    expect(r.out.join('\n')).toMatch(/zero-min \(sc\): UNEXPECTED NO-DEADLOCK/);
  });

  it('passes when the file lists the findings with the causes that produce them', async () => {
    const r = await run(['gate', '--config', project({ implementations: [{ ...ZERO_MIN_ONLY, knownFindings: [LOST, DEADLOCK] }] }), ...QUICK]);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/known finding NO-LOST-WAKEUP \(no wake_up with min_nr 0\)/);
  });

  it('fails when a listed finding names a cause that does not produce it (the property alone excuses nothing)', async () => {
    const wrongCause = { ...LOST, cause: 'resize-refill-no-wake' };
    const r = await run(['gate', '--config', project({ implementations: [{ ...ZERO_MIN_ONLY, knownFindings: [wrongCause, DEADLOCK] }] }), ...QUICK]);
    expect(r.code).toBe(1);
    expect(r.out.join('\n')).toMatch(/UNEXPECTED NO-LOST-WAKEUP/);
  });

  it('fails when a listed finding no longer shows', async () => {
    const never = { scenario: 'pair2', property: 'NO-LOST-WAKEUP', reason: 'listed, but pair2 never loses a wake-up' };
    const r = await run(['gate', '--config', project({ implementations: [{ implementation: 'v4.1', scenarios: ['pair2'], memory: ['sc'], knownFindings: [never] }] }), ...QUICK]);
    expect(r.code).toBe(1);
    expect(r.out.join('\n')).toMatch(/pair2 .*missing|no longer|did not show/i);
  });

  it("takes the known races from the file: the seed's deliberate race is UNEXPECTED where the file does not accept it", async () => {
    const r = await run(['gate', '--config', project({ implementations: [{ implementation: 'v4.1', scenarios: ['atomic2'], memory: ['sc'], knownRaces: [] }] }), '--no-sequential', '--jobs', '0']);
    expect(r.code).toBe(1);
    expect(r.out.join('\n')).toMatch(/UNEXPECTED RACE: pool->curr_nr/);
  });

  it('--profile and --properties override the file; a known finding of a property not checked is not expected', async () => {
    const file = project({ implementations: [{ ...ZERO_MIN_ONLY, knownFindings: [LOST, DEADLOCK] }] });
    const r = await run(['gate', '--config', file, ...QUICK, '--properties', 'NO-DEADLOCK', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out.join('\n'));
    expect(doc.scenarios[0].known).toEqual(['NO-DEADLOCK']);
    expect(doc.settings).toMatchObject({ profile: 'v4.1' });
  });
});

describe('gate on a pool loaded from a path', () => {
  it('runs the whole gate (sequential check, worker threads, races) on --impl and on a project file naming it', async () => {
    const scratch = scratchDir('gate-config');
    try {
      copyFileSync(EXAMPLE, join(scratch.dir, 'pool.ts'));
      const impl = await run(['gate', '--impl', join(scratch.dir, 'pool.ts'), '--scenarios', 'pair2', '--memory', 'sc', '--race-executions', '20']);
      expect(impl.code, impl.err.join('\n')).toBe(0);
      expect(impl.out.join('\n')).toMatch(/sequential model-based check on locked-stack: pass/);
      // The example pool, like the seed, never wakes a waiter of a zero-minimum pool: accepted here by cause.
      const config = join(scratch.dir, 'mempool-check.config.json');
      writeFileSync(config, JSON.stringify({ implementations: [{ implementation: './pool.ts', profile: 'contract', scenarios: ['zero-min'], memory: ['sc'], knownFindings: [LOST, DEADLOCK] }] }));
      const r = await run(['gate', '--config', config, '--no-sequential', '--race-executions', '20']);
      expect(r.code, r.err.join('\n')).toBe(0);
      expect(r.out.join('\n')).toMatch(/known finding NO-DEADLOCK/);
      expect(r.out.join('\n')).toMatch(/races on file:.*pool\.ts#lockedStack/);
    } finally {
      scratch.remove();
    }
  });

  it("names a C implementation (c:path, relative to the project file): the seed's own C, its zero-min findings accepted by cause", async () => {
    copyFileSync(join(process.cwd(), 'docs/seed/mempool.c'), join(dir, 'seed.c'));
    const file = project({ implementations: [{ implementation: 'c:./seed.c', profile: 'v4.1', scenarios: ['zero-min'], memory: ['sc'], knownFindings: [LOST, DEADLOCK] }] });
    const r = await run(['gate', '--config', file, ...QUICK]);
    expect(r.code, r.err.join('\n')).toBe(0);
    expect(r.out.join('\n')).toMatch(/known finding NO-LOST-WAKEUP/);
  });

  it('reads the project file beside it (relative paths are the file\'s)', () => {
    expect(readProjectFile(join(process.cwd(), 'mempool-check.config.json')).implementations[0]?.implementation).toBe('v4.1');
  });
});
