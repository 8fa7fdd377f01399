/**
 * The monitors every exploration, replay and gate run checks: the properties of DESIGN.md section 5
 * (properties/registry.ts). Until that registry exists only the runtime's own findings are checked
 * (BUG-FREE, OWNERSHIP, NO-SLEEP-ATOMIC, LOCKING) and STEP-LIMIT.
 */
import type { Monitor } from '../explorer/monitor.ts';

export function defaultMonitors(): Monitor[] {
  return [];
}
