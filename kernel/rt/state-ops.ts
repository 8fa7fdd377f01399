/**
 * The canonical text of an operation (a thread's pending one is part of its position in the world
 * fingerprint, kernel/rt/state.ts), with every address written through the block namer.
 */
import type { Op } from './ops.ts';
import type { PointerNames } from './state-names.ts';

export function opKey(op: Op, n: PointerNames): string {
  switch (op.kind) {
    case 'load':
      return `load ${n.value(op.loc)} ${op.order}`;
    case 'store':
      return `store ${n.value(op.loc)}=${n.value(op.value)} ${op.order}`;
    case 'rmw':
      return `rmw ${n.value(op.loc)} ${functionKey(op.update)}`;
    case 'await':
      return `await ${n.value(op.loc)} ${functionKey(op.pred)}`;
    case 'fence':
      return `fence ${op.fence}`;
    case 'lock_init':
      return `lock_init ${n.value(op.lock)}`;
    case 'lock':
      return `lock ${n.value(op.lock)}${op.irqsave ? ' irqsave' : ''}`;
    case 'unlock':
      return `unlock ${n.value(op.lock)}${op.irqrestore ? ` irqrestore ${op.flags}` : ''}`;
    case 'wq_init':
      return `wq_init ${n.value(op.wq)}`;
    case 'wait_init':
      return `wait_init ${op.wait.task} ${op.wait.queued}`;
    case 'prepare_to_wait':
      return `prepare_to_wait ${n.value(op.wq)} ${op.wait.task} ${op.wait.queued} ${op.state}`;
    case 'finish_wait':
      return `finish_wait ${n.value(op.wq)} ${op.wait.task} ${op.wait.queued}`;
    case 'wake_up':
      return `wake_up ${n.value(op.wq)}`;
    case 'schedule_timeout':
      return `schedule_timeout ${op.timeout}`;
    case 'might_sleep':
    case 'bug':
      return op.kind;
    case 'warn_once':
      return `warn_once ${op.key}`;
    case 'alloc': {
      const r = op.req;
      return `alloc ${r.api} ${r.gfp} ${r.size}/${r.words}w o${r.order}${r.cache === null ? '' : ` c${r.cache.id}`}`;
    }
    case 'free':
      return `free ${op.api} ${n.value(op.ptr)} o${op.order}${op.cache === null ? '' : ` c${op.cache.id}`}`;
    case 'cache_create':
      return `cache_create ${op.name} ${op.size}`;
    case 'kmemleak_update_trace':
      return `kmemleak_update_trace ${n.value(op.ptr)}`;
    case 'mark':
      return `mark ${op.mark.tag}`;
    case 'unsequenced':
      return `unsequenced (${op.first === null ? '' : opKey(op.first, n)}) (${op.second === null ? '' : opKey(op.second, n)})`;
    default: {
      const never: never = op;
      throw new Error(`unknown operation ${JSON.stringify(never)}`);
    }
  }
}

/**
 * A function carried by an operation (an RMW's update, an await's predicate) by its source text: two
 * closures from the same place compare equal although the values they captured may differ. That is
 * one of the things a generator thread hides; the cycle's replays are what vouch for it.
 */
function functionKey(f: (v: number) => unknown): string {
  return `{${f.toString()}}`;
}
