/**
 * Canonical names for element identities (kernel/rt/state.ts). Two worlds that differ only in which
 * addresses the allocators handed out must get the same fingerprint, so a pointer is written as the
 * name of the block it points into, and blocks are named `b0, b1, ...` in the order a fixed traversal
 * first meets them. A value that is not a pointer into a known block is written as it is: a number
 * the namer cannot explain keeps two states apart (never wrongly together).
 */
import type { Allocators, Block } from './allocator.ts';
import { ARENA_SIZE } from './memory.ts';
import { HARNESS_BASE, type Ptr } from './ops.ts';
import type { StateSink } from './state-sink.ts';

/** What an explicit thread state (or anything else in the fingerprint) uses to write a pointer. */
export interface PointerNames {
  /** The canonical text of a word: `b3` (a block), `b3+2` (inside one), or the number itself. */
  value(v: number): string;
}


export class BlockNamer implements PointerNames {
  /** Each named block's place in `order`, by its address. */
  private readonly indices = new Map<Ptr, number>();
  /** Blocks in the order they were named: the traversal's work list. */
  readonly order: Block[] = [];
  /** After `resolve` found a block: how far into it the word points (0: at its start). */
  offset = 0;
  constructor(private readonly allocators: Allocators) {}

  value(v: number): string {
    const i = this.resolve(v);
    if (i < 0) return String(v);
    return this.offset === 0 ? blockName(i) : `${blockName(i)}+${this.offset}`;
  }

  /**
   * The index of the block `v` points into (naming it if the traversal meets it for the first time),
   * with `offset` set; -1 when `v` is not a pointer into a known block (it is then written as it is).
   */
  resolve(v: number): number {
    if (v < ARENA_SIZE || v >= HARNESS_BASE || !Number.isInteger(v)) return -1;
    const exact = this.allocators.live.get(v) ?? this.allocators.freed.get(v);
    if (exact !== undefined) {
      this.offset = 0;
      return this.indexOf(exact);
    }
    const inside = this.containing(v);
    if (inside === null) return -1;
    this.offset = v - inside.ptr;
    return this.indexOf(inside);
  }

  /** The block's name, naming it now if the traversal meets it for the first time. */
  name(block: Block): string {
    return blockName(this.indexOf(block));
  }

  /** The block's place in the naming order, naming it now if the traversal meets it for the first time. */
  indexOf(block: Block): number {
    let i = this.indices.get(block.ptr);
    if (i === undefined) {
      i = this.order.length;
      this.indices.set(block.ptr, i);
      this.order.push(block);
    }
    return i;
  }

  isNamed(block: Block): boolean {
    return this.indices.has(block.ptr);
  }

  /** The live block whose words include `v` (a freed one contains no pointer that names a block). */
  private containing(v: number): Block | null {
    const b = this.allocators.blockAt(v);
    return b !== undefined && this.allocators.live.get(b.ptr) === b ? b : null;
  }
}

/** `b0`, `b1`, ...: made once each (every fingerprint names its blocks from b0 again). */
const names: string[] = [];
export function blockName(i: number): string {
  return (names[i] ??= `b${i}`);
}

/** What a block is, without its identity: live or freed, how it was allocated and how big it is. */
export function writeBlockShape(b: Block, live: boolean, out: StateSink): void {
  out.text(live ? 'live' : 'freed');
  out.text(b.api);
  out.num(b.size);
  out.num(b.words);
  out.num(b.order);
  out.num(b.cache === null ? -1 : b.cache.id);
}
