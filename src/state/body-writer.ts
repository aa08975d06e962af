// Writes a checkpoint body straight into the checkpoint's one buffer: the body is first laid out
// as text and number columns and measured, then written and hashed piece by piece. No step
// touches the whole body at once, and no memory outside the JS heap is taken but the final
// buffer itself (V8 answers every 64 MB of such memory with a full collection of the heap).
import { createHash } from 'node:crypto';
import type { NumberColumn } from './column.js';

/** Numbers measured or written per step: each step is well under a millisecond. */
const NUMBERS_PER_STEP = 16_384;

/** A body laid out as UTF-8 text and JSON number lists, to be measured and then written. */
export class BodyWriter {
  private readonly parts: (string | NumberColumn)[] = [];
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

  /** The body's length in bytes, measured in steps. */
  *measure(): Generator<void, number> {
    this.flush();
    let bytes = 0;
    for (const part of this.parts) {
      if (typeof part === 'string') {
        bytes += Buffer.byteLength(part, 'utf8');
        continue;
      }
      if (part.length > 0) bytes += part.length - 1; // commas
      let left = part.length;
      for (const chunk of part.chunks()) {
        const count = Math.min(left, chunk.length);
        left -= count;
        for (let from = 0; from < count; from += NUMBERS_PER_STEP) {
          bytes += numbersLength(chunk, from, Math.min(count, from + NUMBERS_PER_STEP));
          yield;
        }
      }
    }
    return bytes;
  }

  /**
   * Writes the body into `out` from `at` (exactly the measured length must be free there), in
   * steps, hashing each piece as it is written; returns the body's SHA-256.
   */
  *write(out: Buffer, at: number): Generator<void, Buffer> {
    this.flush();
    const hash = createHash('sha256');
    for (const part of this.parts) {
      if (typeof part === 'string') {
        const end = at + out.write(part, at, 'utf8');
        hash.update(out.subarray(at, end));
        at = end;
        yield;
        continue;
      }
      let first = true;
      let left = part.length;
      for (const chunk of part.chunks()) {
        const count = Math.min(left, chunk.length);
        left -= count;
        for (let from = 0; from < count; from += NUMBERS_PER_STEP) {
          const end = writeNumbers(out, at, chunk, from, Math.min(count, from + NUMBERS_PER_STEP), first);
          hash.update(out.subarray(at, end));
          at = end;
          first = false;
          yield;
        }
      }
    }
    return hash.digest();
  }

  private flush(): void {
    if (this.pending.length > 0) this.parts.push(this.pending);
    this.pending = '';
  }
}

/** Writes `values[from..to)` as JSON numbers separated by commas (and one before them unless `first`); returns the end. */
function writeNumbers(out: Uint8Array, at: number, values: readonly number[], from: number, to: number, first: boolean): number {
  for (let i = from; i < to; i++) {
    if (i > from || !first) out[at++] = 0x2c; // ,
    at = writeNumber(out, at, values[i]!);
  }
  return at;
}

/** How many bytes {@link writeNumbers} writes for `values[from..to)`, commas aside. */
function numbersLength(values: readonly number[], from: number, to: number): number {
  let bytes = 0;
  for (let i = from; i < to; i++) bytes += numberLength(values[i]!);
  return bytes;
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
