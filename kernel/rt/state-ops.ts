/**
 * An operation as fingerprint tokens (a thread's pending one is part of its position in the world
 * fingerprint, kernel/rt/state.ts), every address a word (renamed through the block namer).
 */
import type { Op } from './ops.ts';
import type { StateSink } from './state-sink.ts';

/** The operation's tokens: its kind, then its fields in a fixed order, addresses as words. */
export function writeOp(op: Op, out: StateSink): void {
  out.text(op.kind);
  switch (op.kind) {
    case 'load':
      out.word(op.loc);
      out.text(op.order);
      return;
    case 'store':
      out.word(op.loc);
      out.word(op.value);
      out.text(op.order);
      return;
    case 'rmw':
      out.word(op.loc);
      out.text(op.key ?? functionKey(op.update));
      out.text(typeof op.ordering === 'object' ? `mb-if ${op.ordering.ifOld}` : (op.ordering ?? 'mb'));
      return;
    case 'await':
      out.word(op.loc);
      out.text(functionKey(op.pred));
      return;
    case 'fence':
      out.text(op.fence);
      return;
    case 'lock_init':
      out.word(op.lock);
      return;
    case 'lock':
      out.word(op.lock);
      out.num(op.irqsave ? 1 : 0);
      return;
    case 'unlock':
      out.word(op.lock);
      out.num(op.irqrestore ? 1 : 0);
      // The flags restored matter only when they are (a plain unlock carries none that count).
      out.num(op.irqrestore ? op.flags : 0);
      return;
    case 'wq_init':
    case 'wake_up':
    case 'wq_active':
      out.word(op.wq);
      return;
    case 'wait_init':
      out.num(op.wait.task);
      out.num(op.wait.queued ? 1 : 0);
      return;
    case 'prepare_to_wait':
      out.word(op.wq);
      out.num(op.wait.task);
      out.num(op.wait.queued ? 1 : 0);
      out.num(op.state);
      return;
    case 'finish_wait':
      out.word(op.wq);
      out.num(op.wait.task);
      out.num(op.wait.queued ? 1 : 0);
      return;
    case 'schedule_timeout':
      out.num(op.timeout);
      return;
    case 'might_sleep':
    case 'bug':
      return;
    case 'warn_once':
      out.text(op.key);
      return;
    case 'alloc': {
      const r = op.req;
      out.text(r.api);
      out.num(r.gfp);
      out.num(r.size);
      out.num(r.words);
      out.num(r.order);
      out.num(r.cache === null ? -1 : r.cache.id);
      return;
    }
    case 'free':
      out.text(op.api);
      out.word(op.ptr);
      out.num(op.order);
      out.num(op.cache === null ? -1 : op.cache.id);
      return;
    case 'cache_create':
      out.text(op.name);
      out.num(op.size);
      return;
    case 'kmemleak_update_trace':
      out.word(op.ptr);
      return;
    case 'mark':
      out.text(op.mark.tag);
      return;
    case 'unsequenced':
      // Each side: a flag, then its tokens (an operation's tokens end where the next side's flag is).
      out.num(op.first === null ? 0 : 1);
      if (op.first !== null) writeOp(op.first, out);
      out.num(op.second === null ? 0 : 1);
      if (op.second !== null) writeOp(op.second, out);
      return;
    default: {
      const never: never = op;
      throw new Error(`unknown operation ${JSON.stringify(never)}`);
    }
  }
}

/** Each function's source text, made once (closures are made per operation; their sources are few). */
const sources = new WeakMap<(v: number) => unknown, string>();

/**
 * A function carried by an operation (an RMW's update, an await's predicate) by its source text: two
 * closures from the same place compare equal although the values they captured may differ. That is
 * one of the things a generator thread hides; the cycle's replays are what vouch for it.
 */
function functionKey(f: (v: number) => unknown): string {
  let text = sources.get(f);
  if (text === undefined) {
    text = `{${f.toString()}}`;
    sources.set(f, text);
  }
  return text;
}
