/**
 * The gate's worker threads with an implementation loaded from a file (`--impl ./pool.ts`): each
 * worker loads the file into its own registry, so the verdicts are those of a run in the main thread;
 * and an implementation that loops forever inside a step, which no code in its own thread can stop,
 * is stopped by the watchdog and reported as ENDLESS-STEP (exit 1: not as expected).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { capture } from '../cli/io.ts';
import { CHECK_THEN_ACT, patchedExample, scratchDir, writeFile } from '../impl/fixtures.ts';

const scratch = scratchDir('test-workers');
afterAll(scratch.remove);

interface Row {
  readonly id: string;
  readonly verdict: string;
  readonly status: string;
  readonly failedProperties: readonly string[];
  readonly counterexamples: readonly { readonly property: string; readonly token: string }[];
}

async function gate(args: string[]): Promise<{ code: number; rows: Row[]; errors: unknown[] }> {
  const c = capture();
  const code = await main(['gate', '--no-sequential', '--race-executions', '0', '--memory', 'sc', '--json', '--no-progress', ...args], c.io);
  if (c.out.length === 0) throw new Error(`gate ${args.join(' ')}: exit ${code}: ${c.err.join('\n')}`);
  const doc = JSON.parse(c.out.join('\n')) as { scenarios: Row[]; errors: unknown[] };
  return { code, rows: doc.scenarios, errors: doc.errors };
}

const verdicts = (rows: readonly Row[]) => rows.map((r) => ({ id: r.id, verdict: r.verdict, status: r.status, failed: r.failedProperties, cx: r.counterexamples.map((c) => c.property) }));

describe('gate workers with a file implementation', () => {
  it('--jobs 2 loads the file in each worker: the verdicts of a run in this thread', async () => {
    const file = writeFile(scratch.dir, 'racy.ts', patchedExample(CHECK_THEN_ACT.find, CHECK_THEN_ACT.replace));
    const scenarios = ['--scenarios', 'pair2,trio3'];
    const workers = await gate(['--impl', file, '--jobs', '2', ...scenarios]);
    const here = await gate(['--impl', file, '--jobs', '0', ...scenarios]);
    expect(workers.errors).toEqual([]);
    // trio3 shows the check-then-act bug (two frees both saw room: BUG_ON on a full reserve).
    expect(workers.rows.find((r) => r.id === 'trio3/sc')?.failedProperties).toContain('BUG-FREE');
    expect(workers.code).toBe(1);
    expect(verdicts(workers.rows)).toEqual(verdicts(here.rows));
    expect(workers.code).toBe(here.code);
  });

  it('an implementation that loops forever inside a step: the watchdog stops the worker, ENDLESS-STEP, exit 1', async () => {
    // free spins without ever reaching a kernel operation: the thread can never be switched away from.
    const endless = patchedExample('  if (element === NULL) return;\n', '  if (element === NULL) return;\n  let spins = 0;\n  while (spins >= 0) spins = (spins + 1) % 7;\n');
    const file = writeFile(scratch.dir, 'endless.ts', endless);
    const r = await gate(['--impl', file, '--jobs', '2', '--watchdog', '2', '--scenarios', 'pair2']);
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({ id: 'pair2/sc', verdict: 'fail', status: 'unexpected', failedProperties: ['ENDLESS-STEP'] });
    expect(r.rows[0]?.counterexamples.map((c) => c.property)).toEqual(['ENDLESS-STEP']);
    expect(r.code).toBe(1);
  });

  it('fuzz --jobs: a random scenario whose step never ends is its ENDLESS-STEP finding, whose replay file replays up to the step', async () => {
    const endless = patchedExample('  if (element === NULL) return;\n', '  if (element === NULL) return;\n  let spins = 0;\n  while (spins >= 0) spins = (spins + 1) % 7;\n');
    const file = writeFile(scratch.dir, 'endless-fuzz.ts', endless);
    const dir = join(scratch.dir, 'fuzz-report');
    const c = capture();
    const code = await main(['fuzz', '--impl', file, '--runs', '2', '--jobs', '1', '--watchdog', '2', '--no-progress', '--report-dir', dir], c.io);
    expect(c.err).toEqual([]);
    expect(c.out[1]).toMatch(/^FAIL: ENDLESS-STEP in random scenario 1 /);
    expect(code).toBe(1);
    const doc = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { verdict: string; fuzz: { failedAt: number; property: string }; replayFiles: string[] };
    expect(doc).toMatchObject({ verdict: 'fail', fuzz: { failedAt: 0, property: 'ENDLESS-STEP' } });
    const replay = capture();
    expect(await main(['replay', join(dir, doc.replayFiles[0] ?? '')], replay.io)).toBe(1);
    expect(replay.out.join('\n')).toMatch(/the next step never reached a scheduling point/);
  });

  it('fuzz --jobs: a hang in setup (mempool_create) is that scenario\'s ENDLESS-STEP finding without a run to replay, exit 1', async () => {
    const find = 'function* create(min_nr: number, backend: Backend): Gen<Pool | null> {\n';
    const endless = patchedExample(find, `${find}  let spins = 0;\n  while (spins >= 0) spins = (spins + 1) % 7;\n`);
    const file = writeFile(scratch.dir, 'endless-create.ts', endless);
    const dir = join(scratch.dir, 'fuzz-setup-report');
    const c = capture();
    const code = await main(['fuzz', '--impl', file, '--runs', '2', '--jobs', '1', '--watchdog', '2', '--no-progress', '--report-dir', dir], c.io);
    expect(c.err).toEqual([]);
    expect(c.out[1]).toMatch(/^FAIL: ENDLESS-STEP in random scenario 1 /);
    expect(c.out.join('\n')).toMatch(/in setup \(mempool_create or the prefix\) of random-1-1 on .*: no run to replay/);
    expect(code).toBe(1);
    const doc = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { verdict: string; scenarios: { failedProperties: string[]; counterexamples: unknown[] }[] };
    expect(doc).toMatchObject({ verdict: 'fail', scenarios: [{ failedProperties: ['ENDLESS-STEP'], counterexamples: [] }] });
  });

  it.each([
    ['on worker threads', '2'],
    ['in this thread', '0'],
  ])('fuzz (%s): an implementation that is not deterministic is one message, exit 2, not an internal error', async (_where, jobs) => {
    // Every third free ever reads min_nr once more (a module variable): the same schedule runs differently.
    const text = patchedExample('  if (element === NULL) return;\n', '  if (element === NULL) return;\n  frees += 1;\n  if (frees % 3 === 0) yield* load(pool.min_nr);\n').replace(
      "/** The pool's struct in kernel memory",
      "let frees = 0;\n\n/** The pool's struct in kernel memory",
    );
    const file = writeFile(scratch.dir, `fuzz-nondeterministic-${jobs}.ts`, text);
    const c = capture();
    const code = await main(['fuzz', '--impl', file, '--runs', '3', '--executions', '200', '--jobs', jobs, '--no-progress'], c.io);
    expect(c.err).toHaveLength(1);
    expect(c.err[0]).toMatch(/^mempool-check fuzz: \S+ is not deterministic: the same schedule ran differently/);
    expect(code).toBe(2);
  });
});
