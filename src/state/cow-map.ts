// A Map whose contents at a moment can be captured in O(1) and read later while it keeps
// changing: while a capture is open, the first change to each key saves the key's old value.
// What a capture reads of a value is its `view`: the value itself by default (then values must be
// immutable), or an immutable part of a mutable holder — the runtime keeps a mutable entry per
// key around an immutable matcher state, and calls `beforeChange` before it swaps the state.

const ABSENT: unique symbol = Symbol('absent');

/** A frozen view of a {@link CowMap} at the moment it was captured. */
export interface MapCapture<K, V> {
  /** Number of entries at capture time. */
  readonly size: number;
  /** The entries as they were at capture time (each once), readable while the map changes. */
  entries(): IterableIterator<[K, V]>;
  /** Stops saving old values for this capture. Call when done reading. */
  release(): void;
}

/** A `Map` with cheap point-in-time captures of each value's `view`. */
export class CowMap<K, V, S = V> {
  private readonly live = new Map<K, V>();
  /** One map of saved old views per open capture. */
  private open: Map<K, S | typeof ABSENT>[] = [];

  /** `view` is what captures keep of a value; it must not change while the value is in the map unless `beforeChange` is called first. */
  constructor(private readonly view: (value: V) => S = (value) => value as unknown as S) {}

  get size(): number {
    return this.live.size;
  }

  get(key: K): V | undefined {
    return this.live.get(key);
  }

  has(key: K): boolean {
    return this.live.has(key);
  }

  set(key: K, value: V): void {
    if (this.open.length > 0) this.saveOld(key);
    this.live.set(key, value);
  }

  delete(key: K): boolean {
    if (this.open.length > 0) this.saveOld(key);
    return this.live.delete(key);
  }

  /** Call before changing what `view` reads of `key`'s value in place: open captures save the old view. */
  beforeChange(key: K): void {
    if (this.open.length > 0) this.saveOld(key);
  }

  /** Removes every entry. */
  clear(): void {
    if (this.open.length > 0) for (const key of this.live.keys()) this.saveOld(key);
    this.live.clear();
  }

  keys(): IterableIterator<K> {
    return this.live.keys();
  }

  values(): IterableIterator<V> {
    return this.live.values();
  }

  entries(): IterableIterator<[K, V]> {
    return this.live.entries();
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.live.entries();
  }

  /** Captures the current contents in O(1). */
  capture(): MapCapture<K, S> {
    const saved = new Map<K, S | typeof ABSENT>();
    const view = this.view;
    this.open.push(saved);
    const live = this.live;
    const size = live.size;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      this.open = this.open.filter((map) => map !== saved);
    };
    function* entries(): IterableIterator<[K, S]> {
      if (released) throw new Error('this capture was released; capture again to read the map');
      const seen = new Set<K>();
      // Keys live now: their captured value is the saved one if they changed since the capture.
      for (const [key, value] of live) {
        // A key read, then deleted and set again, is met once more at the end of the live map.
        if (seen.has(key)) continue;
        if (saved.has(key)) {
          const old = saved.get(key)!;
          if (old === ABSENT) continue;
          seen.add(key);
          yield [key, old];
        } else {
          seen.add(key);
          yield [key, view(value)];
        }
      }
      // Keys deleted since the capture are only in the saved values.
      for (const [key, old] of saved) if (old !== ABSENT && !seen.has(key)) yield [key, old];
    }
    return { size, entries, release };
  }

  private saveOld(key: K): void {
    for (const saved of this.open) {
      if (!saved.has(key)) saved.set(key, this.live.has(key) ? this.view(this.live.get(key)!) : ABSENT);
    }
  }
}
