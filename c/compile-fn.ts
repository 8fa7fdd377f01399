/**
 * A C function to its control-flow graph: statements to jumps over one instruction array (if, while,
 * do, for, break, continue, goto and labels, return), locals to frame slots with block scope.
 */
import type { FunctionDef, Stmt } from './ast.ts';
import type { Builtins } from './builtins.ts';
import { CONST, FN_BASE, JMP, POP, RET, SET, type CFunction } from './cfg.ts';
import { Code } from './code.ts';
import { ExprCompiler, type Local, type LocalScope } from './compile-expr.ts';
import { CInvalid, CUnsupported, type SourcePos } from './errors.ts';
import type { Globals } from './globals.ts';
import { typeName, type CType } from './types.ts';

interface Loop {
  readonly breakTo: number;
  readonly continueTo: number;
}

class Scopes implements LocalScope {
  private readonly stack: Map<string, Local>[] = [new Map()];
  count = 0;
  readonly waitSlots: number[] = [];
  /** By slot: the local's name in the source ('' for the compiler's temporaries). */
  readonly names: string[] = [];

  lookup(name: string): Local | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const found = this.stack[i]?.get(name);
      if (found !== undefined) return found;
    }
    return undefined;
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
          if (type.k !== 'int' && type.k !== 'ptr' && type.k !== 'waitentry') throw new CUnsupported(v.pos, `local variable '${v.name}' of type ${typeName(type)}`);
          if (type.k === 'waitentry' && v.init !== null) throw new CUnsupported(v.pos, `initialised wait_queue_t '${v.name}'`);
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
      case 'break':
      case 'continue': {
        const loop = loops[loops.length - 1];
        if (loop === undefined) throw new CInvalid(s.pos, `${s.k} outside a loop`);
        code.emit(JMP, s.k === 'break' ? loop.breakTo : loop.continueTo);
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
    localNames: scopes.names,
    code: code.finish(),
  };
}
