/**
 * The monitors every exploration, replay and gate run checks: every property of DESIGN.md section 5
 * (properties/registry.ts) that the run's profile checks, fresh for each use (monitors may keep state
 * across one exploration). Without a profile, the seed's (v4.1).
 */
import type { Monitor } from '../explorer/monitor.ts';
import type { Profile } from '../model/profile.ts';
import { monitorsFor } from '../properties/registry.ts';

export function defaultMonitors(profile: Profile = 'v4.1'): Monitor[] {
  return monitorsFor({ profile });
}
