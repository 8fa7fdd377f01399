/**
 * An instruction buffer with labels: expressions are compiled into pieces that can be inspected
 * (does this operand touch shared memory?) and laid out in either order (unsequenced operands), then
 * the labels are resolved to positions when the function is finished.
 */
import { DUP, EFFECTS, Instr, JF, JMP, JT, LABEL, ORDER, POP, SET, type CValue } from './cfg.ts';

const JUMPS: ReadonlySet<number> = new Set([JMP, JF, JT]);

export class Code {
  private instrs: Instr[] = [];
  private labels = 0;
  /** Source position given to new instructions. */
  line = 0;
  col = 0;

  emit(code: number, a = 0, b = 0, v: CValue | string | null = null): void {
    this.instrs.push(new Instr(code, a, b, v, this.line, this.col));
  }

  label(): number {
    return this.labels++;
  }

  bind(label: number): void {
    this.emit(LABEL, label);
  }

  /** Compile into a separate piece (not emitted yet). */
  piece<T>(body: () => T): { code: Instr[]; value: T } {
    const saved = this.instrs;
    this.instrs = [];
    try {
      const value = body();
      return { code: this.instrs, value };
    } finally {
      this.instrs = saved;
    }
  }

  append(piece: readonly Instr[]): void {
    for (const i of piece) this.instrs.push(i);
  }

  /** A copy of a piece with fresh labels, to lay it out a second time. */
  relabel(piece: readonly Instr[]): Instr[] {
    const map = new Map<number, number>();
    const fresh = (l: number): number => {
      let m = map.get(l);
      if (m === undefined) {
        m = this.label();
        map.set(l, m);
      }
      return m;
    };
    return piece.map((i) => {
      if (i.code === ORDER) return new Instr(i.code, fresh(i.a), fresh(i.b), fresh(i.v as number), i.line, i.col);
      return i.code === LABEL || JUMPS.has(i.code) ? new Instr(i.code, fresh(i.a), i.b, i.v, i.line, i.col) : i;
    });
  }

  /** The finished instruction array: labels resolved, `DUP; SET x; POP` shortened to `SET x`. */
  finish(): Instr[] {
    const out: Instr[] = [];
    const src = this.instrs;
    for (let k = 0; k < src.length; k++) {
      const i = src[k] as Instr;
      const next = src[k + 1];
      const after = src[k + 2];
      if (i.code === DUP && next?.code === SET && after?.code === POP) {
        out.push(next);
        k += 2;
        continue;
      }
      out.push(i);
    }
    const at = new Map<number, number>();
    const body: Instr[] = [];
    for (const i of out) {
      if (i.code === LABEL) at.set(i.a, body.length);
      else body.push(i);
    }
    const resolve = (label: number): number => {
      const target = at.get(label);
      if (target === undefined) throw new Error(`unbound label ${label}`);
      return target;
    };
    for (const i of body) {
      if (JUMPS.has(i.code)) i.a = resolve(i.a);
      if (i.code === ORDER) {
        i.a = resolve(i.a);
        i.b = resolve(i.b);
        i.v = resolve(i.v as number);
      }
    }
    return body;
  }
}

/** Whether a piece issues any kernel operation or call (it may touch shared memory). */
export const hasEffects = (piece: readonly Instr[]): boolean => piece.some((i) => EFFECTS.has(i.code));
