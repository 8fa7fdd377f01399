/**
 * mempool_alloc (L200-266) as model steps, checking that its alloc_fn calls follow the ladder:
 * pass 1 with gfp_temp = (gfp|NOMEMALLOC|NORETRY|NOWARN) & ~(WAIT|IO) (L210-214); a failed pass takes
 * the lock and pops the reserve's top if there is one (L222-233); otherwise, if gfp_temp was not yet the
 * full mask, retry at once with it (L240-243); otherwise without __GFP_WAIT return NULL (L247-249);
 * otherwise sleep (L253-264) and retry with the full mask.
 */
import { CallCursor, done, expectReturn, outcomeText, type Planned } from './calls.ts';
import { __GFP_WAIT, firstPassMask, forcedMask, gfpText, ptrText } from './gfp.ts';
import type { Step } from './steps.ts';
import { inconsistent, type AllocatorCall, type Inconsistent, type Outcome } from './types.ts';

export function planAlloc(gfp: number, calls: readonly AllocatorCall[], outcome: Outcome): Planned | Inconsistent {
  const what = `mempool_alloc(${gfpText(gfp)})`;
  if (outcome.kind === 'bug') return inconsistent(`${what} never hits a BUG`, 'no BUG', outcomeText(outcome));
  const full = forcedMask(gfp);
  const cursor = new CallCursor(calls, what);
  const steps: Step[] = [];
  let temp = firstPassMask(gfp);
  for (let pass = 1; ; pass++) {
    if (cursor.atEnd && outcome.kind === 'pending') return done(steps);
    const why = pass === 1 ? 'L218: alloc_fn first, with __GFP_WAIT and __GFP_IO cleared (L214)' : 'L218 again, with the full mask (L242)';
    const call = cursor.alloc('element', temp, why);
    if ('inconsistent' in call) return call;
    if (call.result !== 0) {
      const end = cursor.end(`alloc_fn returned ${ptrText(call.result)}, which mempool_alloc returns at once (L219-220)`);
      if (end) return end;
      const ret = expectReturn(what, outcome, call.result, ptrText(call.result), 'what alloc_fn returned, L220');
      return ret ?? done([...steps, { kind: 'fresh', element: call.result }]);
    }
    // The pass failed: lock, look at the reserve.
    if (cursor.atEnd) return lastPass(what, steps, temp, full, outcome);
    if (temp === full && !(full & __GFP_WAIT)) {
      return inconsistent(
        `${what}: without __GFP_WAIT a failed pass that finds the reserve empty returns NULL (L247-249), but alloc_fn was called again`,
        'returned NULL',
        cursor.rest(),
      );
    }
    steps.push({ kind: 'saw-empty', gfp: temp });
    temp = full;
  }
}

/** The last pass failed and no call followed: the reserve gave an element, or the op ended empty-handed. */
function lastPass(what: string, steps: readonly Step[], temp: number, full: number, outcome: Outcome): Planned | Inconsistent {
  const empty: Step = { kind: 'saw-empty', gfp: temp };
  if (outcome.kind === 'pending') return done(steps, [[], [empty], [{ kind: 'pop-any' }]]);
  if (outcome.kind === 'returned' && outcome.value !== 0) return done([...steps, { kind: 'pop', element: outcome.value }]);
  if (temp !== full) {
    return inconsistent(
      `${what}: after a failed first pass with an empty reserve, mempool_alloc retries at once with the full mask (L240-243)`,
      `alloc_fn(${gfpText(full)})`,
      outcomeText(outcome),
    );
  }
  const waits = (full & __GFP_WAIT) !== 0;
  if (outcome.kind === 'returned') {
    // NULL
    if (!waits) return done([...steps, empty]);
    return inconsistent(`${what} carries __GFP_WAIT and never returns NULL: it sleeps and retries (L252-265)`, 'blocked (asleep)', 'returned NULL');
  }
  if (outcome.kind === 'blocked') {
    if (waits) return done([...steps, empty]);
    return inconsistent(`${what} has no __GFP_WAIT and must not sleep: it returns NULL (L247-249)`, 'returned NULL', outcomeText(outcome));
  }
  return inconsistent(`${what} never hits a BUG`, 'no BUG', outcomeText(outcome));
}
