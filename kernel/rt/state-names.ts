/**
 * Canonical names for element identities (kernel/rt/state.ts). Two worlds that differ only in which
 * addresses the allocators handed out must get the same fingerprint, so a pointer is written as the
 * name of the block it points into, and blocks are named `b0, b1, ...` in the order a fixed traversal
 * first meets them. A value that is not a pointer into a known block is written as it is: a number
 * the namer cannot explain keeps two states apart (never wrongly together).
 */
import type { Allocators, Block } from './allocator.ts';
import { ARENA_SIZE } from './memory.ts';
import type { Ptr } from './ops.ts';

/** What an explicit thread state (or anything else in the fingerprint) uses to write a pointer. */
export interface PointerNames {
  /** The canonical text of a word: `b3` (a block), `b3+2` (inside one), or the number itself. */
  value(v: number): string;
}

/** Addresses at or above this are harness cells (kernel.ts): fixed per program, never renamed. */
const HARNESS_FLOOR = 1 << 30;

export class BlockNamer implements PointerNames {
  private readonly names = new Map<Ptr, string>();
  /** Blocks in the order they were named: the traversal's work list. */
  readonly order: Block[] = [];
  constructor(private readonly allocators: Allocators) {}

  value(v: number): string {
    if (v < ARENA_SIZE || v >= HARNESS_FLOOR || !Number.isInteger(v)) return String(v);
    const exact = this.allocators.live.get(v) ?? this.allocators.freed.get(v);
    if (exact !== undefined) return this.name(exact);
    const inside = this.containing(v);
    return inside === null ? String(v) : `${this.name(inside)}+${v - inside.ptr}`;
  }

  /** The block's name, naming it now if the traversal meets it for the first time. */
  name(block: Block): string {
    let name = this.names.get(block.ptr);
    if (name === undefined) {
      name = `b${this.order.length}`;
      this.names.set(block.ptr, name);
      this.order.push(block);
    }
    return name;
  }

  isNamed(block: Block): boolean {
    return this.names.has(block.ptr);
  }

  /** The live block whose words include `v` (a freed one contains no pointer that names a block). */
  private containing(v: number): Block | null {
    const b = this.allocators.blockAt(v);
    return b !== undefined && this.allocators.live.get(b.ptr) === b ? b : null;
  }
}

/** What a block is, without its identity: live or freed, how it was allocated and how big it is. */
export function blockShape(b: Block, live: boolean): string {
  return `${live ? 'live' : 'freed'} ${b.api} ${b.size}/${b.words}w${b.order > 0 ? ` o${b.order}` : ''}${b.cache === null ? '' : ` c${b.cache.id}`}`;
}
