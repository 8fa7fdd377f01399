/** The sequential check's commands as fast-check model-based commands. */
import type fc from 'fast-check';
import { initialWorld, semanticsOf, type AnySemantics, type Profile, type World } from '../model/index.ts';
import { describeSeqCommand, type SeqCommand } from './commands.ts';
import { execute } from './execute.ts';
import type { Harness } from './harness.ts';

/** The model side: the profile's semantics, the pool and the world around it. */
export class SeqModel {
  readonly sem: AnySemantics;
  world: World;

  constructor(profile: Profile = 'v4.1') {
    this.sem = semanticsOf(profile);
    this.world = initialWorld(this.sem.initialState());
  }
}

/** Whether the command makes sense now (fast-check skips it otherwise). */
export function applicable(c: SeqCommand, w: World): boolean {
  switch (c.kind) {
    case 'create':
      return !w.pool.exists;
    case 'free':
      return w.pool.exists && w.held.length > 0;
    case 'alloc':
    case 'free-null':
    case 'resize':
    case 'destroy':
      return w.pool.exists;
    case 'faults':
      return true;
    default: {
      const never: never = c;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}

export class SeqCmd implements fc.Command<SeqModel, Harness> {
  constructor(readonly command: SeqCommand) {}

  check(m: Readonly<SeqModel>): boolean {
    return applicable(this.command, m.world);
  }

  run(m: SeqModel, r: Harness): void {
    execute(this.command, m, r);
  }

  toString(): string {
    return describeSeqCommand(this.command);
  }
}
