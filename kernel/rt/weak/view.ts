/**
 * Views (MEMORY-MODEL.md): a view maps a location to a timestamp, "everything up to this message of
 * that location". Locations are numbered densely per execution (`LocState.idx`), so a view is a plain
 * array of timestamps indexed by that number; a missing entry is 0, the location's initial message.
 * Arrays beat maps here: views are joined on every load, and a program touches a dozen locations.
 */
export type View = number[];

/** The empty view: sees only initial messages. Never mutated. */
export const EMPTY_VIEW: readonly number[] = Object.freeze([]);

/** `dst ⊔= src`, growing `dst` as needed. Returns whether `dst` changed. */
export function joinInto(dst: View, src: readonly number[]): boolean {
  let changed = false;
  const n = src.length;
  while (dst.length < n) dst.push(0);
  for (let i = 0; i < n; i++) {
    const s = src[i] as number;
    if (s > (dst[i] as number)) {
      dst[i] = s;
      changed = true;
    }
  }
  return changed;
}

/** `dst ⊔= [idx@ts]`. */
export function raise(dst: View, idx: number, ts: number): void {
  while (dst.length <= idx) dst.push(0);
  if (ts > (dst[idx] as number)) dst[idx] = ts;
}

/** The timestamp a view holds for location `idx`. */
export const at = (view: readonly number[], idx: number): number => view[idx] ?? 0;

/** Whether `a ⊑ b` pointwise. */
export function leq(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if ((a[i] as number) > (b[i] ?? 0)) return false;
  return true;
}
