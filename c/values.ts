/**
 * C arithmetic on the interpreter's numbers: results brought into their type's range (32-bit ints
 * wrap as C's do; 64-bit values are JavaScript numbers, exact to 2^53 — overflow there is outside the
 * subset's promise), division truncating toward zero, shifts and bitwise operators by width.
 */
import { BINOPS, CMPS, UNOPS, type CValue } from './cfg.ts';
import { enumNorm } from './types.ts';

const TWO_64 = 2 ** 64;
const is32 = (norm: number): boolean => norm === enumNorm.i32 || norm === enumNorm.u32 || norm >= enumNorm.i8;

export function normalize(norm: number, v: number): number {
  switch (norm) {
    case enumNorm.i32:
      return v | 0;
    case enumNorm.u32:
      return v >>> 0;
    case enumNorm.u64:
      return v < 0 ? v + TWO_64 : v;
    case enumNorm.i8:
      return (v << 24) >> 24;
    case enumNorm.u8:
      return v & 0xff;
    case enumNorm.i16:
      return (v << 16) >> 16;
    case enumNorm.u16:
      return v & 0xffff;
    case enumNorm.bool:
      return v !== 0 ? 1 : 0;
    default:
      return v;
  }
}

const ADD = BINOPS.indexOf('+');
const SUB = BINOPS.indexOf('-');
const MUL = BINOPS.indexOf('*');
const DIV = BINOPS.indexOf('/');
const MOD = BINOPS.indexOf('%');
const SHL = BINOPS.indexOf('<<');
const SHR = BINOPS.indexOf('>>');
const AND = BINOPS.indexOf('&');
const OR = BINOPS.indexOf('|');
const XOR = BINOPS.indexOf('^');

/** `l op r` in the range of `norm`; null for a division by zero. */
export function arith(op: number, l: number, r: number, norm: number): number | null {
  let v: number;
  switch (op) {
    case ADD:
      v = l + r;
      break;
    case SUB:
      v = l - r;
      break;
    case MUL:
      v = is32(norm) ? Math.imul(l, r) : l * r;
      break;
    case DIV:
      if (r === 0) return null;
      v = Math.trunc(l / r);
      break;
    case MOD:
      if (r === 0) return null;
      v = l % r;
      break;
    case SHL:
      v = is32(norm) ? l << r : l * 2 ** r;
      break;
    case SHR:
      v = norm === enumNorm.u32 ? l >>> r : is32(norm) ? l >> r : Math.floor(l / 2 ** r);
      break;
    case AND:
    case OR:
    case XOR:
      v = bitwise(op, l, r, norm);
      break;
    default:
      throw new Error(`unknown arithmetic operator ${op}`);
  }
  return normalize(norm, v);
}

function bitwise(op: number, l: number, r: number, norm: number): number {
  if (is32(norm)) return op === AND ? l & r : op === OR ? l | r : l ^ r;
  if (l >= 0 && r >= 0 && l <= 0xffffffff && r <= 0xffffffff) return (op === AND ? l & r : op === OR ? l | r : l ^ r) >>> 0;
  // 64-bit operands beyond 32 bits: exact through BigInt (rare: masks of the subset are 32-bit).
  const a = BigInt.asUintN(64, BigInt(Math.trunc(l)));
  const b = BigInt.asUintN(64, BigInt(Math.trunc(r)));
  const v = op === AND ? a & b : op === OR ? a | b : a ^ b;
  return Number(norm === enumNorm.u64 ? v : BigInt.asIntN(64, v));
}

const LT = CMPS.indexOf('<');
const LE = CMPS.indexOf('<=');
const GT = CMPS.indexOf('>');
const GE = CMPS.indexOf('>=');
const EQ = CMPS.indexOf('==');

export function compare(op: number, l: CValue, r: CValue): number {
  switch (op) {
    case LT:
      return l < r ? 1 : 0;
    case LE:
      return l <= r ? 1 : 0;
    case GT:
      return l > r ? 1 : 0;
    case GE:
      return l >= r ? 1 : 0;
    case EQ:
      return l === r ? 1 : 0;
    default:
      return l !== r ? 1 : 0;
  }
}

const NEG = UNOPS.indexOf('-');
const NOT = UNOPS.indexOf('!');

export function unary(op: number, v: CValue, norm: number): number {
  if (op === NOT) return v === 0 ? 1 : 0;
  if (typeof v !== 'number') throw new Error('arithmetic on a kernel object pointer');
  if (op === NEG) return normalize(norm, -v);
  return normalize(norm, is32(norm) ? ~v : -v - 1);
}
