/**
 * A litmus test in the kernel's herd7 C format, reduced to the subset mempool-check runs: marked and
 * plain accesses, acquire/release, the four barriers, spinlocks, `if` for control dependencies, local
 * `int` registers, an initial-state block and an `exists` clause.
 */

export type LoadOrder = 'plain' | 'once' | 'acquire';
export type StoreOrder = 'plain' | 'once' | 'release';

export type Expr =
  | { readonly kind: 'num'; readonly value: number }
  | { readonly kind: 'reg'; readonly name: string; readonly line: number }
  | { readonly kind: 'load'; readonly order: LoadOrder; readonly loc: string; readonly line: number }
  | { readonly kind: 'unary'; readonly op: '!' | '-' | '~'; readonly arg: Expr }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr };

export type BinaryOp = '+' | '-' | '*' | '&' | '|' | '^' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';

export type Stmt =
  | { readonly kind: 'assign'; readonly reg: string; readonly value: Expr; readonly line: number }
  | { readonly kind: 'store'; readonly order: StoreOrder; readonly loc: string; readonly value: Expr; readonly line: number }
  | { readonly kind: 'fence'; readonly fence: 'rmb' | 'wmb' | 'mb'; readonly line: number }
  | { readonly kind: 'lock' | 'unlock'; readonly lock: string; readonly line: number }
  | { readonly kind: 'if'; readonly cond: Expr; readonly then: readonly Stmt[]; readonly else: readonly Stmt[]; readonly line: number };

export interface Param {
  readonly name: string;
  readonly type: 'int' | 'spinlock_t';
}

export interface LitmusThread {
  /** N of `PN`. */
  readonly index: number;
  readonly params: readonly Param[];
  readonly registers: readonly string[];
  readonly body: readonly Stmt[];
}

/** A condition of the final state: `N:r=v` (a register of thread N), `x=v` (a location's final value). */
export type Cond =
  | { readonly kind: 'const'; readonly value: boolean }
  | { readonly kind: 'reg'; readonly thread: number; readonly reg: string; readonly value: number }
  | { readonly kind: 'loc'; readonly loc: string; readonly value: number }
  | { readonly kind: 'not'; readonly arg: Cond }
  | { readonly kind: 'and' | 'or'; readonly left: Cond; readonly right: Cond };

export type Verdict = 'allowed' | 'forbidden';

export interface LitmusTest {
  readonly name: string;
  /** Initial values of shared locations (absent: 0) and their kinds. */
  readonly locations: ReadonlyMap<string, { readonly type: 'int' | 'spinlock_t'; readonly initial: number }>;
  /** Initial register values from the init block (`0:r1=2`), keyed `N:reg`. */
  readonly registerInit: ReadonlyMap<string, number>;
  readonly threads: readonly LitmusThread[];
  readonly exists: Cond;
  /** `exists` (the condition is reachable) or `~exists` (its negation is what the test asserts). */
  readonly negated: boolean;
  /** What the file's header says (`Result: Never|Sometimes|Always`), if anything. */
  readonly lkmm: Verdict | null;
  /**
   * This model's own expected verdict where it knowingly differs from LKMM, with the reason: a header
   * line `mempool-check: forbidden (why)`. Tests assert deviations as deviations.
   */
  readonly deviation: { readonly verdict: Verdict; readonly why: string } | null;
}

/** A file outside the supported subset, or malformed: names the construct and its line. */
export class LitmusError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}
