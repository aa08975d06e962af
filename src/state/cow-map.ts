// A Map whose contents at a moment can be captured in O(1) and read later while it keeps
// changing: while a capture is open, the first change to each key saves the key's old value.
// What a capture reads of a value is its `view`: the value itself by default (then values must be
// immutable), or an immutable part of a mutable holder — the runtime keeps a mutable entry per
// key around an immutable matcher state, and calls `beforeChange` before it swaps the state.
//
// While a capture is open, a deleted key stays in the underlying Map as a tombstone, in its
// place. So the Map's order never changes under a reader (a key deleted and set again would
// otherwise move to the end and be met twice), and a reader needs no record of the keys it has
// read — for a million keys, such a record cost a large share of the conversion's time and
// garbage-collection pauses. Tombstones go once no capture is open, a few per change.

import { entriesOf, ShardedMap, type MapCursor, type Rank } from './sharded-map.js';

const ABSENT: unique symbol = Symbol('absent');
const GONE: unique symbol = Symbol('gone');

/** Tombstones removed on each change once no capture is open, and at once when the last closes. */
const PURGE_PER_CHANGE = 8;
const PURGE_ON_RELEASE = 4096;

/** A frozen view of a {@link CowMap} at the moment it was captured. */
export interface MapCapture<K, V> {
  /** Number of entries at capture time. */
  readonly size: number;
  /** The entries as they were at capture time (each once), readable while the map changes. */
  entries(): IterableIterator<[K, V]>;
  /**
   * The same entries through a cursor, which allocates nothing per entry. With a map's
   * `liveView`, a value may be the map's own holder, which changes with the map: use each value
   * before the map changes (`entries()` always gives views, for readers that keep them).
   */
  cursor(): MapCursor<K, V>;
  /** Stops saving old values for this capture. Call when done reading. */
  release(): void;
}

/** A `Map` with cheap point-in-time captures of each value's `view`. */
export class CowMap<K, V, S = V> {
  /** Sharded, so that no change rebuilds the hash table of every key (see sharded-map.ts). */
  private readonly live = new ShardedMap<K, V | typeof GONE>();
  /** One map of saved old views per open capture. */
  private open: Map<K, S | typeof ABSENT>[] = [];
  /** How many entries of `live` are tombstones, and keys that were made tombstones (some may be live again). */
  private gone = 0;
  private tombstones: K[] = [];

  /**
   * `view` is what captures keep of a value; it must not change while the value is in the map
   * unless `beforeChange` is called first. `rank`, if given, orders a capture's entries (lowest
   * first, as far as the shards allow; see sharded-map.ts): readers of large captures go faster
   * in the order the values' memory was allocated. `liveView` is how a capture reads a value not
   * changed since it was taken, at the moment of reading (default `view`): a holder that can
   * stand for its own view hands itself over, and a capture of a million keys copies none.
   */
  constructor(
    private readonly view: (value: V) => S = (value) => value as unknown as S,
    private readonly rank: Rank<V> | null = null,
    private readonly liveView: (value: V) => S = view,
  ) {}

  get size(): number {
    return this.live.size - this.gone;
  }

  get(key: K): V | undefined {
    const value = this.live.get(key);
    return value === GONE ? undefined : value;
  }

  has(key: K): boolean {
    return this.live.has(key) && this.live.get(key) !== GONE;
  }

  set(key: K, value: V): void {
    if (this.open.length > 0) this.saveOld(key);
    else if (this.gone > 0) this.purge(PURGE_PER_CHANGE);
    if (this.gone > 0 && this.live.get(key) === GONE) this.gone--;
    this.live.set(key, value);
  }

  delete(key: K): boolean {
    if (this.open.length > 0) {
      this.saveOld(key);
      if (!this.has(key)) return false;
      this.live.set(key, GONE);
      this.gone++;
      this.tombstones.push(key);
      return true;
    }
    if (this.gone > 0) {
      this.purge(PURGE_PER_CHANGE);
      if (this.live.get(key) === GONE) {
        this.live.delete(key);
        this.gone--;
        return false;
      }
    }
    return this.live.delete(key);
  }

  /** Call before changing what `view` reads of `key`'s value in place: open captures save the old view. */
  beforeChange(key: K): void {
    if (this.open.length > 0) this.saveOld(key);
  }

  /** Removes every entry. */
  clear(): void {
    if (this.open.length > 0) {
      for (const key of [...this.keys()]) this.delete(key);
      return;
    }
    this.live.clear();
    this.gone = 0;
    this.tombstones = [];
  }

  keys(): IterableIterator<K> {
    return this.gone === 0 ? this.live.keys() : this.present((key) => key);
  }

  values(): IterableIterator<V> {
    return this.gone === 0 ? (this.live.values() as IterableIterator<V>) : this.present((_, value) => value);
  }

  entries(): IterableIterator<[K, V]> {
    return this.gone === 0 ? (this.live.entries() as IterableIterator<[K, V]>) : this.present((key, value) => [key, value]);
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  /** Captures the current contents in O(1). */
  capture(): MapCapture<K, S> {
    const saved = new Map<K, S | typeof ABSENT>();
    const { view, liveView } = this;
    this.open.push(saved);
    const live = this.live;
    const rank = this.rank;
    const rankOf = rank === null ? null : (value: V | typeof GONE): number => (value === GONE ? NaN : rank(value));
    const size = this.size;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      this.open = this.open.filter((map) => map !== saved);
      if (this.open.length === 0) this.purge(PURGE_ON_RELEASE);
    };
    // Every key is met once, in its place: deleted ones are tombstones until the release, and
    // keys set since the capture come after the others in their shard and were absent from it.
    const cursorWith = (read: (value: V) => S): MapCursor<K, S> => {
      if (released) throw new Error('this capture was released; capture again to read the map');
      return new CaptureCursor(live.cursor(rankOf), saved, read);
    };
    // Reads nothing until the first step, so a released capture throws there, as it always has.
    // Its values outlive the step that read them, so they are views, never live holders.
    const entries = function* (): IterableIterator<[K, S]> {
      yield* entriesOf(cursorWith(view));
    };
    return { size, entries, cursor: () => cursorWith(liveView), release };
  }

  private saveOld(key: K): void {
    for (const saved of this.open) {
      if (!saved.has(key)) saved.set(key, this.has(key) ? this.view(this.live.get(key) as V) : ABSENT);
    }
  }

  /** Removes up to `count` tombstones (only when no capture is open: readers rely on them). */
  private purge(count: number): void {
    const tombstones = this.tombstones;
    while (count-- > 0 && this.gone > 0 && tombstones.length > 0) {
      const key = tombstones.pop()!;
      if (this.live.get(key) === GONE) {
        this.live.delete(key);
        this.gone--;
      }
    }
    if (this.gone === 0) this.tombstones = [];
  }

  private *present<T>(select: (key: K, value: V) => T): IterableIterator<T> {
    for (const [key, value] of this.live) if (value !== GONE) yield select(key, value);
  }
}

/** Reads a capture: the live map's entries, with the views saved for keys changed since. */
class CaptureCursor<K, V, S> implements MapCursor<K, S> {
  key = undefined as K;
  value = undefined as S;

  constructor(
    private readonly live: MapCursor<K, V | typeof GONE>,
    private readonly saved: Map<K, S | typeof ABSENT>,
    private readonly liveView: (value: V) => S,
  ) {}

  next(): boolean {
    const { live, saved } = this;
    while (live.next()) {
      const key = live.key;
      if (saved.size > 0 && saved.has(key)) {
        const old = saved.get(key)!;
        if (old === ABSENT) continue;
        this.key = key;
        this.value = old;
        return true;
      }
      const value = live.value;
      if (value === GONE) continue;
      this.key = key;
      this.value = this.liveView(value);
      return true;
    }
    return false;
  }
}
