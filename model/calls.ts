/** Reading an operation's allocator calls in order, and saying what was expected when they do not fit. */
import { gfpText, ptrText } from './gfp.ts';
import type { Step } from './steps.ts';
import { inconsistent, type AllocatorCall, type Inconsistent, type Outcome } from './types.ts';

/** What a planner found: the steps the observation implies, and for a cut-off operation the possible tails. */
export interface Planned {
  readonly steps: readonly Step[];
  /** Alternatives for what a pending operation may already have done after its last observed call. */
  readonly tails: readonly (readonly Step[])[];
}

export const done = (steps: readonly Step[], tails: readonly (readonly Step[])[] = [[]]): Planned => ({ steps, tails });

export function callText(c: AllocatorCall): string {
  if (c.call === 'alloc') {
    const fn = c.cls === 'element' ? 'alloc_fn' : 'pool allocation';
    return `${fn}(${gfpText(c.gfp)}) = ${ptrText(c.result)}`;
  }
  return `${c.cls === 'element' ? 'free_fn' : 'kfree'}(${ptrText(c.ptr)})`;
}

export function outcomeText(o: Outcome): string {
  switch (o.kind) {
    case 'returned':
      return `returned ${o.value}`;
    case 'blocked':
      return 'blocked (asleep, nobody to wake it)';
    case 'bug':
      return 'hit a BUG';
    case 'pending':
      return 'still running';
    default: {
      const never: never = o;
      throw new Error(`unknown outcome ${JSON.stringify(never)}`);
    }
  }
}

export type ElementAlloc = Extract<AllocatorCall, { call: 'alloc' }>;
export type ElementFree = Extract<AllocatorCall, { call: 'free' }>;

/** A cursor over the calls: `take*` return the next call if it has the expected shape, else an explanation. */
export class CallCursor {
  private i = 0;
  constructor(
    private readonly calls: readonly AllocatorCall[],
    /** The operation, for messages (`mempool_alloc(GFP_KERNEL)`). */
    private readonly what: string,
  ) {}

  get atEnd(): boolean {
    return this.i >= this.calls.length;
  }

  peek(): AllocatorCall | undefined {
    return this.calls[this.i];
  }

  /** The rest of the calls as text, for messages. */
  rest(): string {
    const rest = this.calls.slice(this.i);
    return rest.length === 0 ? 'no further allocator call' : rest.map(callText).join(', ');
  }

  /** The next call, which must be an allocation of `cls` with exactly `gfp`. */
  alloc(cls: 'element' | 'meta', gfp: number, why: string): ElementAlloc | Inconsistent {
    const c = this.calls[this.i];
    const want = `${cls === 'element' ? 'alloc_fn' : 'pool allocation'}(${gfpText(gfp)})`;
    if (c === undefined || c.call !== 'alloc' || c.cls !== cls) {
      return inconsistent(`${this.what} must call ${want} next (${why})`, want, c === undefined ? 'no further allocator call' : callText(c));
    }
    if (c.gfp !== gfp) {
      return inconsistent(`${this.what} must call ${want} (${why}), but the mask was ${gfpText(c.gfp)}`, want, callText(c));
    }
    this.i += 1;
    return c;
  }

  /** The next call, which must free `ptr` (or anything of the class, when `ptr` is null). */
  free(cls: 'element' | 'meta', ptr: number | null, why: string): ElementFree | Inconsistent {
    const c = this.calls[this.i];
    const want = `${cls === 'element' ? 'free_fn' : 'kfree'}(${ptr === null ? '…' : ptrText(ptr)})`;
    if (c === undefined || c.call !== 'free' || c.cls !== cls || (ptr !== null && c.ptr !== ptr)) {
      return inconsistent(`${this.what} must call ${want} next (${why})`, want, c === undefined ? 'no further allocator call' : callText(c));
    }
    this.i += 1;
    return c;
  }

  /** No call may follow. */
  end(why: string): Inconsistent | null {
    if (this.atEnd) return null;
    return inconsistent(`${this.what} makes no further allocator call (${why})`, 'no further allocator call', this.rest());
  }
}

/** The operation must have returned `value` (a pending one may still return it). */
export function expectReturn(what: string, o: Outcome, value: number, shown: string, why: string): Inconsistent | null {
  if (o.kind === 'pending' || (o.kind === 'returned' && o.value === value)) return null;
  return inconsistent(`${what} must return ${shown} (${why})`, `returned ${shown}`, outcomeText(o));
}
