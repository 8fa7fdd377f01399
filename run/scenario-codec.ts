/**
 * Scenarios as bytes, for replay tokens: the whole program for scenarios that are not named (random or
 * shrunk ones), and, hashed, the identity of a named one (a token refuses a scenario that changed).
 */
import type { FaultMode } from '../kernel/rt/faults.ts';
import { GFP_CLASSES, type GfpClass } from '../kernel/rt/gfp.ts';
import type { BackendKind } from '../impl/pool-impl.ts';
import type { Command, Scenario, ThreadProgram } from '../scenarios/spec.ts';
import { ByteError, ByteReader, ByteWriter, fnv1a } from './bytes.ts';

const BACKENDS: readonly BackendKind[] = ['slab', 'kmalloc', 'pages'];
const FAULTS: readonly FaultMode['kind'][] = ['never', 'always', 'choice', 'fail-nth', 'gfp'];
const GFPS = Object.keys(GFP_CLASSES) as GfpClass[];
/** Command codes; later ones are appended, so that older tokens still read. */
const OPS = ['alloc', 'free', 'resize', 'publish', 'receive', 'destroy', 'create', 'publish-locked', 'receive-locked'] as const;
type OpCode = (typeof OPS)[number];
const opCode = (c: Command): OpCode => ((c.op === 'publish' || c.op === 'receive') && c.locked === true ? `${c.op}-locked` : c.op);

/** Flag bits of a scenario's settings byte; EXTENDED announces the settings that came later. */
const TIMED = 1;
const FINAL_DESTROY = 2;
const EXTENDED = 4;

const writeFault = (w: ByteWriter, f: FaultMode): void => {
  w.byte(indexIn(FAULTS, f.kind, 'fault mode'));
  if (f.kind === 'fail-nth') w.varint(f.n);
};

function readFault(r: ByteReader): FaultMode {
  const kind = at(FAULTS, r.byte(), 'fault mode');
  return kind === 'fail-nth' ? { kind, n: r.varint() } : { kind };
}

export function writeScenario(w: ByteWriter, s: Scenario): void {
  w.zigzag(s.min_nr);
  w.byte(indexIn(BACKENDS, s.backend, 'backend'));
  writeFault(w, s.faults);
  const extended = (s.metaFaults !== undefined && s.metaFaults.kind !== 'never') || s.sleepingCallbacks === true;
  w.byte((s.timeouts === 'timed' ? TIMED : 0) | (s.finalDestroy ? FINAL_DESTROY : 0) | (extended ? EXTENDED : 0));
  if (extended) {
    writeFault(w, s.metaFaults ?? { kind: 'never' });
    w.byte(s.sleepingCallbacks === true ? 1 : 0);
  }
  writeCommands(w, s.prefix);
  w.varint(s.threads.length);
  for (const t of s.threads) {
    w.byte((t.atomic === true ? 1 : 0) | (t.name !== undefined ? 2 : 0));
    if (t.name !== undefined) w.string(t.name);
    writeCommands(w, t.commands);
  }
}

function writeCommands(w: ByteWriter, commands: readonly Command[]): void {
  w.varint(commands.length);
  for (const c of commands) {
    w.byte(indexIn(OPS, opCode(c), 'command'));
    switch (c.op) {
      case 'alloc':
        w.varint(indexIn(GFPS, c.gfp, 'GFP class') * 2 + (c.zero === true ? 1 : 0));
        break;
      case 'resize':
        w.zigzag(c.n);
        break;
      case 'publish':
      case 'receive':
        w.varint(c.var);
        break;
      case 'create':
        w.zigzag(c.min_nr);
        break;
      case 'free':
      case 'destroy':
        break;
      default: {
        const never: never = c;
        throw new Error(`unknown command ${JSON.stringify(never)}`);
      }
    }
  }
}

export function readScenario(r: ByteReader, name: string): Scenario {
  const min_nr = r.zigzag();
  const backend = at(BACKENDS, r.byte(), 'backend');
  const faults = readFault(r);
  const flags = r.byte();
  const metaFaults = (flags & EXTENDED) !== 0 ? readFault(r) : null;
  const sleeping = (flags & EXTENDED) !== 0 && r.byte() === 1;
  const prefix = readCommands(r);
  const threads: ThreadProgram[] = [];
  for (let i = r.varint(); i > 0; i--) {
    const tflags = r.byte();
    const tname = (tflags & 2) !== 0 ? r.string() : undefined;
    const commands = readCommands(r);
    threads.push({ ...(tname !== undefined ? { name: tname } : {}), ...((tflags & 1) !== 0 ? { atomic: true } : {}), commands });
  }
  return {
    name,
    description: 'a scenario carried by a replay token',
    min_nr,
    backend,
    faults,
    ...(metaFaults === null || metaFaults.kind === 'never' ? {} : { metaFaults }),
    ...(sleeping ? { sleepingCallbacks: true } : {}),
    timeouts: (flags & TIMED) !== 0 ? 'timed' : 'untimed',
    prefix,
    threads,
    finalDestroy: (flags & FINAL_DESTROY) !== 0,
    expected: { verdict: 'pass' },
  };
}

function readCommands(r: ByteReader): Command[] {
  const out: Command[] = [];
  for (let i = r.varint(); i > 0; i--) {
    const op = at(OPS, r.byte(), 'command');
    switch (op) {
      case 'alloc': {
        const v = r.varint();
        const gfp = at(GFPS, Math.floor(v / 2), 'GFP class');
        out.push(v % 2 === 1 ? { op, gfp, zero: true } : { op, gfp });
        break;
      }
      case 'resize':
        out.push({ op, n: r.zigzag() });
        break;
      case 'publish':
      case 'receive':
        out.push({ op, var: r.varint() });
        break;
      case 'publish-locked':
      case 'receive-locked':
        out.push({ op: op === 'publish-locked' ? 'publish' : 'receive', var: r.varint(), locked: true });
        break;
      case 'create':
        out.push({ op, min_nr: r.zigzag() });
        break;
      case 'free':
      case 'destroy':
        out.push({ op });
        break;
      default: {
        const never: never = op;
        throw new ByteError(`unknown command ${String(never)}`);
      }
    }
  }
  return out;
}

/** Identity of a scenario's content (everything that affects a run, not its description). */
export function scenarioHash(s: Scenario): number {
  const w = new ByteWriter();
  w.string(s.name);
  writeScenario(w, s);
  return fnv1a(w.done());
}

function indexIn<T>(list: readonly T[], value: T, what: string): number {
  const i = list.indexOf(value);
  if (i < 0) throw new RangeError(`cannot encode ${what} ${String(value)}`);
  return i;
}

function at<T>(list: readonly T[], i: number, what: string): T {
  const v = list[i];
  if (v === undefined) throw new ByteError(`unknown ${what} #${i}`);
  return v;
}
