/** A cursor over litmus tokens with the few helpers the parsers need. */
import { LitmusError } from './ast.ts';
import type { Token } from './lexer.ts';

export class Cursor {
  private i = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  peek(): Token {
    return this.peekAt(0);
  }

  peekAt(k: number): Token {
    return (this.tokens[this.i + k] ?? this.tokens[this.tokens.length - 1]) as Token;
  }

  next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i += 1;
    return t;
  }

  isPunct(text: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === text;
  }

  isId(text: string): boolean {
    const t = this.peek();
    return t.kind === 'id' && t.text === text;
  }

  expect(text: string): Token {
    const t = this.next();
    if (t.text !== text || t.kind === 'str') throw new LitmusError(`expected '${text}', found '${t.text}'`, t.line);
    return t;
  }

  ident(): string {
    const t = this.next();
    if (t.kind !== 'id') throw new LitmusError(`expected a name, found '${t.text}'`, t.line);
    return t.text;
  }

  /** An integer literal, possibly negative. */
  number(): number {
    let sign = 1;
    if (this.isPunct('-')) {
      this.next();
      sign = -1;
    }
    const t = this.next();
    if (t.kind !== 'num') throw new LitmusError(`expected a number, found '${t.text}'`, t.line);
    return sign * Number(t.text);
  }
}
