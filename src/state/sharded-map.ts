// A Map split into shards by a hash of the key. A JavaScript Map rebuilds its whole hash table
// when it grows, and also, under steady churn (keys deleted and others added), whenever deleted
// entries fill it: with a million keys that is one 50-80 ms stop of event processing every few
// seconds. Split 256 ways, each rebuild covers a 256th of the keys. Iteration is shard by shard,
// each shard in insertion order: deterministic for a given sequence of changes, and a map filled
// in the order another one iterates iterates in that same order.

const SHARD_BITS = 8;
const SHARDS = 1 << SHARD_BITS;
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

/** A `Map` in 256 shards (created as keys arrive), so no single change rebuilds the table of every key. */
export class ShardedMap<K, V> {
  // Every slot holds a Map (the shared empty one until used), so the hot lookups see one shape.
  private readonly shards: Map<K, V>[] = new Array<Map<K, V>>(SHARDS).fill(NO_SHARD);

  /** The number of entries (a sum over the shards: read rarely, unlike `get` and `set`). */
  get size(): number {
    let total = 0;
    for (const shard of this.shards) total += shard.size;
    return total;
  }

  get(key: K): V | undefined {
    return this.shards[shardOf(key)]!.get(key);
  }

  has(key: K): boolean {
    return this.shards[shardOf(key)]!.has(key);
  }

  set(key: K, value: V): this {
    const index = shardOf(key);
    let shard = this.shards[index]!;
    if (shard === NO_SHARD) this.shards[index] = shard = new Map<K, V>();
    shard.set(key, value);
    return this;
  }

  delete(key: K): boolean {
    return this.shards[shardOf(key)]!.delete(key);
  }

  clear(): void {
    this.shards.fill(NO_SHARD);
  }

  *entries(): IterableIterator<[K, V]> {
    for (const shard of this.shards) if (shard.size > 0) yield* shard.entries();
  }

  *keys(): IterableIterator<K> {
    for (const shard of this.shards) if (shard.size > 0) yield* shard.keys();
  }

  *values(): IterableIterator<V> {
    for (const shard of this.shards) if (shard.size > 0) yield* shard.values();
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }
}
