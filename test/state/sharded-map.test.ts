import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ShardedMap, shardOf } from '../../src/state/sharded-map.js';

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
  it('behaves as a Map, and iterates each key once, in insertion order within a shard', () => {
    fc.assert(
      fc.property(ops, (operations) => {
        const real = new ShardedMap<unknown, number>();
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
        // Shard by shard, each in the model's (insertion) order.
        const expected = [...model].sort(([a], [b]) => shardOf(a) - shardOf(b));
        expect(entries).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('spreads sequential ids, numeric or textual, over the shards', () => {
    for (const ids of [Array.from({ length: 25_600 }, (_, i) => i), Array.from({ length: 25_600 }, (_, i) => `user-${String(i).padStart(6, '0')}`)]) {
      const counts = new Map<number, number>();
      for (const id of ids) counts.set(shardOf(id), (counts.get(shardOf(id)) ?? 0) + 1);
      expect(counts.size).toBe(256);
      expect(Math.max(...counts.values())).toBeLessThan(200); // 100 each on average
    }
  });
});
