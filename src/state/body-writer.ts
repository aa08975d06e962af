// Writes a checkpoint body. The body is laid out as text and number columns; then every piece is
// made text, measured and hashed (numbers are printed by hand into one small reused buffer, far
// faster than JSON.stringify for epoch timestamps). Only then is the body given out: copied into
// one buffer, or handed piece by piece to storage that writes text. No memory outside the JS heap
// is taken before that, and a store that writes text takes none at all: V8 answers every 64 MB of
// such memory with a marking of the whole heap, made urgent, which on a small machine stalls
// event processing (two back-to-back young collections of 10-20 ms each at a million keys, right
// after the checkpoint's buffer was allocated).
import { createHash } from 'node:crypto';
import type { NumberColumn } from './column.js';

/**
 * Numbers per piece of text. Pieces are kept until the end, so they should be larger than V8's
 * largest young object (128 KiB): larger ones are allocated where the garbage collector never
 * copies them, while tens of megabytes of smaller ones surviving the young generation made its
 * collections copy them, 10-15 ms each at a million keys. A piece is printed in several steps
 * (one per column chunk, at most 16 384 numbers, about a millisecond): printing a whole piece in
 * one step took 5-10 ms.
 */
const NUMBERS_PER_PIECE = 65_536;
/** Room one number needs: the longest JSON number text (`-1.7976931348623157e+308`) and a comma. */
const NUMBER_ROOM = 25;

/** A piece of the body as text: UTF-8, or only ASCII (printed numbers), copied as it is. */
interface Piece {
  readonly text: string;
  readonly ascii: boolean;
}

/** A piece of a prepared body and the encoding that gives its bytes. */
export interface BodyText {
  readonly text: string;
  readonly encoding: 'latin1' | 'utf8';
}

/** The body's length and SHA-256, known before it is written. */
export interface PreparedBody {
  readonly length: number;
  readonly sha256: Buffer;
}

/** A body laid out as UTF-8 text and JSON number lists, prepared, then written. */
export class BodyWriter {
  private readonly parts: (string | NumberColumn)[] = [];
  private readonly pieces: Piece[] = [];
  private pending = '';

  /** Appends text. */
  text(value: string): void {
    if (value.length < 256) {
      this.pending += value;
      return;
    }
    this.flush();
    this.parts.push(value);
  }

  /** Appends a column as comma-separated JSON numbers (no brackets). */
  numbers(column: NumberColumn): void {
    this.flush();
    this.parts.push(column);
  }

  /** Makes every piece text, measuring and hashing it, in steps. */
  *prepare(): Generator<void, PreparedBody> {
    this.flush();
    const hash = createHash('sha256');
    let length = 0;
    let scratch: Buffer | null = null;
    for (const part of this.parts) {
      if (typeof part === 'string') {
        this.pieces.push({ text: part, ascii: false });
        hash.update(part, 'utf8');
        length += Buffer.byteLength(part, 'utf8');
        yield;
        continue;
      }
      scratch ??= Buffer.allocUnsafe(NUMBERS_PER_PIECE * NUMBER_ROOM);
      // Pieces of up to NUMBERS_PER_PIECE numbers, whatever the column's chunks; a step per chunk or piece.
      let used = 0;
      let inPiece = 0;
      let first = true;
      let left = part.length;
      for (const chunk of part.chunks()) {
        const count = Math.min(left, chunk.length);
        left -= count;
        for (let from = 0; from < count; ) {
          const to = Math.min(count, from + NUMBERS_PER_PIECE - inPiece);
          used = writeNumbers(scratch, used, chunk, from, to, first);
          first = false;
          inPiece += to - from;
          from = to;
          if (inPiece === NUMBERS_PER_PIECE || (left === 0 && from === count)) {
            hash.update(scratch.subarray(0, used));
            this.pieces.push({ text: scratch.toString('latin1', 0, used), ascii: true });
            length += used;
            used = 0;
            inPiece = 0;
          }
          yield;
        }
      }
    }
    this.parts.length = 0;
    return { length, sha256: hash.digest() };
  }

  /**
   * The prepared body as text, in order, each piece with the encoding that gives its bytes. Each
   * piece is let go once the next is asked for, so the body can be read once.
   */
  *texts(): Generator<BodyText> {
    const pieces = this.pieces;
    for (let i = 0; i < pieces.length; i++) {
      const { text, ascii } = pieces[i]!;
      pieces[i] = EMPTY;
      yield { text, encoding: ascii ? 'latin1' : 'utf8' };
    }
  }

  private flush(): void {
    if (this.pending.length > 0) this.parts.push(this.pending);
    this.pending = '';
  }
}

const EMPTY: Piece = { text: '', ascii: true };

/** Writes `values[from..to)` as JSON numbers separated by commas (and one before them unless `first`); returns the end. */
function writeNumbers(out: Uint8Array, at: number, values: readonly number[], from: number, to: number, first: boolean): number {
  for (let i = from; i < to; i++) {
    if (i > from || !first) out[at++] = 0x2c; // ,
    at = writeNumber(out, at, values[i]!);
  }
  return at;
}

/** The length of `JSON.stringify(value)`, as {@link writeNumber} writes it. */
export function numberLength(value: number): number {
  if ((value | 0) === value) return value < 0 ? 1 + (value === -2147483648 ? 10 : digitCount(-value)) : digitCount(value);
  if (Number.isSafeInteger(value)) return (value < 0 ? 1 : 0) + digitCount(Math.floor(Math.abs(value) / 1e9)) + 9;
  return Number.isFinite(value) ? String(value).length : 4;
}

/** Writes `value` as `JSON.stringify(value)` would, at `at`; returns the end. */
export function writeNumber(out: Uint8Array, at: number, value: number): number {
  if ((value | 0) === value) {
    // Small integers (and -0, which JSON writes as 0): the common case by far.
    if (value < 0) {
      out[at++] = 0x2d; // -
      return value === -2147483648 ? writeAscii(out, at, '2147483648') : writeDigits(out, at, -value);
    }
    return writeDigits(out, at, value);
  }
  if (Number.isSafeInteger(value)) {
    // Up to 2^53 (epoch timestamps): two int32 halves, the low one padded to nine digits.
    if (value < 0) {
      out[at++] = 0x2d;
      value = -value;
    }
    const high = Math.floor(value / 1e9);
    at = writeDigits(out, at, high);
    let low = value - high * 1e9;
    for (let i = at + 8; i >= at; i--) {
      const next = (low / 10) | 0;
      out[i] = 0x30 + low - next * 10;
      low = next;
    }
    return at + 9;
  }
  return writeAscii(out, at, Number.isFinite(value) ? String(value) : 'null');
}

/** Decimal digits of a non-negative int32. */
function digitCount(value: number): number {
  return value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : value < 10000 ? 4 : value < 100000 ? 5 : value < 1000000 ? 6 : value < 10000000 ? 7 : value < 100000000 ? 8 : value < 1000000000 ? 9 : 10;
}

/** Writes a non-negative int32 in decimal. */
function writeDigits(out: Uint8Array, at: number, value: number): number {
  const end = at + digitCount(value);
  for (let i = end - 1; i > at; i--) {
    const next = (value / 10) | 0;
    out[i] = 0x30 + value - next * 10;
    value = next;
  }
  out[at] = 0x30 + value;
  return end;
}

function writeAscii(out: Uint8Array, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) out[at++] = text.charCodeAt(i);
  return at;
}
