/**
 * The compiled form of a C function: a control-flow graph laid out as one instruction array (basic
 * blocks end at jumps; a position `pc` names a point in the graph), run by machine.ts on an operand
 * stack with explicit frames. Every instruction knows the C line it comes from, so the operations it
 * issues name the file's own lines.
 *
 * Instructions that issue a kernel operation (LOAD, STORE, KOP, ORDER) are the only places a thread
 * can stop; everything else runs straight through.
 */

/** A C value: an integer or pointer (a number), or an opaque kernel object (a kmem_cache, a wait entry). */
export type CValue = number | object;

// Opcodes (plain numbers: the interpreter's switch is the hot loop).
/** push v */
export const CONST = 0;
/** push locals[a] */
export const LOCAL = 1;
/** locals[a] = pop */
export const SET = 2;
export const DUP = 3;
export const POP = 4;
export const SWAP = 5;
/** pop address; load it with access order ACCESS_ORDERS[a]; push the value */
export const LOAD = 6;
/** pop value, pop address; store with ACCESS_ORDERS[a]; b = 1: push the value back */
export const STORE = 7;
/** pop struct address; push its set-once field a */
export const PGET = 8;
/** pop value, pop struct address; set its set-once field a (b = 1: push the value back) */
export const PSET = 9;
/** pop r, pop l; push l (BINOPS[a]) r brought into range by norm b */
export const BIN = 10;
/** pop r, pop l; push 1 or 0 (CMPS[a]) */
export const CMP = 11;
/** pop x; push UNOPS[a] x with norm b */
export const UN = 12;
/** bring the top into the range of norm a */
export const NORM = 13;
/** pop r, pop l: pointer plus integer times a words (b = 1: the pointer is r); b = 2: minus */
export const PADD = 14;
/** pop r, pop l (pointers): push (l - r) / a */
export const PDIFF = 15;
export const JMP = 16;
/** pop; jump to a if zero */
export const JF = 17;
/** pop; jump to a if not zero */
export const JT = 18;
/** call function a with the top b values as arguments */
export const CALL = 19;
/** call the function pointer below the top b arguments */
export const CALLP = 20;
/** pop the return value; leave the frame */
export const RET = 21;
/** a kernel operation (KOPS in kernel-bindings.ts) on the top b values; push its result */
export const KOP = 22;
/**
 * Two unsequenced operands follow (the first at pc + 1, the second at a, ending at b; their swapped
 * layout at v): issue an `unsequenced` operation naming each one's first kernel operation, and go on
 * in the order it answers (operand-order.ts)
 */
export const ORDER = 23;
/** a fault the kernel would oops on (a NULL function pointer, a division by zero): kill the thread */
export const TRAP = 24;
/** a label (removed when the function is finished) */
export const LABEL = 25;
/** the first of the innermost pair's operands (laid out as written) has run */
export const OPSPLIT = 26;
/** both operands of the innermost pair have run (as written); see operand-order.ts */
export const OPEND = 27;
/** pop a kmem_cache; push the size of its objects (kmem_cache_size); a NULL cache traps */
export const CSIZE = 28;
/** push the address of local a of the current frame (a local reference: see LOCAL_BASE) */
export const LADDR = 29;

/**
 * The address of a local (`&x`, an out-parameter) is a local reference, not a memory address: locals
 * are the thread's own and never in simulated memory. It is a number in a range no memory address or
 * function handle uses, naming the frame by its depth in the thread and the local by its slot, so it
 * compares, copies and fingerprints as plain data. A load or store through it reads or writes the
 * frame's local with no kernel operation; it may not reach memory, a kernel call or outlive its frame.
 */
export const LOCAL_BASE = 2 ** 39;
export const LOCAL_SLOTS = 2 ** 16;
export const isLocalRef = (v: CValue): v is number => typeof v === 'number' && v >= LOCAL_BASE && v < LOCAL_BASE + LOCAL_SLOTS * LOCAL_SLOTS;

export const ACCESS_ORDERS = ['plain', 'once', 'acquire', 'release'] as const;
export const BINOPS = ['+', '-', '*', '/', '%', '<<', '>>', '&', '|', '^'] as const;
export const CMPS = ['<', '<=', '>', '>=', '==', '!='] as const;
export const UNOPS = ['-', '!', '~'] as const;

/** Instructions that issue a kernel operation (or a choice): the only points a thread can stop at. */
export const EFFECTS: ReadonlySet<number> = new Set([LOAD, STORE, KOP, ORDER, CALL, CALLP, TRAP]);

export class Instr {
  constructor(
    public code: number,
    public a: number,
    public b: number,
    /** A constant (CONST), or the text of a warning's call site (KOP warn_once). */
    public v: CValue | string | null,
    readonly line: number,
    readonly col: number,
  ) {}
}

/** A compiled C function. */
export interface CFunction {
  readonly name: string;
  readonly file: string;
  readonly index: number;
  /** Its value as a function pointer. */
  readonly handle: number;
  readonly params: number;
  readonly locals: number;
  /** Locals that are wait entries (`wait_queue_t wait;`): each call gets fresh ones. */
  readonly waitSlots: readonly number[];
  /** Local arrays' slots (c/local-arrays.ts): where a local reference may move, and which slot none may use. */
  readonly arrays: readonly { readonly start: number; readonly length: number }[];
  /** By slot: the local's name in the source ('' for the compiler's temporaries); for diagnostics. */
  readonly localNames: readonly string[];
  readonly code: readonly Instr[];
}

/** Function pointers are numbers far above every memory address (arenas end below 2^31). */
export const FN_BASE = 2 ** 40;
