/** A mutant: an edit of the port that re-creates a bug (see impl/patched/edit.ts), and what catches it. */
import type { PortEdit } from '../patched/edit.ts';

export type { Patch, PortEdit } from '../patched/edit.ts';

export interface Mutant extends PortEdit {
  /** What it breaks and where it comes from (the historical bug it re-creates, if any). */
  readonly breaks: string;
  /** Property IDs expected to catch it (the tests assert these). */
  readonly caughtBy: readonly string[];
}
