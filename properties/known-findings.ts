/**
 * Findings expected on the seed (the v4.1 port): real properties of Linux v4.1 mm/mempool.c that the
 * checker reports, with why. The gate fails on any finding not listed here, and says so when a listed
 * finding stops showing up (the list is out of date, or the seed changed).
 *
 * A known finding excuses one property AND one cause: a failure of its property is excused only on an
 * execution where its cause (a named predicate of properties/causes.ts) holds. Any other failure of
 * the same property on the same scenario is a new finding, and every other property is still judged
 * on every execution (a run goes on after a violation). The cause is a string key, so that a project
 * file can name it.
 */
import type { CauseKey } from './causes.ts';

export interface KnownFinding {
  readonly scenario: string;
  /** Implementation name as in impl/registry.ts (`v4.1` for the seed). */
  readonly impl: string;
  /** Property ID (DESIGN.md section 5), or LIVELOCK for a livelock shown as a fair lasso (explorer/lasso.ts). */
  readonly property: string;
  readonly reason: string;
  /** What produces it: only failures on executions where this predicate holds are excused. */
  readonly cause: CauseKey;
  /** Only under this memory model (absent: under both; a weak-only finding never shows under SC). */
  readonly memory?: 'sc' | 'weak';
}

const ZERO_MIN =
  'with min_nr 0, curr_nr < min_nr (L317) is never true, so mempool_free never calls wake_up (L322): a waiter sleeps although an element was freed (fixed upstream in v6.17)';
const ZERO_MIN_DEADLOCK =
  'with min_nr 0 the pool has no reserve and no free ever refills it or calls wake_up (L317, L322): a waiter whose allocator failed sleeps for good in untimed mode (only the 5*HZ timeout, L262, retries), whether or not a free came (fixed upstream in v6.17)';
const RESIZE_WAKE = 'mempool_resize adds elements to the reserve (L174) but never calls wake_up: a waiter that slept on the empty reserve is not told (never fixed upstream)';
const RESIZE_DEADLOCK = `${RESIZE_WAKE}; with no caller holding an element no free will ever come to wake it, so in untimed mode it sleeps for good beside a reserve that holds elements (only the 5*HZ timeout, L262, rescues it)`;
const PING_PONG =
  'a grow refill (L167-174) and a concurrent shrink (L137-141) can hand the same slot back and forth forever: the refill adds an element and drops the lock to allocate the next (L168-169), the shrink pops it and drops the lock to free it (L138-140); with every allocation succeeding this returns the pool to the same state, a fair lasso in which both resizers step and every other thread has returned. It needs a perfect alternation forever: one resizer taking two turns in a row ends it (the grow fills the reserve or the shrink reaches its target), so no real scheduler keeps it up for long';

const GROW_TORN_TEST =
  "weak memory only: mempool_free's lockless test (L317) is two loads with no barrier between them, and nothing orders resize's store of min_nr (L165) before a lockless reader's loads; a free can read the curr_nr a grow's refill wrote (L22) and the min_nr from before the grow, find the reserve full, and give its element to free_fn (L327) although the reserve is short. LKMM allows it (load-load reordering); the reserve is refilled by a later free, as mempool_resize's comment promises, but not by this one";

const GROW_TORN_LIN = `${GROW_TORN_TEST}; no order of atomic steps explains that free (it released its element while at no instant curr_nr >= min_nr held)`;

const SEED_FINDINGS: readonly KnownFinding[] = [
  { scenario: 'zero-min', impl: 'v4.1', property: 'NO-LOST-WAKEUP', reason: ZERO_MIN, cause: 'zero-min-free-releases' },
  { scenario: 'zero-min', impl: 'v4.1', property: 'NO-DEADLOCK', reason: ZERO_MIN_DEADLOCK, cause: 'zero-min-no-refill' },
  { scenario: 'resize-wake', impl: 'v4.1', property: 'NO-LOST-WAKEUP', reason: RESIZE_WAKE, cause: 'resize-refill-no-wake' },
  { scenario: 'quad4', impl: 'v4.1', property: 'NO-LOST-WAKEUP', reason: `${RESIZE_WAKE}; here reached without any caller holding an element`, cause: 'resize-refill-no-wake' },
  { scenario: 'quad4', impl: 'v4.1', property: 'NO-DEADLOCK', reason: RESIZE_DEADLOCK, cause: 'resize-refill-no-wake' },
  { scenario: 'resize3', impl: 'v4.1', property: 'LIVELOCK', reason: PING_PONG, cause: 'grow-shrink-ping-pong' },
  { scenario: 'quad4', impl: 'v4.1', property: 'LIVELOCK', reason: PING_PONG, cause: 'grow-shrink-ping-pong' },
  { scenario: 'resize3', impl: 'v4.1', property: 'RESERVE', reason: GROW_TORN_TEST, cause: 'free-races-grow', memory: 'weak' },
  { scenario: 'quad4', impl: 'v4.1', property: 'RESERVE', reason: GROW_TORN_TEST, cause: 'free-races-grow', memory: 'weak' },
  { scenario: 'quad4', impl: 'v4.1', property: 'LINEARIZABLE', reason: GROW_TORN_LIN, cause: 'free-races-grow', memory: 'weak' },
];

/**
 * The port of upstream v6.17's zero-minimum fix (impl/variants/zero-min-fix.ts, checked against the
 * v6.17 profile) keeps every finding of the seed but the zero-minimum one, which it fixes.
 */
const ZERO_MIN_FIX_FINDINGS: readonly KnownFinding[] = SEED_FINDINGS.filter((f) => f.scenario !== 'zero-min').map((f) => ({ ...f, impl: 'v4.1+zero-min-fix' }));

export const KNOWN_FINDINGS: readonly KnownFinding[] = [...SEED_FINDINGS, ...ZERO_MIN_FIX_FINDINGS];

/** The findings expected of a scenario on an implementation under a memory model (default SC). */
export function knownFindingsFor(scenario: string, impl: string, memory: 'sc' | 'weak' = 'sc'): KnownFinding[] {
  return KNOWN_FINDINGS.filter((f) => f.scenario === scenario && f.impl === impl && (f.memory === undefined || f.memory === memory));
}

export function isKnownFinding(scenario: string, impl: string, property: string, memory: 'sc' | 'weak' = 'sc'): boolean {
  return knownFindingsFor(scenario, impl, memory).some((f) => f.property === property);
}
