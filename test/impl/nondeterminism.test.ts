/**
 * A pool that keeps state outside kernel memory is diagnosed, not crashed on: the command exits 2 with
 * one message naming the first operation two runs of the same schedule disagree on (both versions,
 * with the pool's own lines) and the likely cause. The pools are the worked example with a JavaScript
 * counter added: on the pool handle (which exploration shares between executions that fork one setup)
 * and in a module variable.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { capture } from '../cli/io.ts';
import { patchedExample, scratchDir, writeFile } from './fixtures.ts';

const scratch = scratchDir('test-nondet');
afterAll(scratch.remove);

const FREE = `function* free(element: Ptr, pool: Pool): Gen<void> {
  if (element === NULL) return;`;

/**
 * After the first free ever, every free reads min_nr once more: a step the first execution did not have.
 * (In a module variable: every third free, so that consecutive executions of pair2, two frees each, differ.)
 */
const HANDLE_COUNTER = patchedExample(
  FREE,
  `${FREE}
  pool.frees = (pool.frees ?? 0) + 1;
  if (pool.frees > 1) yield* load(pool.min_nr);`,
).replace('  readonly wait: Loc;\n', '  readonly wait: Loc;\n  frees?: number;\n');

const MODULE_COUNTER = patchedExample(
  FREE,
  `${FREE}
  frees += 1;
  if (frees % 3 === 0) yield* load(pool.min_nr);`,
).replace('/** The pool\'s struct in kernel memory', 'let frees = 0;\n\n/** The pool\'s struct in kernel memory');

describe('an implementation that is not deterministic', () => {
  it.each([
    ['a field of the pool handle', 'handle.ts', HANDLE_COUNTER],
    ['a module variable', 'module.ts', MODULE_COUNTER],
  ])('state in %s: exit 2, the first operation that differed in both versions, and the likely cause', async (_what, file, text) => {
    const path = writeFile(scratch.dir, file, text);
    const lineOf = (s: string): number => text.split('\n').findIndex((l) => l.includes(s)) + 1;
    const c = capture();
    const code = await main(['explore', 'pair2', '--impl', path], c.io);
    expect(code).toBe(2);
    expect(c.err).toHaveLength(1);
    const message = c.err[0] as string;
    expect(message).toMatch(/^mempool-check explore: \S+ is not deterministic: the same schedule ran differently/);
    expect(message).toMatch(/first difference: the \d+(st|nd|rd|th) operation of T\d/);
    // One version is the extra read of min_nr at its own line; the other is what comes after it instead.
    const extra = `${file}:${lineOf('yield* load(pool.min_nr);')}`;
    const versions = /one run: +(.*)\n +the next run: +(.*)\n/.exec(message);
    expect(versions).not.toBeNull();
    const [, before, after] = versions as unknown as [string, string, string];
    expect([before, after].filter((v) => v.includes(`load pool->min_nr`) && v.includes(extra))).toHaveLength(1);
    expect(before).not.toBe(after);
    expect(message).toMatch(/likely cause: state kept outside kernel memory/);
    expect(message).not.toMatch(/\n\s+at /); // no stack trace
  });

  it.each([
    ['on a worker thread', '1'],
    ['in this thread', '0'],
  ])('gate (%s): the same one message and exit 2, not an internal error', async (_where, jobs) => {
    const path = writeFile(scratch.dir, `gate-${jobs}.ts`, MODULE_COUNTER);
    const c = capture();
    const code = await main(['gate', '--impl', path, '--scenarios', 'pair2', '--memory', 'sc', '--no-sequential', '--race-executions', '0', '--jobs', jobs], c.io);
    expect(code).toBe(2);
    expect(c.err).toHaveLength(1);
    expect(c.err[0]).toMatch(/^mempool-check gate: \S+ is not deterministic: the same schedule ran differently/);
    expect(c.err[0]).toMatch(/first difference: .*\n +one run: .*\n +the next run: .*\n +likely cause: state kept outside kernel memory/);
    expect(c.out.join('\n')).not.toMatch(/INTERNAL ERROR/);
  });

  it('the example itself is deterministic: it explores to a verdict', async () => {
    const c = capture();
    const path = writeFile(scratch.dir, 'plain.ts', patchedExample(FREE, FREE));
    expect(await main(['explore', 'pair2', '--impl', path], c.io)).toBe(0);
    expect(c.err).toEqual([]);
  });
});
