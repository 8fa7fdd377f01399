/**
 * Messages and per-location histories of the weak model (MEMORY-MODEL.md, "State"). A store appends a
 * message; its timestamp is its place in the location's modification order (0 is the initial value).
 */
import type { Loc } from '../ops.ts';
import type { View } from './view.ts';

export interface Message {
  readonly ts: number;
  readonly value: number;
  /**
   * What a reader may acquire besides `[x@ts]` (which readers add themselves): the writer's `relF`,
   * or its `acq` for a release or an unlock. Shared between messages and never mutated.
   */
  readonly view: readonly number[];
  /** Thread that wrote it; -1 for a location's initial message. */
  readonly writer: number;
  /** Creation order over all locations (reports name stores by it). */
  readonly seq: number;
  /** Unlock messages: the unlocker's `ownW` just before the unlock (the next locker's `relF` takes it). */
  readonly ownW: readonly number[] | null;
}

/** One location: its dense index (its slot in every view) and its live messages. */
export class LocState {
  /** msgs[i].ts === first + i; messages below `first` were collected (nobody can read them). */
  msgs: Message[];
  first = 0;

  constructor(
    readonly loc: Loc,
    readonly idx: number,
    initial: Message,
  ) {
    this.msgs = [initial];
  }

  get last(): number {
    return this.first + this.msgs.length - 1;
  }

  newest(): Message {
    return this.msgs[this.msgs.length - 1] as Message;
  }

  at(ts: number): Message {
    return this.msgs[ts - this.first] as Message;
  }

  /** Drop every message older than `ts` (keeps at least the newest). */
  collectBelow(ts: number): void {
    const drop = Math.min(ts - this.first, this.msgs.length - 1);
    if (drop <= 0) return;
    this.msgs = this.msgs.slice(drop);
    this.first += drop;
  }

  copy(): LocState {
    const c = new LocState(this.loc, this.idx, this.msgs[0] as Message);
    c.msgs = this.msgs.slice();
    c.first = this.first;
    return c;
  }
}

/** A thread's views (MEMORY-MODEL.md): `relF`, `acqU` and `ownWU` are shared snapshots, replaced not mutated. */
export class ThreadViews {
  constructor(
    public cur: View,
    public acq: View,
    public relF: View,
    public ownW: View,
    public acqU: readonly number[] | null = null,
    public ownWU: readonly number[] | null = null,
  ) {}

  copy(): ThreadViews {
    return new ThreadViews(this.cur.slice(), this.acq.slice(), this.relF, this.ownW.slice(), this.acqU, this.ownWU);
  }
}

/** A load that did not read the newest message: what it read and what it missed (for reports). */
export interface StaleRead {
  readonly tid: number;
  readonly loc: Loc;
  readonly read: Message;
  /** The newest message of the location when the load ran. */
  readonly newest: Message;
  /** How many messages the load could choose from. */
  readonly choices: number;
}
