/**
 * A C function to its control-flow graph: statements to jumps over one instruction array (if, while,
 * do, for, switch, break, continue, goto and labels, return), locals to frame slots with block scope.
 */
import { initLocalArray, localArrayElement, type LocalArray } from './local-arrays.ts';
import type { FunctionDef, Stmt } from './ast.ts';
import type { Builtins } from './builtins.ts';
import { BIN, CMP, CMPS, CONST, FN_BASE, JMP, JT, LOCAL, NORM, POP, RET, SET, UN, type CFunction } from './cfg.ts';
import { Code } from './code.ts';
import { ExprCompiler, type Local, type LocalScope } from './compile-expr.ts';
import { CInvalid, CUnsupported, type SourcePos } from './errors.ts';
import type { Globals } from './globals.ts';
import { isInt, promote, typeName, type CType } from './types.ts';

/** Where `break` and `continue` jump; a switch outside any loop has no `continue` target (NO_LOOP). */
interface Loop {
  readonly breakTo: number;
  readonly continueTo: number;
}

const NO_LOOP = -1;

/** What an integer constant expression compiles to: no local, no memory, no call. */
const CONSTANT_CODES: ReadonlySet<number> = new Set([CONST, UN, BIN, NORM, CMP]);

class Scopes implements LocalScope {
  private readonly stack: Map<string, Local>[] = [new Map()];
  count = 0;
  readonly waitSlots: number[] = [];
  readonly arrays: LocalArray[] = [];
  /** By slot: the local's name in the source ('' for the compiler's temporaries). */
  readonly names: string[] = [];

  lookup(name: string): Local | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const found = this.stack[i]?.get(name);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** A static local: `name` in this scope is the global variable `global`. */
  declareStatic(name: string, global: string, type: CType, pos: SourcePos): void {
    const top = this.stack[this.stack.length - 1] as Map<string, Local>;
    if (top.has(name)) throw new CInvalid(pos, `'${name}' declared twice in the same scope`);
    top.set(name, { name, slot: -1, type, global });
  }

  declare(name: string, type: CType, pos: SourcePos): Local {
    const top = this.stack[this.stack.length - 1] as Map<string, Local>;
    if (top.has(name)) throw new CInvalid(pos, `'${name}' declared twice in the same scope`);
    const local = { name, slot: this.count++, type };
    this.names[local.slot] = name;
    if (type.k === 'waitentry') this.waitSlots.push(local.slot);
    top.set(name, local);
    return local;
  }

  /** A local array: its elements' slots, then one more that no access may use (c/local-arrays.ts). */
  declareArray(name: string, type: CType & { k: 'array' }, pos: SourcePos): LocalArray {
    const local = this.declare(name, type, pos);
    for (let i = 0; i < type.n; i++) this.names[local.slot + i] = `${name}[${i}]`;
    this.names[local.slot + type.n] = '';
    this.count = local.slot + type.n + 1;
    const array = { start: local.slot, length: type.n };
    this.arrays.push(array);
    return array;
  }

  temp(): number {
    this.names[this.count] = '';
    return this.count++;
  }

  push(): void {
    this.stack.push(new Map());
  }

  pop(): void {
    this.stack.pop();
  }
}

export function compileFunction(def: FunctionDef, index: number, file: string, g: Globals, builtins: Builtins): CFunction {
  const code = new Code();
  const scopes = new Scopes();
  const ec = new ExprCompiler(code, g, scopes, builtins);
  const ret = g.resolve(def.ret);
  for (const p of def.params) {
    const type = g.resolve(p.type);
    if (type.k !== 'int' && type.k !== 'ptr') throw new CUnsupported(p.pos, `parameter '${p.name}' of type ${typeName(type)}`);
    scopes.declare(p.name as string, type, p.pos);
  }
  if (ret.k !== 'int' && ret.k !== 'ptr' && ret.k !== 'void') throw new CUnsupported(def.pos, `function returning ${typeName(ret)}`);
  const labels = new Map<string, { id: number; bound: boolean; pos: SourcePos }>();
  const label = (name: string, pos: SourcePos): { id: number; bound: boolean; pos: SourcePos } => {
    let l = labels.get(name);
    if (l === undefined) {
      l = { id: code.label(), bound: false, pos };
      labels.set(name, l);
    }
    return l;
  };
  const loops: Loop[] = [];

  const stmt = (s: Stmt): void => {
    ec.at(s.pos);
    switch (s.k) {
      case 'expr':
        ec.rvalue(s.e);
        code.emit(POP);
        return;
      case 'decl':
        for (const v of s.vars) {
          const type = g.resolve(v.type);
          if (v.isStatic === true) {
            // Static data like a global (c/statics.ts), reports name it function::name.
            let global = `${def.name}::${v.name}`;
            for (let n = 2; g.variables.has(global); n++) global = `${def.name}::${v.name}#${n}`;
            g.declareVariable(global, type, v.init, v.pos);
            scopes.declareStatic(v.name, global, type, v.pos);
            continue;
          }
          if (type.k === 'array') {
            const of = localArrayElement(v, type);
            const array = scopes.declareArray(v.name, type, v.pos);
            if (v.init !== null) initLocalArray(ec, code, g, v, array, of, v.init);
            continue;
          }
          if (type.k !== 'int' && type.k !== 'ptr' && type.k !== 'waitentry') throw new CUnsupported(v.pos, `local variable '${v.name}' of type ${typeName(type)}`);
          if (type.k === 'waitentry' && v.init !== null) throw new CUnsupported(v.pos, `initialised wait_queue_t '${v.name}'`);
          if (v.init?.k === 'list') throw new CUnsupported(v.init.pos, `braced initializer of scalar local '${v.name}'`);
          // The initialiser is evaluated before the name is in scope only in name lookups of itself: C
          // puts it in scope first, and the subset never reads a variable in its own initialiser.
          const local = scopes.declare(v.name, type, v.pos);
          if (v.init !== null) {
            ec.rvalueAs(v.init, type);
            code.emit(SET, local.slot);
          }
        }
        return;
      case 'if': {
        const otherwise = code.label();
        ec.jumpIfFalse(s.test, otherwise);
        stmt(s.then);
        if (s.else === null) {
          code.bind(otherwise);
          return;
        }
        const done = code.label();
        code.emit(JMP, done);
        code.bind(otherwise);
        stmt(s.else);
        code.bind(done);
        return;
      }
      case 'while': {
        const top = code.label();
        const done = code.label();
        code.bind(top);
        ec.jumpIfFalse(s.test, done);
        loops.push({ breakTo: done, continueTo: top });
        stmt(s.body);
        loops.pop();
        code.emit(JMP, top);
        code.bind(done);
        return;
      }
      case 'do': {
        const top = code.label();
        const next = code.label();
        const done = code.label();
        code.bind(top);
        loops.push({ breakTo: done, continueTo: next });
        stmt(s.body);
        loops.pop();
        code.bind(next);
        ec.jumpIfFalse(s.test, done);
        code.emit(JMP, top);
        code.bind(done);
        return;
      }
      case 'for': {
        scopes.push();
        if (s.init !== null) stmt(s.init);
        const top = code.label();
        const next = code.label();
        const done = code.label();
        code.bind(top);
        if (s.test !== null) ec.jumpIfFalse(s.test, done);
        loops.push({ breakTo: done, continueTo: next });
        stmt(s.body);
        loops.pop();
        code.bind(next);
        if (s.update !== null) {
          ec.rvalue(s.update);
          code.emit(POP);
        }
        code.emit(JMP, top);
        code.bind(done);
        scopes.pop();
        return;
      }
      case 'block':
        scopes.push();
        for (const b of s.body) stmt(b);
        scopes.pop();
        return;
      case 'return':
        if (s.e === null) {
          if (ret.k !== 'void') throw new CInvalid(s.pos, `return without a value in '${def.name}', which returns ${typeName(ret)}`);
          code.emit(CONST, 0, 0, 0);
        } else {
          if (ret.k === 'void') throw new CInvalid(s.pos, `return with a value in void function '${def.name}'`);
          ec.rvalueAs(s.e, ret);
        }
        ec.at(s.pos);
        code.emit(RET);
        return;
      case 'switch': {
        // The controlling value, promoted, in a temporary; each case constant converted to its type
        // (C 6.8.4.2) and compared in order; then the bodies in order, falling through.
        const tested = ec.rvalue(s.test);
        if (!isInt(tested)) throw new CInvalid(s.test.pos, `switch on ${typeName(tested)}`);
        const type = promote(tested);
        ec.convert(tested, type, s.pos);
        const slot = scopes.temp();
        code.emit(SET, slot);
        const done = code.label();
        const entries = s.cases.map(() => code.label());
        let otherwise = done;
        s.cases.forEach((c, i) => {
          const entry = entries[i] as number;
          if (c.value === null) {
            if (otherwise !== done) throw new CInvalid(c.pos, 'two default labels in one switch');
            otherwise = entry;
            return;
          }
          const valuePos = c.value.pos;
          const value = code.piece(() => ec.rvalue(c.value as NonNullable<typeof c.value>));
          if (!isInt(value.value) || value.code.some((ins) => !CONSTANT_CODES.has(ins.code))) throw new CInvalid(valuePos, 'case label that is not an integer constant');
          code.emit(LOCAL, slot);
          code.append(value.code);
          ec.convert(value.value, type, valuePos);
          code.emit(CMP, CMPS.indexOf('=='));
          code.emit(JT, entry);
        });
        code.emit(JMP, otherwise);
        scopes.push();
        loops.push({ breakTo: done, continueTo: loops[loops.length - 1]?.continueTo ?? NO_LOOP });
        s.cases.forEach((c, i) => {
          code.bind(entries[i] as number);
          for (const b of c.body) stmt(b);
        });
        loops.pop();
        scopes.pop();
        code.bind(done);
        return;
      }
      case 'break':
      case 'continue': {
        const loop = loops[loops.length - 1];
        const to = s.k === 'break' ? loop?.breakTo : loop?.continueTo;
        if (to === undefined || to === NO_LOOP) throw new CInvalid(s.pos, `${s.k} outside a ${s.k === 'break' ? 'loop or switch' : 'loop'}`);
        code.emit(JMP, to);
        return;
      }
      case 'goto':
        code.emit(JMP, label(s.label, s.pos).id);
        return;
      case 'label': {
        const l = label(s.label, s.pos);
        if (l.bound) throw new CInvalid(s.pos, `label '${s.label}' defined twice`);
        l.bound = true;
        code.bind(l.id);
        stmt(s.body);
        return;
      }
      case 'empty':
        return;
      default: {
        const never: never = s;
        throw new Error(`unknown statement ${JSON.stringify(never)}`);
      }
    }
  };

  stmt(def.body);
  for (const [name, l] of labels) if (!l.bound) throw new CInvalid(l.pos, `goto to undefined label '${name}'`);
  // Falling off the end returns (a value-returning function's value is then undefined in C: 0 here).
  code.line = def.endLine;
  code.col = 1;
  code.emit(CONST, 0, 0, 0);
  code.emit(RET);
  return {
    name: def.name,
    file,
    index,
    handle: FN_BASE + index,
    params: def.params.length,
    locals: scopes.count,
    waitSlots: scopes.waitSlots,
    arrays: scopes.arrays,
    localNames: scopes.names,
    code: code.finish(),
  };
}
