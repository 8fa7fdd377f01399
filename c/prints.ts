/**
 * The kernel's printing calls: a pool may log (`pr_err("...", pool->curr_nr)`), and the checker has no
 * console to log to. Their arguments are evaluated, as C evaluates them (a `pool->curr_nr` there is a
 * load like any other), their format strings are ignored, and they return 0.
 */
export const PRINTS: ReadonlySet<string> = new Set([
  'printk',
  'pr_emerg',
  'pr_alert',
  'pr_crit',
  'pr_err',
  'pr_warn',
  'pr_notice',
  'pr_info',
  'pr_debug',
  'pr_cont',
]);

/** Calls whose string arguments the checker ignores: printing, and a debugfs file's name (fault injection off). */
export const TAKES_STRINGS: ReadonlySet<string> = new Set([...PRINTS, 'fault_create_debugfs_attr']);
