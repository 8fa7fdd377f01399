/**
 * The online LINEARIZABLE check under the contract (model/contract/online.ts), on histories written
 * by hand, where each verdict is known by reading the contract:
 * - a grow's set-min is certified only at its return, so it is guessed ahead; it is committed into the
 *   observation only once every configuration has taken it. A grow that returns 0 without a refill has
 *   set the minimum, so a free that then hands its element to free_fn while the reserve is short breaks
 *   the reserve guarantee; committing the set-min when only some configurations had taken it would let
 *   the others (minimum never set) pass that history;
 * - a shrink's drops are guessed anonymously and confirmed against the element its free_fn call names,
 *   which must still be in the reserve;
 * - a grow that keeps refilling commits its adds, so what the check keeps stays the same size.
 */
import { describe, expect, it } from 'vitest';
import { GFP_KERNEL } from '../../model/gfp.ts';
import { semanticsOf } from '../../model/semantics.ts';
import type { AllocatorCall, ModelOp } from '../../model/types.ts';
import { OnlineLin } from '../../properties/lin/online.ts';
import { onlineModelOf } from '../../properties/lin/online-monitor.ts';

const A = 0xa0;
const B = 0xb0;
const Y = 0xf0;

/** The check under the contract, from a pool with `min_nr` and `reserve`. */
function check(min_nr: number, reserve: number[]): OnlineLin<unknown, unknown> {
  const model = onlineModelOf('contract');
  if (model === null) throw new Error('the contract has online support');
  return new OnlineLin(model, semanticsOf('contract').initialState({ min_nr, reserve }));
}

const got = (result: number): AllocatorCall => ({ call: 'alloc', cls: 'element', gfp: GFP_KERNEL, result });
const gave = (ptr: number): AllocatorCall => ({ call: 'free', cls: 'element', ptr });
const label = (what: string) => (): string => what;
const resize = (n: number): ModelOp => ({ op: 'resize', n });
const free = (element: number): ModelOp => ({ op: 'free', element });

describe('the online check under the contract', () => {
  it('a grow that returned has set its minimum: a free may not then release while the reserve is short', () => {
    for (const released of [true, false]) {
      const lin = check(1, [A]);
      lin.invoke(1, resize(2), label('resize(2)'));
      lin.call(1, got(0));
      lin.ret(1, 0);
      lin.invoke(2, free(Y), label('free(Y)'));
      if (released) lin.call(2, gave(Y));
      lin.ret(2, 0);
      expect([released, lin.end([]).kind]).toEqual([released, released ? 'violation' : 'ok']);
    }
  });

  it('the same with the free overlapping the grow: either order explains it', () => {
    const lin = check(1, [A]);
    lin.invoke(1, resize(2), label('resize(2)'));
    lin.invoke(2, free(Y), label('free(Y)'));
    lin.call(2, gave(Y));
    lin.call(1, got(0));
    lin.ret(1, 0);
    lin.ret(2, 0);
    expect(lin.end([]).kind).toBe('ok');
  });

  it("a shrink's drop is confirmed against the element its free_fn names, which must be in the reserve", () => {
    for (const dropped of [A, Y]) {
      const lin = check(2, [A, B]);
      lin.invoke(1, resize(1), label('resize(1)'));
      lin.call(1, gave(dropped));
      lin.ret(1, 0);
      expect([dropped, lin.end([]).kind]).toEqual([dropped, dropped === A ? 'ok' : 'violation']);
    }
  });

  it('a grow refilling for long keeps a bounded key: its set-min and adds are committed once every configuration took them', () => {
    const lin = check(1, [A]);
    lin.invoke(1, resize(2), label('resize(2)'));
    lin.invoke(2, resize(1), label('resize(1)'));
    const texts: string[] = [];
    // The ping-pong: the grow adds an element, the shrink hands it to free_fn, again and again. Each
    // turn's element is new; written as a search's renaming would (A keeps its name, the rest are `e`).
    for (let turn = 0; turn < 20; turn++) {
      const e = 0x100 + turn * 0x10;
      lin.call(1, got(e));
      lin.call(2, gave(e));
      texts.push(lin.text((p) => (p === A ? 'A' : 'e')).join(' '));
      expect(lin.status.kind).toBe('ok');
    }
    expect(new Set(texts.slice(2)).size).toBe(1);
    expect(texts.at(-1)).toContain('!set');
  });
});
