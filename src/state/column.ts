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
