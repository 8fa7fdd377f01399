/**
 * An edit of the port: the smallest source change that turns the seed into another implementation,
 * applied to the text of impl/v4.1 files. Mutants (seeded bugs) and patch variants (fixes) are both
 * edits, loaded by load.ts. Keeping them as patches (not copies) means they cannot drift from the port:
 * when the port changes under one, the patch no longer applies and says so.
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
  /** The profile the edited port refines (default `v4.1`; a port of a later kernel's fix names that kernel). */
  readonly profile?: 'v4.1' | 'v6.17';
  /** Patches of further port files, for a bug that needs edits in two places (e.g. both barriers of a pair). */
  readonly alsoPatches?: readonly { readonly file: string; readonly patches: readonly Patch[] }[];
}
