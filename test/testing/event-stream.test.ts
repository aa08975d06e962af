// The stream arbitraries keep their promises: fields from their generators, timestamps on the
// timeline asked for, disorder within the jitter bound and no more, keys from the pool.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CepEngine, Pattern } from '../../src/index.js';
import { eventStream, keyedAbcEvents, abcEvents, tableLayoutOf } from '../../src/testing/index.js';

const seed = 17;

describe('eventStream', () => {
  const stream = eventStream({
    fields: { kind: fc.constantFrom('x', 'y'), n: fc.integer({ min: 0, max: 3 }) },
    keys: { field: 'user', values: ['u1', 'u2', 'u3'] },
    time: { field: 'at', start: 1000, gap: { min: 2, max: 5 } },
    minLength: 1,
    maxLength: 12,
  });

  it('writes each field from its generator, the key from the pool, and timestamps gap by gap from the start', () => {
    fc.assert(
      fc.property(stream, (events) => {
        expect(events.length).toBeGreaterThanOrEqual(1);
        expect(events.length).toBeLessThanOrEqual(12);
        expect(events[0]!.at).toBe(1000);
        events.forEach((event, i) => {
          expect(Object.keys(event).sort()).toEqual(['at', 'kind', 'n', 'user']);
          expect(['x', 'y']).toContain(event.kind);
          expect(['u1', 'u2', 'u3']).toContain(event.user);
          if (i > 0) expect(event.at - events[i - 1]!.at).toBeGreaterThanOrEqual(2);
          if (i > 0) expect(event.at - events[i - 1]!.at).toBeLessThanOrEqual(5);
        });
      }),
      { seed, numRuns: 100 },
    );
  });

  it('uses every key and reaches its longest length (the generator is not stuck in a corner)', () => {
    const samples = fc.sample(stream, { seed, numRuns: 100 });
    expect(new Set(samples.flat().map((e) => e.user))).toEqual(new Set(['u1', 'u2', 'u3']));
    expect(Math.max(...samples.map((s) => s.length))).toBe(12);
  });

  it('registers a table layout naming the time and key fields', () => {
    const [sample] = fc.sample(stream, { seed, numRuns: 1 });
    expect(tableLayoutOf(sample!)).toEqual({ timestamp: 'at', key: 'user', fields: ['kind', 'n'] });
  });

  it('takes any arbitrary for the gaps', () => {
    const tens = eventStream({ fields: {}, time: { gap: fc.constantFrom(10, 20) }, minLength: 2, maxLength: 5 });
    for (const events of fc.sample(tens, { seed, numRuns: 30 })) {
      for (let i = 1; i < events.length; i++) expect([10, 20]).toContain(events[i]!.timestamp - events[i - 1]!.timestamp);
    }
  });

  it('refuses an empty key pool', () => {
    expect(() => eventStream({ fields: {}, keys: { field: 'k', values: [] } })).toThrow(/keys.values for 'k' is empty/);
  });
});

describe('eventStream with jitter', () => {
  const jitter = 4;
  const jittery = eventStream({ fields: { v: fc.nat(3) }, keys: { field: 'key', values: ['a', 'b'] }, time: { field: 'ts', gap: { min: 0, max: 3 }, jitter }, maxLength: 20 });

  it('never puts an event more than `jitter` behind a timestamp that arrived before it', () => {
    fc.assert(
      fc.property(jittery, (events) => {
        let latest = -Infinity;
        for (const event of events) {
          expect(event.ts).toBeGreaterThanOrEqual(latest - jitter);
          latest = Math.max(latest, event.ts);
        }
      }),
      { seed, numRuns: 200 },
    );
  });

  it('does put events out of order in many streams', () => {
    const disordered = fc.sample(jittery, { seed, numRuns: 100 }).filter((events) => events.some((e, i) => i > 0 && e.ts < events[i - 1]!.ts));
    expect(disordered.length).toBeGreaterThan(30);
  });

  it('is absorbed by an engine whose out-of-orderness bound is the jitter: nothing late, outputs of the sorted stream', () => {
    type Ev = { ts: number; key: string; v: number };
    const pattern = Pattern.begin<Ev>('low').where((e) => e.v === 0).followedBy('high').where((e) => e.v === 3).within(6);
    const run = (events: readonly Ev[]) => {
      const engine = new CepEngine<Ev>({ patterns: [{ name: 'p', pattern, keyBy: 'key' }], time: { mode: 'event', timestamp: 'ts', maxOutOfOrderness: jitter } });
      return [...events.flatMap((e) => engine.push(e)), ...engine.flush()];
    };
    fc.assert(
      fc.property(jittery, (events) => {
        const outputs = run(events);
        expect(outputs.filter((o) => o.kind === 'late')).toEqual([]);
        expect(outputs).toEqual(run([...events].sort((a, b) => a.ts - b.ts)));
      }),
      { seed, numRuns: 200 },
    );
  });
});

describe('AbcEvent streams', () => {
  it('abcEvents: ids in order, timestamps from 0, never decreasing', () => {
    for (const events of fc.sample(abcEvents({ maxLength: 8 }), { seed, numRuns: 50 })) {
      events.forEach(({ event, timestamp }, i) => {
        expect(event.id).toBe(`e${i}`);
        if (i === 0) expect(timestamp).toBe(0);
        else expect(timestamp).toBeGreaterThanOrEqual(events[i - 1]!.timestamp);
      });
    }
  });

  it('keyedAbcEvents: records with key and ts, ids numbered in timestamp order', () => {
    for (const events of fc.sample(keyedAbcEvents({ keys: ['x', 'y'], jitter: 2, maxLength: 10 }), { seed, numRuns: 50 })) {
      const byId = [...events].sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
      byId.forEach((event, i) => {
        expect(['x', 'y']).toContain(event.key);
        if (i > 0) expect(event.ts).toBeGreaterThanOrEqual(byId[i - 1]!.ts);
      });
    }
  });
});
