/**
 * An exception thrown by the implementation's own code is a finding of the implementation (IMPL-CRASH,
 * with the message, the site that threw it and a replay token); one thrown by the checker's own code
 * stays an internal error. Told apart where the kernel resumes a thread, by where the exception was thrown.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { DEFAULT_BACKENDS } from '../../impl/pool-impl.ts';
import { implNamed } from '../../impl/registry.ts';
import { DEFAULT_KERNEL_CONFIG, Kernel } from '../../kernel/rt/kernel.ts';
import { implementationThrew } from '../../run/impl-throws.ts';
import { scenarioNamed } from '../../scenarios/registry.ts';
import { CommandThread } from '../../scenarios/command-thread.ts';
import { PoolWorld } from '../../scenarios/world.ts';
import { capture } from '../cli/io.ts';

const caught = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('it did not throw');
};

describe("whose exception it is", () => {
  it("the checker's own code: no finding (scenarios/, kernel/rt/), nor a value without a stack", () => {
    expect(implementationThrew(caught(() => scenarioNamed('no-such-scenario')))).toBeNull();
    expect(implementationThrew(caught(() => new Kernel().step(7)))).toBeNull();
    expect(implementationThrew('a string has no stack')).toBeNull();
    expect(implementationThrew(null)).toBeNull();
  });

  it("a scenario's interpreter that throws inside a thread's body is still the checker's: it propagates", () => {
    const kernel = new Kernel({ ...DEFAULT_KERNEL_CONFIG, implementationThrew });
    const world = new PoolWorld(implNamed('v4.1'), null, [], DEFAULT_BACKENDS.slab);
    // v0 was never made: the interpreter (checker code) throws at the thread's first resumption.
    expect(() => kernel.spawn('T1', new CommandThread(world, 1, [{ op: 'receive', var: 0 }]))).toThrow('receive: no shared variable v0');
    expect(kernel.findings).toEqual([]);
  });
});

describe('IMPL-CRASH', () => {
  it('explore: the finding with its message and site (the throw and the calls that led to it), exit 1, and its token replays it', async () => {
    const c = capture();
    expect(await main(['explore', 'pair2', '--impl', 'mutant:free-fn-unset'], c.io)).toBe(1);
    const failed = c.out.find((l) => l.startsWith('FAILED IMPL-CRASH'));
    expect(failed).toMatch(/^FAILED IMPL-CRASH \(step \d+, teardown\): mempool_t: alloc\/free called before mempool_create_node set them \(thrown at impl\/v4\.1\/mutant:free-fn-unset\/mempool_t\.ts:\d+, L77 via L43, in mempool_destroy\)$/);
    const token = /replay: npm run mempool-check -- replay (\S+)$/.exec(c.out.find((l) => l.startsWith('replay: ')) ?? '')?.[1];
    expect(token).toBeDefined();
    const again = capture();
    expect(await main(['replay', token as string], again.io)).toBe(1);
    expect(again.out).toContain(failed);
    expect(again.err).toEqual([]);
  });
});
