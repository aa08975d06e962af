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
 * A {@link Column} of numbers in `Float64Array` chunks: no boxing of large numbers (epoch
 * timestamps), a monomorphic append, and text produced by `join` instead of `JSON.stringify`.
 */
export class NumberColumn {
  // The first chunk starts small and doubles up to the chunk size (most checkpoints are small);
  // later chunks are allocated whole.
  private readonly chunks: Float64Array[] = [new Float64Array(64)];
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
    const index = this.count & (CHUNK - 1);
    if (index === 0 && this.count > 0) this.chunks.push(new Float64Array(CHUNK));
    let last = this.chunks[this.chunks.length - 1]!;
    if (index === last.length) {
      const grown = new Float64Array(Math.min(CHUNK, last.length * 2));
      grown.set(last);
      this.chunks[this.chunks.length - 1] = last = grown;
    }
    last[index] = value;
    return this.count++;
  }

  get(index: number): number {
    return this.chunks[index >>> CHUNK_BITS]![index & (CHUNK - 1)]!;
  }

  /** The values as JSON number lists (without brackets), in pieces of at most `size` values. */
  *texts(size = CHUNK): Generator<string> {
    for (let start = 0; start < this.count; start += size) {
      const chunk = this.chunks[start >>> CHUNK_BITS]!;
      const from = start & (CHUNK - 1);
      const to = Math.min(from + size, CHUNK, from + (this.count - start));
      yield chunk.subarray(from, to).join(',');
    }
  }

  toArray(): number[] {
    const values: number[] = new Array(this.count);
    for (let i = 0; i < this.count; i++) values[i] = this.get(i);
    return values;
  }
}
