/**
 * Scenarios as JSON files: every named scenario written as a file reads back equal; `explore ./s.json`
 * explores it like the named one; every bad field is one line naming it (exit 2); the fuzzer saves its
 * shrunk scenario as such a file, and exploring that file fails again.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { readScenarioFile, scenarioJson } from '../../config/scenario-file.ts';
import { SCENARIOS } from '../../scenarios/registry.ts';
import { capture } from '../cli/io.ts';

const dir = mkdtempSync(join(tmpdir(), 'mempool-check-scenarios-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  const c = capture();
  const code = await main(args, c.io);
  return { code, out: c.out, err: c.err };
}

function write(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('scenario files', () => {
  it('hold every named scenario: written and read back, it is the same scenario (under its own name)', () => {
    for (const s of SCENARIOS.values()) {
      const file = write(`copy-of-${s.name}.json`, scenarioJson({ ...s, name: `copy-of-${s.name}` }));
      const { expected: _e, ...back } = readScenarioFile(file);
      const { expected: _x, ...original } = s;
      expect(back).toEqual({ ...original, name: `copy-of-${s.name}` });
    }
  });

  it('explore ./s.json explores it like the named scenario (same verdict, same executions), and its token replays', async () => {
    const pair2 = SCENARIOS.get('pair2');
    if (pair2 === undefined) throw new Error('pair2 is a named scenario');
    const file = write('mine.json', JSON.parse(scenarioJson({ ...pair2, name: 'mine' })));
    const named = await run(['explore', 'pair2', '--json']);
    const fromFile = await run(['explore', file, '--json']);
    expect(fromFile.code).toBe(0);
    const [a, b] = [JSON.parse(named.out.join('\n')), JSON.parse(fromFile.out.join('\n'))];
    expect(b).toMatchObject({ scenario: 'mine', verdict: 'pass', executions: a.executions, complete: true });
    // A failing run on the file scenario: its token carries the scenario, replay needs no file.
    const zero = SCENARIOS.get('zero-min');
    if (zero === undefined) throw new Error('zero-min is a named scenario');
    const failing = await run(['explore', write('zero.json', JSON.parse(scenarioJson({ ...zero, name: 'zero' })))]);
    expect(failing.code).toBe(1);
    const token = failing.out.join('\n').match(/replay (mc1\.[\w-]+)/)?.[1];
    expect(token).toBeDefined();
    rmSync(join(dir, 'zero.json'));
    const replay = await run(['replay', token as string]);
    expect(replay.out.join('\n')).toMatch(/zero on v4\.1/);
    expect(replay.code).toBe(1);
  });

  it('a minimal file takes the defaults (slab, no faults, untimed, destroy at the end); its name is the file name', () => {
    const s = readScenarioFile(write('tiny.json', { min_nr: 1, threads: [{ commands: [{ op: 'alloc', gfp: 'GFP_KERNEL' }, { op: 'free' }] }] }));
    expect(s).toMatchObject({ name: 'tiny', min_nr: 1, backend: 'slab', faults: { kind: 'never' }, timeouts: 'untimed', prefix: [], finalDestroy: true });
  });

  it('reports every bad field, one line each naming it, exit 2', async () => {
    const file = write('bad.json', {
      min_nr: -1,
      backend: 'vmalloc',
      faults: { kind: 'fail-nth' },
      threads: [{ commands: [{ op: 'alloc' }, { op: 'resize' }, { op: 'steal' }] }, { colour: 'red', commands: [] }],
    });
    const r = await run(['explore', file]);
    expect(r.code).toBe(2);
    const at = (field: string) => expect.stringMatching(new RegExp(`^mempool-check explore: .*bad\\.json: ${field.replace(/[[\].]/g, '\\$&')}: `));
    expect(r.err).toEqual(
      expect.arrayContaining([
        at('min_nr'),
        at('backend'),
        at('threads[0].commands[0].gfp'),
        at('threads[0].commands[1].n'),
        at('threads[0].commands[2].op'),
        at('threads[1].commands'),
        at('threads[1].colour'),
      ]),
    );
    expect(r.err.every((l) => /bad\.json: \S+: /.test(l))).toBe(true);
    expect(r.err.join('\n')).toMatch(/threads\[0\]\.commands\[0\]\.gfp: required \(one of "GFP_KERNEL"/);
  });

  it("refuses a file that would pass for a named scenario, a missing file and one that is not JSON", async () => {
    for (const [content, name, message] of [
      [{ min_nr: 1, threads: [{ commands: [{ op: 'free' }] }] }, 'pair2.json', /'pair2' is a named scenario/],
      ['{"min_nr": ', 'broken.json', /broken\.json: not valid JSON/],
    ] as const) {
      const r = await run(['explore', write(name, content)]);
      expect(r.code).toBe(2);
      expect(r.err.join('\n')).toMatch(message);
    }
    const missing = await run(['explore', './no-such-scenario.json']);
    expect(missing.code).toBe(2);
    expect(missing.err).toEqual([expect.stringMatching(/no-such-scenario\.json: cannot read it \(ENOENT\)$/)]);
  });

  it('fuzz --save-scenario writes the shrunk scenario; exploring the file fails on the same implementation and passes on the port', async () => {
    const saveDir = join(dir, 'saved');
    const fuzz = await run(['fuzz', '--impl', 'mutant:alloc-pop-unlocked', '--runs', '30', '--save-scenario', saveDir]);
    expect(fuzz.code).toBe(1);
    const files = readdirSync(saveDir);
    expect(files).toEqual([expect.stringMatching(/^fuzz-s1-r\d+\.json$/)]);
    const saved = join(saveDir, files[0] as string);
    expect(fuzz.out.join('\n')).toContain(`shrunk scenario saved: ${saved}`);
    const property = fuzz.out.join('\n').match(/^FAIL: (\S+) in random scenario/m)?.[1];
    const again = await run(['explore', saved, '--impl', 'mutant:alloc-pop-unlocked', '--json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.out.join('\n')).failedProperties).toContain(property);
    // The shrunk scenario shows the mutant's own failure: the port passes it (fuzz checked that too).
    expect(fuzz.out.join('\n')).toMatch(/the seed port v4\.1 passes/);
    expect((await run(['explore', saved])).code).toBe(0);
  });
});
