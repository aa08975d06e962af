// A Map split into shards by a hash of the key, once it is large. A JavaScript Map rebuilds its
// whole hash table when it grows, and also, under steady churn (keys deleted and others added),
// whenever deleted entries fill it: with a million keys that is one 50-90 ms stop of event
// processing every few seconds. Split 64 ways, each rebuild covers a 64th of the keys (a
// millisecond or two).
//
// A small map stays one Map: its rebuilds take a few milliseconds at most, and every lookup in
// shards costs a hash of the key and a second table to find — 10-15 % of the engine's time per
// event at 50,000 keys (W1). The map splits once, when it passes `SPLIT_ABOVE` entries, and stays
// split (a map that grew that large is likely to again).
//
// Plain iteration is in insertion order while the map is one Map, then shard by shard, each shard
// in insertion order. A reader that walks every value's object graph (a checkpoint encoder) wants
// them in the order they were allocated, which is roughly insertion order: visited shard by shard,
// consecutive reads land far apart in the heap and the encoder slows by a third at a million keys.
// `cursor(rank)` merges the shards by a rank the caller reads off each value (e.g. when its state
// was allocated).

const SHARD_BITS = 6;
const SHARDS = 1 << SHARD_BITS;

/**
 * A map splits into shards when it holds more entries than this. Rebuilding a table this size
 * takes 2-5 ms here; splitting it (once) about as long.
 */
export const SPLIT_ABOVE = 1 << 16;

/**
 * Which shard a key goes to. Any function of the key's value would be correct; this one is cheap
 * (it runs on every event) and spreads ids well: numbers by their integer bits, strings by their
 * length and last four characters, where ids usually differ.
 */
export function shardOf(key: unknown): number {
  if (typeof key === 'number') return Math.imul(key | 0, 0x9e3779b1) >>> (32 - SHARD_BITS);
  if (typeof key === 'string') {
    const n = key.length;
    let hash = n;
    if (n > 0) hash = Math.imul(hash ^ key.charCodeAt(n - 1), 0x01000193);
    if (n > 1) hash = Math.imul(hash ^ key.charCodeAt(n - 2), 0x01000193);
    if (n > 2) hash = Math.imul(hash ^ key.charCodeAt(n - 3), 0x01000193);
    if (n > 3) hash = Math.imul(hash ^ key.charCodeAt(n - 4), 0x01000193);
    return Math.imul(hash, 0x9e3779b1) >>> (32 - SHARD_BITS);
  }
  return 0;
}

/** Stands for a shard no key has gone to yet: always empty, never written. */
const NO_SHARD: Map<any, any> = new Map(); // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Reads the rank of a value for {@link ShardedMap.cursor}; `NaN` when it has none (the
 * entry then keeps the rank of the one before it in its shard).
 */
export type Rank<V> = (value: V) => number;

/**
 * A `Map` that splits into 64 shards (created as keys arrive) once it is large, so no single
 * change rebuilds the table of every key.
 */
export class ShardedMap<K, V> {
  /** The one Map while the map is small; `null` once it has split. */
  private whole: Map<K, V> | null = new Map<K, V>();
  // Every slot holds a Map (the shared empty one until used), so the hot lookups see one shape.
  private readonly shards: Map<K, V>[] = new Array<Map<K, V>>(SHARDS).fill(NO_SHARD);

  /** `splitAbove`: the size past which the map splits into shards (smaller in tests). */
  constructor(private readonly splitAbove: number = SPLIT_ABOVE) {}

  /** The number of entries (once split, a sum over the shards: read rarely, unlike `get` and `set`). */
  get size(): number {
    if (this.whole !== null) return this.whole.size;
    let total = 0;
    for (const shard of this.shards) total += shard.size;
    return total;
  }

  /** Whether the map has split into shards (see `SPLIT_ABOVE`). */
  get isSplit(): boolean {
    return this.whole === null;
  }

  get(key: K): V | undefined {
    const whole = this.whole;
    return whole !== null ? whole.get(key) : this.shards[shardOf(key)]!.get(key);
  }

  has(key: K): boolean {
    const whole = this.whole;
    return whole !== null ? whole.has(key) : this.shards[shardOf(key)]!.has(key);
  }

  set(key: K, value: V): this {
    const whole = this.whole;
    if (whole !== null) {
      whole.set(key, value);
      if (whole.size > this.splitAbove) this.split(whole);
      return this;
    }
    const index = shardOf(key);
    let shard = this.shards[index]!;
    if (shard === NO_SHARD) this.shards[index] = shard = new Map<K, V>();
    shard.set(key, value);
    return this;
  }

  delete(key: K): boolean {
    const whole = this.whole;
    return whole !== null ? whole.delete(key) : this.shards[shardOf(key)]!.delete(key);
  }

  /** Removes every entry; the map is one Map again. */
  clear(): void {
    this.whole = new Map<K, V>();
    this.shards.fill(NO_SHARD);
  }

  *entries(): IterableIterator<[K, V]> {
    for (const shard of this.parts()) if (shard.size > 0) yield* shard.entries();
  }

  *keys(): IterableIterator<K> {
    for (const shard of this.parts()) if (shard.size > 0) yield* shard.keys();
  }

  *values(): IterableIterator<V> {
    for (const shard of this.parts()) if (shard.size > 0) yield* shard.values();
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  /**
   * A cursor over every entry once: in insertion order while the map is one Map; once split,
   * with a `rank`, about lowest rank first (a merge of the shards, each read in its own order,
   * in windows of `RANK_WINDOW`; exactly lowest first up to `EXACT_MERGE_UP_TO` entries, for
   * whole-number ranks), without, shard by shard.
   * Like Map iteration it is live (entries deleted before they are reached are not read, entries
   * added may be read), except that a merge reads each shard one entry ahead: the entry a shard
   * stands at is read as it was when the shard reached it. (CowMap, its user, reads a key changed
   * since its capture from its own record of old values, so this does not matter there.) A map
   * that splits while a cursor reads it is read as it was when it split: the cursor holds the one
   * Map it started on.
   */
  cursor(rank: Rank<V> | null): MapCursor<K, V> {
    const readers: ShardReader<K, V>[] = [];
    for (const shard of this.parts()) if (shard.size > 0) readers.push({ entries: shard.entries(), key: undefined as K, value: undefined as V, rank: -Infinity });
    if (rank === null || this.whole !== null) return new SequentialCursor(readers);
    return new MergingCursor(readers, rank, this.size <= EXACT_MERGE_UP_TO ? 1 : RANK_WINDOW);
  }

  /** The Maps that hold the entries, in iteration order. */
  private parts(): readonly Map<K, V>[] {
    return this.whole !== null ? [this.whole] : this.shards;
  }

  private split(whole: Map<K, V>): void {
    this.whole = null;
    for (const [key, value] of whole) this.set(key, value);
  }
}

/** What a cursor reads, as `[key, value]` pairs (for readers that want an iterator; they allocate per entry). */
export function* entriesOf<K, V>(cursor: MapCursor<K, V>): IterableIterator<[K, V]> {
  while (cursor.next()) yield [cursor.key, cursor.value];
}

/**
 * Reads entries one at a time without allocating per entry: `next()` moves to the next entry
 * (false at the end) and `key` / `value` are that entry's. (A generator of `[key, value]` pairs
 * costs a third of a checkpoint's conversion at a million keys.)
 */
export interface MapCursor<K, V> {
  next(): boolean;
  readonly key: K;
  readonly value: V;
}

/** One shard being read: its iterator and the entry it stands at. */
interface ShardReader<K, V> {
  readonly entries: IterableIterator<[K, V]>;
  key: K;
  value: V;
  rank: number;
}

/** Moves `reader` to its shard's next entry; false when the shard has none left. */
function advance<K, V>(reader: ShardReader<K, V>): boolean {
  const step = reader.entries.next();
  if (step.done === true) return false;
  const entry = step.value;
  reader.key = entry[0];
  reader.value = entry[1];
  return true;
}

/** Shard by shard. */
class SequentialCursor<K, V> implements MapCursor<K, V> {
  key = undefined as K;
  value = undefined as V;
  private index = 0;

  constructor(private readonly readers: ShardReader<K, V>[]) {}

  next(): boolean {
    const readers = this.readers;
    while (this.index < readers.length) {
      const reader = readers[this.index]!;
      if (advance(reader)) {
        this.key = reader.key;
        this.value = reader.value;
        return true;
      }
      this.index++;
    }
    return false;
  }
}

/**
 * How far apart, in rank, the entries read in one pass over the shards may be. Within a pass,
 * entries come shard by shard: an approximate merge, which is all a reader walking memory needs
 * (entries allocated close together are read close together), at one comparison per entry.
 */
export const RANK_WINDOW = 1024;

/**
 * Maps this small are merged exactly (a window of one rank: each pass takes the lowest entries
 * left), so a small state reads in allocation order, as people inspecting it expect. A pass
 * costs one comparison per shard, well under a millisecond in all at this size.
 */
export const EXACT_MERGE_UP_TO = 4096;

/**
 * A merge by rank in windows: each pass over the shards reads, from every shard, the entries
 * ranked below the pass's end (the lowest rank left + the window). Exact across passes, shard
 * by shard within one; exact throughout with a window of 1 and whole-number ranks.
 */
class MergingCursor<K, V> implements MapCursor<K, V> {
  key = undefined as K;
  value = undefined as V;

  private started = false;
  /** The reader whose entry was read last: it moves on at the next `next()`, as a Map iterator would. */
  private taken: ShardReader<K, V> | null = null;
  private index = 0;
  private windowEnd = -Infinity;

  constructor(
    /** Shards with entries left; before the first `next()`, every shard (not yet started). */
    private readonly readers: ShardReader<K, V>[],
    private readonly rank: Rank<V>,
    private readonly window: number,
  ) {}

  next(): boolean {
    const readers = this.readers;
    if (!this.started) {
      this.started = true;
      let kept = 0;
      for (const reader of readers) {
        if (!advance(reader)) continue;
        reader.rank = this.rankOf(reader, -Infinity);
        readers[kept++] = reader;
      }
      readers.length = kept;
    }
    const taken = this.taken;
    if (taken !== null) {
      this.taken = null;
      if (advance(taken)) taken.rank = this.rankOf(taken, taken.rank);
      else readers.splice(this.index, 1);
    }
    for (;;) {
      while (this.index < readers.length) {
        const reader = readers[this.index]!;
        if (reader.rank < this.windowEnd) {
          this.key = reader.key;
          this.value = reader.value;
          this.taken = reader;
          return true;
        }
        this.index++;
      }
      if (readers.length === 0) return false;
      // Shards that have met no rank yet (-Infinity) are read in every pass until they do.
      let lowest = Infinity;
      for (const reader of readers) if (reader.rank < lowest && reader.rank !== -Infinity) lowest = reader.rank;
      this.windowEnd = lowest === Infinity ? Infinity : lowest + this.window;
      this.index = 0;
    }
  }

  /** The rank of the reader's entry; `previous` (its shard's last) if the value has none. */
  private rankOf(reader: ShardReader<K, V>, previous: number): number {
    const rank = this.rank(reader.value);
    return Number.isNaN(rank) ? previous : rank;
  }
}
