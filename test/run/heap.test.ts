/**
 * When a run stops for memory (run/heap.ts): with less than a fifth of the old generation's limit left
 * after a major collection, but never with less than 16 MB left, since what follows the stop (the
 * livelock test on the graph so far, the counterexample's replays and shrinking) needs about as much
 * room in a small heap as in a large one.
 */
import { describe, expect, it } from 'vitest';
import { headroomBytes, heapNearlyFull, MIN_HEADROOM_BYTES } from '../../run/heap.ts';

const MB = 1024 * 1024;
const full = (liveMb: number, limitMb: number): boolean => heapNearlyFull({ liveBytes: liveMb * MB, limitBytes: limitMb * MB });

describe('heapNearlyFull', () => {
  it('in a large heap: past four fifths of the limit', () => {
    expect(headroomBytes(1000 * MB)).toBe(200 * MB);
    expect(full(799, 1000)).toBe(false);
    expect(full(801, 1000)).toBe(true);
  });

  it('in a small heap: 16 MB left, more than its fifth', () => {
    expect(headroomBytes(30 * MB)).toBe(MIN_HEADROOM_BYTES);
    expect(full(13.9, 30)).toBe(false);
    expect(full(14.1, 30)).toBe(true);
    // 80 MB is where the two meet.
    expect(headroomBytes(80 * MB)).toBe(16 * MB);
  });

  it('no reading yet (0 live) never stops', () => {
    expect(full(0, 30)).toBe(false);
  });
});
