/** Small byte writer/reader for replay tokens: unsigned LEB128 varints, zigzag, short strings, FNV-1a. */

export class ByteWriter {
  private readonly bytes: number[] = [];

  byte(b: number): void {
    this.bytes.push(b & 0xff);
  }

  varint(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`varint: ${n} is not a non-negative integer`);
    let v = n;
    while (v >= 0x80) {
      this.bytes.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.bytes.push(v);
  }

  /** Signed integers: 0, -1, 1, -2 ... as 0, 1, 2, 3 ... */
  zigzag(n: number): void {
    this.varint(n < 0 ? -2 * n - 1 : 2 * n);
  }

  string(s: string): void {
    const encoded = new TextEncoder().encode(s);
    this.varint(encoded.length);
    for (const b of encoded) this.bytes.push(b);
  }

  u32(n: number): void {
    for (let shift = 24; shift >= 0; shift -= 8) this.bytes.push((n >>> shift) & 0xff);
  }

  append(other: Uint8Array): void {
    for (const b of other) this.bytes.push(b);
  }

  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

/** Thrown on truncated or malformed input. */
export class ByteError extends Error {}

export class ByteReader {
  private pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get atEnd(): boolean {
    return this.pos >= this.bytes.length;
  }

  byte(): number {
    const b = this.bytes[this.pos];
    if (b === undefined) throw new ByteError('unexpected end of data');
    this.pos += 1;
    return b;
  }

  varint(): number {
    let n = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      n += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return n;
      scale *= 0x80;
      if (scale > 2 ** 49) throw new ByteError('varint too long');
    }
  }

  zigzag(): number {
    const v = this.varint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }

  string(): string {
    const length = this.varint();
    if (this.pos + length > this.bytes.length) throw new ByteError('string runs past the end');
    const s = new TextDecoder('utf-8', { fatal: true }).decode(this.bytes.subarray(this.pos, this.pos + length));
    this.pos += length;
    return s;
  }

  u32(): number {
    let n = 0;
    for (let i = 0; i < 4; i++) n = n * 256 + this.byte();
    return n;
  }
}

/** FNV-1a, 32 bits: a checksum that catches typos and truncation, not an adversary. */
export function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
