/**
 * GFP flags as they were in Linux v4.1 (include/linux/gfp.h), before the 4.4 rework that replaced
 * __GFP_WAIT by __GFP_DIRECT_RECLAIM. Values match the kernel's, so masks print as the kernel's would.
 */
export type gfp_t = number;

export const __GFP_DMA = 0x01;
export const __GFP_HIGHMEM = 0x02;
export const __GFP_DMA32 = 0x04;
export const __GFP_MOVABLE = 0x08;
export const __GFP_WAIT = 0x10;
export const __GFP_HIGH = 0x20;
export const __GFP_IO = 0x40;
export const __GFP_FS = 0x80;
export const __GFP_COLD = 0x100;
export const __GFP_NOWARN = 0x200;
export const __GFP_REPEAT = 0x400;
export const __GFP_NOFAIL = 0x800;
export const __GFP_NORETRY = 0x1000;
export const __GFP_MEMALLOC = 0x2000;
export const __GFP_COMP = 0x4000;
export const __GFP_ZERO = 0x8000;
export const __GFP_NOMEMALLOC = 0x10000;

export const GFP_ATOMIC = __GFP_HIGH;
export const GFP_NOWAIT = GFP_ATOMIC & ~__GFP_HIGH;
export const GFP_NOIO = __GFP_WAIT;
export const GFP_NOFS = __GFP_WAIT | __GFP_IO;
export const GFP_KERNEL = __GFP_WAIT | __GFP_IO | __GFP_FS;

const FLAG_NAMES: ReadonlyArray<readonly [number, string]> = [
  [__GFP_DMA, '__GFP_DMA'],
  [__GFP_HIGHMEM, '__GFP_HIGHMEM'],
  [__GFP_DMA32, '__GFP_DMA32'],
  [__GFP_MOVABLE, '__GFP_MOVABLE'],
  [__GFP_WAIT, '__GFP_WAIT'],
  [__GFP_HIGH, '__GFP_HIGH'],
  [__GFP_IO, '__GFP_IO'],
  [__GFP_FS, '__GFP_FS'],
  [__GFP_COLD, '__GFP_COLD'],
  [__GFP_NOWARN, '__GFP_NOWARN'],
  [__GFP_REPEAT, '__GFP_REPEAT'],
  [__GFP_NOFAIL, '__GFP_NOFAIL'],
  [__GFP_NORETRY, '__GFP_NORETRY'],
  [__GFP_MEMALLOC, '__GFP_MEMALLOC'],
  [__GFP_COMP, '__GFP_COMP'],
  [__GFP_ZERO, '__GFP_ZERO'],
  [__GFP_NOMEMALLOC, '__GFP_NOMEMALLOC'],
];

/** The GFP classes a caller names, from the most to the least capable. */
export const GFP_CLASSES = {
  GFP_KERNEL,
  GFP_NOFS,
  GFP_NOIO,
  GFP_ATOMIC,
  GFP_NOWAIT,
} as const;
export type GfpClass = keyof typeof GFP_CLASSES;

/** `GFP_KERNEL|__GFP_ZERO` style: the class name when the mask starts from one, then extra flags. */
export function gfpName(mask: gfp_t): string {
  for (const [name, value] of Object.entries(GFP_CLASSES)) {
    if (value !== 0 && (mask & value) === value && (mask & (__GFP_WAIT | __GFP_IO | __GFP_FS | __GFP_HIGH)) === value) {
      const rest = mask & ~value;
      return rest === 0 ? name : `${name}|${flagNames(rest)}`;
    }
  }
  return mask === 0 ? 'GFP_NOWAIT' : flagNames(mask);
}

function flagNames(mask: gfp_t): string {
  const parts: string[] = [];
  let rest = mask;
  for (const [bit, name] of FLAG_NAMES) {
    if (mask & bit) {
      parts.push(name);
      rest &= ~bit;
    }
  }
  if (rest !== 0) parts.push(`0x${rest.toString(16)}`);
  return parts.join('|');
}
