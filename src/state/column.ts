// A growable array in fixed-size chunks: appending never copies what is already there, so
// building columns of millions of values never stalls on one large reallocation. The first chunk
// grows as values come (most columns are small); the later ones are allocated whole, so large
// columns neither copy themselves while growing nor leave garbage behind.

const CHUNK_BITS = 14;
const CHUNK = 1 << CHUNK_BITS;

/** An append-only sequence stored in chunks of 16 384 values. */
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
    const count = this.count;
    if (count < CHUNK) this.chunks[0]!.push(value);
    else {
      if ((count & (CHUNK - 1)) === 0) this.chunks.push(new Array<T>(CHUNK));
      this.chunks[count >>> CHUNK_BITS]![count & (CHUNK - 1)] = value;
    }
    return this.count++;
  }

  get(index: number): T {
    return this.chunks[index >>> CHUNK_BITS]![index & (CHUNK - 1)]!;
  }

  /** The values in slices of at most `size` (a divisor of the chunk size), without copying chunks. */
  *slices(size = CHUNK): Generator<readonly T[]> {
    for (let start = 0; start < this.count; start += size) {
      const chunk = this.chunks[start >>> CHUNK_BITS]!;
      const from = start & (CHUNK - 1);
      const to = from + Math.min(size, this.count - start);
      yield from === 0 && to === chunk.length ? chunk : chunk.slice(from, to);
    }
  }

  /** All values as one array (for small columns and decoded data). */
  toArray(): T[] {
    const values: T[] = new Array<T>(this.count);
    for (let i = 0; i < this.count; i++) values[i] = this.get(i);
    return values;
  }
}

/**
 * A {@link Column} of numbers: a class of its own so that its append site only ever sees numbers
 * (V8 keeps such arrays packed and unboxed). Plain arrays, not typed ones: typed arrays live
 * outside the JS heap, and V8 answers every 64 MB of such memory with a full garbage collection
 * of the whole heap — at a million keys, several of them during one checkpoint.
 */
export class NumberColumn {
  private readonly parts: number[][] = [[]];
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
    const count = this.count;
    if (count < CHUNK) this.parts[0]!.push(value);
    else {
      if ((count & (CHUNK - 1)) === 0) this.parts.push(new Array<number>(CHUNK));
      this.parts[count >>> CHUNK_BITS]![count & (CHUNK - 1)] = value;
    }
    return this.count++;
  }

  get(index: number): number {
    return this.parts[index >>> CHUNK_BITS]![index & (CHUNK - 1)]!;
  }

  /**
   * The column's own arrays of 16 384 values, in order (do not change them); the last may be
   * longer than what it holds: `length` says how many values there are in all.
   */
  chunks(): readonly (readonly number[])[] {
    return this.parts;
  }

  toArray(): number[] {
    const values: number[] = new Array<number>(this.count);
    for (let i = 0; i < this.count; i++) values[i] = this.get(i);
    return values;
  }
}
