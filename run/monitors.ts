/**
 * The monitors every exploration, replay and gate run checks: every property of DESIGN.md section 5
 * (properties/registry.ts), fresh for each use (monitors may keep state across one exploration).
 */
import type { Monitor } from '../explorer/monitor.ts';
import { monitorsFor } from '../properties/registry.ts';

export function defaultMonitors(): Monitor[] {
  return monitorsFor();
}
