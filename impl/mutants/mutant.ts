/**
 * A mutant is the port with a minimal source patch: the smallest edit that re-creates a bug, applied
 * to the text of one impl/v4.1 file. Keeping mutants as patches (not copies) means a mutant cannot
 * drift from the port: when the port changes under it, the patch no longer applies and says so.
 */
export interface Patch {
  /** Exact text of the port to replace; it must occur exactly once in the file. */
  readonly find: string;
  readonly replace: string;
}

/** A source edit of the port: what mutants (seeded bugs) and patch variants (fixes) are made of. */
export interface PortEdit {
  /** Registry name (mutants are registered as `mutant:<name>`). */
  readonly name: string;
  /** One line: what the change does. */
  readonly summary: string;
  /** File under impl/v4.1/ that is patched. */
  readonly file: string;
  readonly patches: readonly Patch[];
  /** Patches of further port files, for a bug that needs edits in two places (e.g. both barriers of a pair). */
  readonly alsoPatches?: readonly { readonly file: string; readonly patches: readonly Patch[] }[];
}

export interface Mutant extends PortEdit {
  /** What it breaks and where it comes from (the historical bug it re-creates, if any). */
  readonly breaks: string;
  /** Property IDs expected to catch it (the tests assert these). */
  readonly caughtBy: readonly string[];
}
