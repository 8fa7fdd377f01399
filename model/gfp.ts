/**
 * The GFP bits the model reasons about, with their Linux v4.1 values (include/linux/gfp.h). The model
 * imports nothing of ours, so it keeps its own copy; test/model/gfp.test.ts proves it equals the
 * kernel's.
 */
export const __GFP_WAIT = 0x10;
export const __GFP_HIGH = 0x20;
export const __GFP_IO = 0x40;
export const __GFP_FS = 0x80;
export const __GFP_NOWARN = 0x200;
export const __GFP_NORETRY = 0x1000;
export const __GFP_ZERO = 0x8000;
export const __GFP_NOMEMALLOC = 0x10000;

export const GFP_KERNEL = __GFP_WAIT | __GFP_IO | __GFP_FS;

/** -ENOMEM, what mempool_resize returns when the new elements array cannot be allocated. */
export const ENOMEM = 12;

/** The mask mempool_alloc passes to alloc_fn once it has forced its flags (L210-212). */
export const forcedMask = (gfp: number): number => gfp | __GFP_NOMEMALLOC | __GFP_NORETRY | __GFP_NOWARN;

/** The mask of the first pass (L214): the forced mask without __GFP_WAIT and __GFP_IO. */
export const firstPassMask = (gfp: number): number => forcedMask(gfp) & ~(__GFP_WAIT | __GFP_IO);

const NAMES: ReadonlyArray<readonly [number, string]> = [
  [__GFP_WAIT, '__GFP_WAIT'],
  [__GFP_HIGH, '__GFP_HIGH'],
  [__GFP_IO, '__GFP_IO'],
  [__GFP_FS, '__GFP_FS'],
  [__GFP_NOWARN, '__GFP_NOWARN'],
  [__GFP_NORETRY, '__GFP_NORETRY'],
  [__GFP_ZERO, '__GFP_ZERO'],
  [__GFP_NOMEMALLOC, '__GFP_NOMEMALLOC'],
];

const CLASSES: ReadonlyArray<readonly [number, string]> = [
  [GFP_KERNEL, 'GFP_KERNEL'],
  [__GFP_WAIT | __GFP_IO, 'GFP_NOFS'],
  [__GFP_WAIT, 'GFP_NOIO'],
  [__GFP_HIGH, 'GFP_ATOMIC'],
];
const CLASS_BITS = __GFP_WAIT | __GFP_IO | __GFP_FS | __GFP_HIGH;

/**
 * A mask as the kernel would spell it: its GFP class when its WAIT/IO/FS/HIGH bits are exactly one,
 * then the other flags, e.g. `GFP_KERNEL|__GFP_NOWARN` or `__GFP_FS|__GFP_NOWARN` (0 prints as `0`).
 */
export function gfpText(mask: number): string {
  const cls = CLASSES.find(([bits]) => (mask & CLASS_BITS) === bits);
  const parts: string[] = cls === undefined ? [] : [cls[1]];
  let rest = cls === undefined ? mask : mask & ~cls[0];
  const flags = rest;
  for (const [bit, name] of NAMES) {
    if (flags & bit) {
      parts.push(name);
      rest &= ~bit;
    }
  }
  if (rest !== 0) parts.push(`0x${rest.toString(16)}`);
  return parts.length === 0 ? '0' : parts.join('|');
}

/** A pointer as the model prints it: NULL or hex (reports may rename hex addresses). */
export const ptrText = (p: number): string => (p === 0 ? 'NULL' : `0x${p.toString(16)}`);
