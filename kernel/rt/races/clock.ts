/** Vector clocks: entry `t` counts thread t's synchronisation epochs (missing entries are 0). */
export type Clock = number[];

export function joinClock(dst: Clock, src: readonly number[] | null | undefined): void {
  if (!src) return;
  while (dst.length < src.length) dst.push(0);
  for (let i = 0; i < src.length; i++) if ((src[i] as number) > (dst[i] as number)) dst[i] = src[i] as number;
}

export const tick = (c: Clock, tid: number): void => {
  while (c.length <= tid) c.push(0);
  c[tid] = (c[tid] as number) + 1;
};

export const entry = (c: readonly number[], tid: number): number => c[tid] ?? 0;
