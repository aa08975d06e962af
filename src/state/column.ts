// A growable array in fixed-size chunks: appending never copies what is already there, so
// building columns of millions of values never stalls on one large reallocation.

const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;

/** An append-only sequence stored in chunks of 65 536 values. */
export class Column<T> {
  private readonly chunks: T[][] = [[]];
  private count = 0;

  /** A column holding `values` (copied into chunks). */
  static of<T>(values: readonly T[]): Column<T> {
    const column = new Column<T>();
    for (const value of values) column.push(value);
    return column;
  }

  get length(): number {
    return this.count;
  }

  push(value: T): number {
    let last = this.chunks[this.chunks.length - 1]!;
    if (last.length === CHUNK) {
      last = [];
      this.chunks.push(last);
    }
    last.push(value);
    return this.count++;
  }

  get(index: number): T {
    return this.chunks[index >>> CHUNK_BITS]![index & (CHUNK - 1)]!;
  }

  /** The values in slices of at most `size` (a divisor of the chunk size), without copying chunks. */
  *slices(size = CHUNK): Generator<readonly T[]> {
    for (const chunk of this.chunks) {
      if (chunk.length === 0) continue;
      if (size >= chunk.length) yield chunk;
      else for (let start = 0; start < chunk.length; start += size) yield chunk.slice(start, start + size);
    }
  }

  /** All values as one array (for small columns and decoded data). */
  toArray(): T[] {
    return this.chunks.length === 1 ? [...this.chunks[0]!] : this.chunks.flat() as T[];
  }
}

/**
 * A {@link Column} of numbers: a class of its own so that its append site only ever sees numbers
 * (V8 keeps such arrays packed and unboxed), and whose text comes from `JSON.stringify` on plain
 * arrays, the fastest way V8 has to print numbers.
 */
export class NumberColumn {
  private readonly chunks: number[][] = [[]];
  private count = 0;

  /** A column holding `values`. */
  static of(values: readonly number[]): NumberColumn {
    const column = new NumberColumn();
    for (const value of values) column.push(value);
    return column;
  }

  get length(): number {
    return this.count;
  }

  push(value: number): number {
    let last = this.chunks[this.chunks.length - 1]!;
    if (last.length === CHUNK) {
      last = [];
      this.chunks.push(last);
    }
    last.push(value);
    return this.count++;
  }

  get(index: number): number {
    return this.chunks[index >>> CHUNK_BITS]![index & (CHUNK - 1)]!;
  }

  /** The values as JSON number lists (without brackets), in pieces of at most `size` values. */
  *texts(size = CHUNK): Generator<string> {
    for (const chunk of this.chunks) {
      for (let start = 0; start < chunk.length; start += size) {
        yield JSON.stringify(size >= chunk.length ? chunk : chunk.slice(start, start + size)).slice(1, -1);
      }
    }
  }

  toArray(): number[] {
    return this.chunks.length === 1 ? [...this.chunks[0]!] : this.chunks.flat();
  }
}
