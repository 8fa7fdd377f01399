/**
 * Known findings in the library and the vitest entry excuse a failure only where their cause holds
 * (as the gate's do, run/known.ts): on zero-min the seed port fails NO-LOST-WAKEUP and NO-DEADLOCK,
 * each produced by its own cause (the project file's entries for v4.1).
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../lib/explore.ts';
import type { KnownFinding } from '../../properties/known-findings.ts';
import { describePool } from '../../vitest.ts';

const finding = (property: string, cause: KnownFinding['cause']): KnownFinding => ({ scenario: 'zero-min', impl: 'v4.1', property, reason: 'test', ...(cause === undefined ? {} : { cause }) });

describe('known findings with causes (lib explore)', () => {
  it('the right causes excuse both failures: nothing unexplained, no counterexample', async () => {
    const r = await explore('v4.1', 'zero-min', { known: [finding('NO-LOST-WAKEUP', 'zero-min-free-releases'), finding('NO-DEADLOCK', 'zero-min-no-refill')] });
    expect(r.failedProperties).toEqual(['NO-DEADLOCK', 'NO-LOST-WAKEUP']);
    expect(r.unexplainedProperties).toEqual([]);
    expect(r.counterexample).toBeNull();
  });

  it('a cause that does not hold there excuses nothing: the property is unexplained and shown', async () => {
    const r = await explore('v4.1', 'zero-min', { known: [finding('NO-LOST-WAKEUP', 'grow-shrink-ping-pong'), finding('NO-DEADLOCK', 'zero-min-no-refill')] });
    expect(r.unexplainedProperties).toEqual(['NO-LOST-WAKEUP']);
    expect(r.counterexample?.property).toBe('NO-LOST-WAKEUP');
  });

  it('without known findings every failure is unexplained', async () => {
    const r = await explore('v4.1', 'zero-min');
    expect(r.unexplainedProperties).toEqual(r.failedProperties);
    expect(r.failedProperties.length).toBeGreaterThan(0);
  });
});

// The vitest entry: these register tests that must pass (a failure of them is this file failing).
describePool('v4.1', {
  title: 'describePool: causes listed inline excuse the seed port on zero-min',
  scenarios: ['zero-min'],
  memory: ['sc'],
  known: [
    { scenario: 'zero-min', property: 'NO-LOST-WAKEUP', cause: 'zero-min-free-releases', reason: 'the seed: a free to a zero-min pool releases the element (fixed in v6.17)' },
    { scenario: 'zero-min', property: 'NO-DEADLOCK', cause: 'zero-min-no-refill', reason: 'the seed: nothing refills a zero-min pool' },
  ],
});
describePool('v4.1', { title: "describePool: the project file's entry excuses the seed port on zero-min", scenarios: ['zero-min'], memory: ['sc'], config: 'mempool-check.config.json' });

describe('describePool input errors', () => {
  it('an unknown cause is one RangeError at once', () => {
    expect(() => describePool('v4.1', { scenarios: [], known: [{ scenario: 'zero-min', property: 'NO-DEADLOCK', cause: 'no-such-cause', reason: 'x' }] })).toThrow(/^unknown cause 'no-such-cause' \(known: /);
  });
});
