/**
 * What the C front end says when it cannot run a file: one line naming the file, line, column and the
 * construct. The CLI maps `CUnsupported` (and its subclass `CInvalid`) to exit 2: bad input.
 */

/** A position in a C source file (1-based line and column, as compilers print them). */
export interface SourcePos {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

const where = (pos: SourcePos): string => `${pos.file}:${pos.line}:${pos.col}`;

/** The C file uses something outside the subset the front end runs. */
export class CUnsupported extends Error {
  constructor(
    readonly pos: SourcePos,
    /** The construct, e.g. `switch statement`, `address of local variable 'x'`. */
    readonly construct: string,
    message = `${where(pos)}: unsupported C: ${construct}`,
  ) {
    super(message);
    this.name = 'CUnsupported';
  }
}

/**
 * The file is not valid C, or not a pool the checker can drive (a syntax error, an undeclared name, a
 * missing `mempool_alloc`). A CUnsupported too, so one check maps every refusal to exit 2.
 */
export class CInvalid extends CUnsupported {
  constructor(pos: SourcePos, problem: string) {
    super(pos, problem, `${where(pos)}: ${problem}`);
    this.name = 'CInvalid';
  }
}
