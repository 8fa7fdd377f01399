/** Whether the precompiled command line in `dir` is up to date with every source under `root` it was built from. */
export function bundleIsFresh(dir: URL, root: URL): boolean;
