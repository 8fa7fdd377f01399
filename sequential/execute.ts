/**
 * Runs one command on the implementation, then asks the model whether what happened is what the seed
 * does, and compares the whole abstract state. Any difference throws a Disagreement.
 */
import { ZERO_SIZE_PTR } from '../kernel/rt/allocator.ts';
import { failNth, faultClassOf, faultModeName, type FaultMode } from '../kernel/rt/faults.ts';
import { GFP_CLASSES } from '../kernel/rt/gfp.ts';
import type { Gen } from '../kernel/rt/ops.ts';
import { DEFAULT_BACKENDS } from '../impl/pool-impl.ts';
import { callText, isInconsistent, stepWorldIn, type AnySemantics, type ModelOp, type Observation, type Outcome } from '../model/index.ts';
import { describeSeqCommand, gfpLabel, gfpOf, type SeqCommand } from './commands.ts';
import { compareAfter, checkApis, newFindings, type Mismatch } from './compare.ts';
import { Disagreement } from './disagreement.ts';
import type { SeqModel } from './fc-command.ts';
import type { Harness, Ran } from './harness.ts';
import { operationLabel } from './labels.ts';
import { Tally } from './tally.ts';

type PoolCommand = Exclude<SeqCommand, { kind: 'faults' }>;

interface Operation {
  readonly op: ModelOp;
  readonly gen: Gen<unknown>;
}

function operation(c: PoolCommand, m: SeqModel, r: Harness): Operation {
  const impl = r.impl;
  if (c.kind === 'create') {
    const backend = DEFAULT_BACKENDS[c.backend];
    // mempool_create_node with the caller's mask where the implementation has it; else mempool_create (tallied as such).
    if (c.gfp === undefined || impl.createNode === undefined) return { op: { op: 'create', min_nr: c.min_nr }, gen: impl.create(c.min_nr, backend) };
    const gfp = GFP_CLASSES[c.gfp];
    return { op: { op: 'create', min_nr: c.min_nr, gfp }, gen: impl.createNode(c.min_nr, backend, gfp) };
  }
  const pool = r.pool;
  if (pool === null) throw new Error(`sequential harness: ${c.kind} without a pool (the model thinks one exists)`);
  switch (c.kind) {
    case 'alloc':
      return { op: { op: 'alloc', gfp: gfpOf(c) }, gen: impl.alloc(pool, gfpOf(c)) };
    case 'free': {
      const element = m.world.held[c.pick % m.world.held.length] ?? 0;
      return { op: { op: 'free', element }, gen: impl.free(element, pool) };
    }
    case 'free-null':
      return { op: { op: 'free', element: 0 }, gen: impl.free(0, pool) };
    case 'resize':
      return { op: { op: 'resize', n: c.n }, gen: impl.resize(pool, c.n) };
    case 'destroy':
      return { op: { op: 'destroy' }, gen: impl.destroy(pool) };
    default: {
      const never: never = c;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}

/** The model's view of how it ended: create's pool handle becomes 1 (a pool) or 0 (NULL), void becomes 0. */
function outcomeOf(ran: Ran<unknown>): Outcome {
  const o = ran.outcome;
  if (o.kind === 'blocked') return { kind: 'blocked' };
  if (o.kind === 'dead') return { kind: 'bug' };
  const v = o.value;
  return { kind: 'returned', value: typeof v === 'number' ? v : v === null || v === undefined ? 0 : 1 };
}

function resultText(c: PoolCommand, o: Outcome, r: Harness): string {
  if (o.kind !== 'returned') return o.kind === 'bug' ? 'BUG' : o.kind === 'blocked' ? 'blocked (asleep; abandoned)' : o.kind;
  switch (c.kind) {
    case 'create':
      return o.value === 0 ? 'NULL' : 'pool';
    case 'alloc':
      return r.names(o.value === 0 ? 'NULL' : `0x${o.value.toString(16)}`);
    case 'resize':
      return o.value === -12 ? '-ENOMEM' : String(o.value);
    default:
      return 'done';
  }
}

export function execute(c: SeqCommand, m: SeqModel, r: Harness): void {
  const index = r.transcript.length + 1;
  const text = describeSeqCommand(c);
  r.tally.commands += 1;
  if (c.kind === 'faults') {
    r.kernel.allocators.faults = { ...r.kernel.allocators.faults, [c.cls]: absoluteMode(c, r) };
    r.choices = [...c.choices];
    Tally.bump(r.tally.faults, `${c.cls}: ${faultModeName(c.mode).replace(/:\d+$/, '')}`);
    r.transcript.push(`${index}. ${text}`);
    return;
  }
  const fail = (mm: Mismatch, calls: readonly string[] = []): never => {
    throw new Disagreement({ command: index, commandText: text, ...mm, reason: r.names(mm.reason), expected: r.names(mm.expected), actual: r.names(mm.actual), calls }, [...r.transcript]);
  };
  const { op, gen } = operation(c, m, r);
  let ran: Ran<unknown>;
  try {
    ran = r.run(`${index}:${text}`, gen);
  } catch (e) {
    r.transcript.push(`${index}. ${text} → threw`);
    return fail({ what: 'crash', expected: 'the operation returns, blocks or BUGs', actual: e instanceof Error ? e.message : String(e), reason: 'the implementation threw a JavaScript exception' });
  }
  const calls = ran.calls.map((call) => r.names(callText(call)));
  const outcome = outcomeOf(ran);
  r.transcript.push(`${index}. ${text} → ${resultText(c, outcome, r)}`);
  const early = newFindings(r) ?? stuckOnLock(ran) ?? checkApis(ran, c.kind === 'create' ? c.backend : r.backend);
  if (early) return fail(early, calls);
  const obs: Observation = { op, calls: ran.calls, outcome };
  const next = stepWorldIn(m.sem, m.world, obs);
  if (isInconsistent(next)) {
    return fail({ what: 'operation', reason: next.reason, expected: next.expected ?? 'an operation the model allows', actual: next.actual ?? 'see the reason' }, calls);
  }
  m.world = next.world;
  r.transcript[index - 1] += stepsText(m.sem, next.steps, r);
  if (c.kind === 'create') {
    r.pool = outcome.kind === 'returned' && outcome.value !== 0 && ran.outcome.kind === 'returned' ? ran.outcome.value : null;
    r.backend = r.pool === null ? null : c.backend;
    Tally.bump(r.tally.backends, c.backend);
    Tally.bump(r.tally.gfp, createLabel(c, r));
  }
  if (c.kind === 'destroy') {
    r.pool = null;
    r.backend = null;
  }
  if (c.kind === 'alloc') Tally.bump(r.tally.gfp, gfpLabel(c));
  Tally.bump(r.tally.operations, operationLabel(c, obs, next.steps as readonly { readonly kind: string }[]));
  const diff = compareAfter(m.sem, m.world, r);
  if (diff) fail(diff, calls);
}

/** How a create ran, by the caller's mask: `create_node GFP_NOIO`, or `create GFP_KERNEL` (mempool_create). */
function createLabel(c: Extract<PoolCommand, { kind: 'create' }>, r: Harness): string {
  if (c.gfp === undefined) return 'create GFP_KERNEL';
  return r.impl.createNode === undefined ? 'create GFP_KERNEL (no createNode)' : `create_node ${c.gfp}`;
}

/**
 * The kernel counts fail-nth calls from boot; a command's fail-nth:N counts from the command on (the
 * N-th call of the class after it fails), so that shrinking can drop the calls before it.
 */
function absoluteMode(c: Extract<SeqCommand, { kind: 'faults' }>, r: Harness): FaultMode {
  if (c.mode.kind !== 'fail-nth') return c.mode;
  // Calls of the class so far; kmalloc(0) returns ZERO_SIZE_PTR without counting as a call.
  const made = r.kernel.allocators.calls.filter((call) => faultClassOf(call.api) === c.cls && call.result !== ZERO_SIZE_PTR).length;
  return failNth(made + c.mode.n);
}

function stepsText(sem: AnySemantics, steps: readonly unknown[], r: Harness): string {
  return steps.length === 0 ? '' : `   [${r.names(steps.map((s) => sem.describeStep(s)).join('; '))}]`;
}

function stuckOnLock(ran: Ran<unknown>): Mismatch | null {
  if (ran.stuck === null || ran.stuck === 'schedule_timeout') return null;
  return {
    what: 'outcome',
    expected: 'a sequential operation returns, or sleeps in io_schedule_timeout (L262)',
    actual: `blocked in ${ran.stuck}`,
    reason: 'the operation waits for something no other thread will ever do (a spinlock left held?)',
  };
}
