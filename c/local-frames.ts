/**
 * Local references (c/cfg.ts LOCAL_BASE) against a thread's frames: which frame and slot one names,
 * which local array it points into, whether arithmetic keeps it on its object, and whether one would
 * outlive its function. The machine turns each "no" into a fault of the implementation or a refusal.
 */
import { isLocalRef, LADDR, LOCAL_BASE, LOCAL_SLOTS, type CFunction, type CValue } from './cfg.ts';

/** What the functions need of a frame. */
interface LocalFrame {
  readonly fn: CFunction;
  readonly locals: CValue[];
  readonly stack: readonly CValue[];
}

type LocalArray = CFunction['arrays'][number];

const depthOf = (ref: number): number => Math.floor((ref - LOCAL_BASE) / LOCAL_SLOTS);
const slotOf = (ref: number): number => (ref - LOCAL_BASE) % LOCAL_SLOTS;

/** The frame and slot a local reference names, or why none may be used: its frame returned, or it is one past a local array. */
export function localSlot<F extends LocalFrame>(frames: readonly F[], ref: number): { frame: F; slot: number } | 'returned' | 'past-end' {
  const frame = frames[depthOf(ref)];
  const slot = slotOf(ref);
  if (frame === undefined || slot >= frame.locals.length) return 'returned';
  if (frame.fn.arrays.some((a) => slot === a.start + a.length)) return 'past-end';
  return { frame, slot };
}

/** The local array a local reference points into (an element, or the slot past its end), if any. */
function arrayAt(frames: readonly LocalFrame[], ref: number): LocalArray | undefined {
  const slot = slotOf(ref);
  return frames[depthOf(ref)]?.fn.arrays.find((a) => slot >= a.start && slot <= a.start + a.length);
}

/** Whether two local references point into one object: one scalar local, or one local array of one frame. */
export function sameLocal(frames: readonly LocalFrame[], a: number, b: number): boolean {
  if (a === b) return true;
  const array = arrayAt(frames, a);
  return array !== undefined && depthOf(a) === depthOf(b) && arrayAt(frames, b) === array;
}

/**
 * Where pointer arithmetic from local reference `from` to `to` lands: on its object ('ok': a scalar
 * local is one, so only `p[0]`, what linux-next's `&element` passed as an array is; a local array's
 * elements and the slot past its end), off a scalar local ('scalar'), or out of its array ('out', C's
 * undefined behaviour).
 */
export function localStep(frames: readonly LocalFrame[], from: number, to: number): 'ok' | 'scalar' | 'out' {
  if (to === from) return 'ok';
  const array = arrayAt(frames, from);
  if (array === undefined) return 'scalar';
  const target = slotOf(from) + (to - from);
  return target < array.start || target > array.start + array.length ? 'out' : 'ok';
}

/**
 * Whether a reference to the innermost frame, which is returning `value`, would survive it: in the
 * value, or in what its callers hold (C's dangling pointer to a dead local).
 */
export function escapes(frames: readonly LocalFrame[], value: CValue): boolean {
  const depth = frames.length - 1;
  const dead = (v: CValue): boolean => isLocalRef(v) && depthOf(v) >= depth;
  if (dead(value)) return true;
  for (let i = 0; i < depth; i++) {
    const fr = frames[i] as LocalFrame;
    if (fr.locals.some(dead) || fr.stack.some(dead)) return true;
  }
  return false;
}

/** Whether any function of the program takes the address of a local (only then can one escape). */
const localRefsIn = new WeakMap<readonly CFunction[], boolean>();
export function makesLocalRefs(functions: readonly CFunction[]): boolean {
  let found = localRefsIn.get(functions);
  if (found === undefined) {
    found = functions.some((fn) => fn.code.some((ins) => ins.code === LADDR));
    localRefsIn.set(functions, found);
  }
  return found;
}
