import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entriesOf, EXACT_MERGE_UP_TO, RANK_WINDOW, ShardedMap, shardOf, SPLIT_ABOVE } from '../../src/state/sharded-map.js';

const key = fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double({ noNaN: true, min: -1e15, max: 1e15 }), fc.string({ maxLength: 20 }), fc.constantFrom('user-0001', 'user-0002', 'user-1001'));
type Op = { set: [unknown, number] } | { delete: unknown } | { clear: true };
const ops = fc.array(
  fc.oneof(
    { weight: 5, arbitrary: fc.tuple(key, fc.integer()).map((set): Op => ({ set })) },
    { weight: 3, arbitrary: key.map((k): Op => ({ delete: k })) },
    { weight: 1, arbitrary: fc.constant<Op>({ clear: true }) },
  ),
  { maxLength: 300 },
);

describe('ShardedMap', () => {
  it('behaves as a Map, and iterates each key once: in insertion order while whole, then shard by shard in insertion order', () => {
    fc.assert(
      fc.property(ops, fc.constantFrom(0, 8, 40, SPLIT_ABOVE), (operations, splitAbove) => {
        const real = new ShardedMap<unknown, number>(splitAbove);
        const model = new Map<unknown, number>();
        for (const op of operations) {
          if ('set' in op) {
            real.set(op.set[0], op.set[1]);
            model.set(op.set[0], op.set[1]);
          } else if ('delete' in op) {
            expect(real.delete(op.delete)).toBe(model.delete(op.delete));
          } else {
            real.clear();
            model.clear();
          }
          expect(real.size).toBe(model.size);
        }
        for (const [k, v] of model) {
          expect(real.has(k)).toBe(true);
          expect(real.get(k)).toBe(v);
        }
        const entries = [...real];
        expect(entries).toHaveLength(model.size);
        expect(new Map(entries)).toEqual(model);
        expect([...real.keys()]).toEqual(entries.map(([k]) => k));
        expect([...real.values()]).toEqual(entries.map(([, v]) => v));
        if (model.size > splitAbove) expect(real.isSplit).toBe(true);
        // Whole: the model's (insertion) order. Split: shard by shard, each in the model's order.
        const expected = real.isSplit ? [...model].sort(([a], [b]) => shardOf(a) - shardOf(b)) : [...model];
        expect(entries).toEqual(expected);
        expect([...entriesOf(real.cursor(null))]).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('spreads sequential ids, numeric or textual, over the shards', () => {
    for (const ids of [Array.from({ length: 25_600 }, (_, i) => i), Array.from({ length: 25_600 }, (_, i) => `user-${String(i).padStart(6, '0')}`)]) {
      const counts = new Map<number, number>();
      for (const id of ids) counts.set(shardOf(id), (counts.get(shardOf(id)) ?? 0) + 1);
      expect(counts.size).toBe(64);
      expect(Math.max(...counts.values())).toBeLessThan(550); // 400 each on average
    }
  });

  it('merges the shards by rank: every entry once, in rank order up to a window when each shard is in rank order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.integer({ min: 0, max: 1000 })), { maxLength: 300 }), (pairs) => {
        const real = new ShardedMap<unknown, number>(0);
        const model = new Map<unknown, number>();
        // Ranks that grow with insertion, as start times do: each shard is then in rank order.
        let clock = 0;
        for (const [k, step] of pairs) {
          clock += step * 8;
          if (!model.has(k)) {
            real.set(k, clock);
            model.set(k, clock);
          }
        }
        const merged = [...entriesOf(real.cursor((v) => v))];
        expect(new Map(merged)).toEqual(model);
        expect(merged).toHaveLength(model.size);
        // In rank order up to the merge's window: nothing comes after an entry ranked a window above it.
        let highest = -Infinity;
        for (const [, v] of merged) {
          expect(v).toBeGreaterThan(highest - RANK_WINDOW);
          highest = Math.max(highest, v);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('merges a small map exactly in rank order, and a large one in rank order up to the window', () => {
    for (const size of [EXACT_MERGE_UP_TO, EXACT_MERGE_UP_TO * 4]) {
      const map = new ShardedMap<string, number>(0);
      for (let i = 0; i < size; i++) map.set(`key-${i}`, i); // ranks grow with insertion
      const ranks = [...entriesOf(map.cursor((v) => v))].map(([, v]) => v);
      const inOrder = Array.from({ length: size }, (_, i) => i);
      if (size <= EXACT_MERGE_UP_TO) expect(ranks).toEqual(inOrder);
      else {
        expect(ranks).not.toEqual(inOrder);
        expect([...ranks].sort((a, b) => a - b)).toEqual(inOrder);
        ranks.forEach((rank, i) => expect(Math.abs(rank - i)).toBeLessThan(RANK_WINDOW));
      }
    }
  });

  it('merges values without a rank in their shard place, and reads a shard changed during the merge as a Map iterator would', () => {
    const real = new ShardedMap<number, number>(0);
    for (let k = 0; k < 2000; k++) real.set(k, k % 7 === 0 ? NaN : k);
    const seen: number[] = [];
    for (const [k] of entriesOf(real.cursor((v) => v))) {
      seen.push(k);
      if (k === 100) {
        real.delete(1999);
        real.set(5000, 5000);
      }
    }
    expect(seen).not.toContain(1999);
    expect(seen).toContain(5000);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((k) => k !== 5000).sort((a, b) => a - b)).toEqual(Array.from({ length: 1999 }, (_, k) => k));
    // Ranked keys (not multiples of 7) come out in rank order up to the window: an unranked key rides along with its shard.
    let highest = -Infinity;
    for (const k of seen.filter((k) => k % 7 !== 0 && k !== 5000)) {
      expect(k).toBeGreaterThan(highest - RANK_WINDOW);
      highest = Math.max(highest, k);
    }
  });

  it('stays one Map up to SPLIT_ABOVE keys, splits past it, stays split until cleared, and keeps every entry across the split', () => {
    const map = new ShardedMap<string, number>();
    for (let i = 0; i < SPLIT_ABOVE; i++) map.set(`k${i}`, i);
    expect(map.isSplit).toBe(false);
    // A cursor reading the whole map reads it in insertion order, ranked or not.
    const cursor = map.cursor((v) => v);
    for (let i = 0; i < 10; i++) {
      expect(cursor.next()).toBe(true);
      expect(cursor.value).toBe(i);
    }
    map.set(`k${SPLIT_ABOVE}`, SPLIT_ABOVE);
    expect(map.isSplit).toBe(true);
    expect(map.size).toBe(SPLIT_ABOVE + 1);
    for (let i = 0; i <= SPLIT_ABOVE; i += 997) expect(map.get(`k${i}`)).toBe(i);
    // The cursor opened before the split goes on over the map as it was when it split.
    let read = 10;
    while (cursor.next()) read++;
    expect(read).toBe(SPLIT_ABOVE + 1);
    for (let i = 0; i < SPLIT_ABOVE - 10; i++) map.delete(`k${i}`);
    expect(map.isSplit).toBe(true);
    expect(map.size).toBe(11);
    expect([...map.values()].sort((a, b) => a - b)).toEqual(Array.from({ length: 11 }, (_, i) => SPLIT_ABOVE - 10 + i));
    map.clear();
    expect(map.isSplit).toBe(false);
    expect(map.size).toBe(0);
  });
});
