// Properties of the keyed runtime: keys are independent, and disorder within the bound is invisible.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CepEngine, Pattern, type EngineOutput } from '../../src/index.js';

interface Ev {
  ts: number;
  key: string;
  type: 'a' | 'b' | 'c';
  v: number;
}

const patterns = [
  { name: 'ab', pattern: Pattern.begin<Ev>('a').where((e) => e.type === 'a').followedBy('b').where((e) => e.type === 'b').within(20) },
  {
    name: 'a-b+-c',
    pattern: Pattern.begin<Ev>('a')
      .where((e) => e.type === 'a')
      .followedByAny('b')
      .where((e, ctx) => e.type === 'b' && e.v >= (ctx.eventsFor('b').at(-1)?.v ?? 0))
      .oneOrMore()
      .next('c')
      .where((e) => e.type === 'c')
      .within(15),
  },
  { name: 'a-not-c', pattern: Pattern.begin<Ev>('a').where((e) => e.type === 'a').notFollowedBy('c').where((e) => e.type === 'c').within(10) },
];

const eventArb = fc.record({
  gap: fc.integer({ min: 0, max: 4 }),
  key: fc.constantFrom('k1', 'k2', 'k3'),
  type: fc.constantFrom<Ev['type']>('a', 'b', 'c'),
  v: fc.integer({ min: 0, max: 3 }),
});

/** Streams with non-decreasing timestamps. */
const streamArb = fc.array(eventArb, { maxLength: 30 }).map((items) => {
  let ts = 0;
  return items.map(({ gap, key, type, v }) => ({ ts: (ts += gap), key, type, v }));
});

function run(records: Ev[], maxOutOfOrderness = 0): EngineOutput<Ev>[] {
  const engine = new CepEngine<Ev>({
    patterns: patterns.map((p) => ({ ...p, keyBy: 'key' })),
    time: { mode: 'event', timestamp: 'ts', maxOutOfOrderness },
  });
  return [...records.flatMap((r) => engine.push(r)), ...engine.flush()];
}

/** Outputs without their ids (ids number the merged stream, so they differ between runs). */
function canonical(outputs: EngineOutput<Ev>[]): string[] {
  return outputs.map(({ id: _id, ...rest }) => JSON.stringify(rest));
}

describe('runtime properties', () => {
  it('per-key independence: running keys together equals running each key alone', () => {
    fc.assert(
      fc.property(streamArb, (records) => {
        const together = canonical(run(records)).sort();
        const alone = [...new Set(records.map((r) => r.key))].flatMap((key) => canonical(run(records.filter((r) => r.key === key))));
        expect(together).toEqual(alone.sort());
      }),
      { numRuns: 200, seed: 20261121 },
    );
  });

  it('shuffling events within the out-of-orderness bound does not change the outputs', () => {
    const bound = 5;
    fc.assert(
      fc.property(
        streamArb,
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 30, maxLength: 30 }),
        (records, noise) => {
          // Each event arrives at ts + jitter (jitter <= bound); sorting by arrival gives a
          // disorder no larger than the bound, which the watermark must absorb.
          const arrival = records.map((r, i) => ({ r, at: r.ts + (noise[i]! % (bound + 1)), i }));
          arrival.sort((x, y) => x.at - y.at || x.i - y.i);
          const shuffled = arrival.map((x) => x.r);
          // Equal timestamps keep arrival order, so only events with distinct timestamps may swap.
          const stable = [...shuffled].sort((x, y) => x.ts - y.ts);
          expect(canonical(run(shuffled, bound))).toEqual(canonical(run(stable, bound)));
        },
      ),
      { numRuns: 200, seed: 424242 },
    );
  });

  it('outputs are deterministic: the same input gives the same outputs, ids included', () => {
    fc.assert(
      fc.property(streamArb, (records) => {
        expect(run(records)).toEqual(run(records));
      }),
      { numRuns: 50, seed: 7 },
    );
  });
});
