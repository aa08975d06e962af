// The keyed runtime agrees with the reference matcher key by key: running a pattern through
// CepEngine over an interleaved keyed stream gives, for each key, what the reference gives on
// that key's events alone — with time passing every window end in turn, as the runtime's timers
// make it (Flink applies one advance per watermark; see the README on where Cepheus differs).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MatcherOutput } from '../../src/nfa/outputs.js';
import { referenceMatches } from '../../src/reference/reference-matcher.js';
import { CepEngine, type EngineOutput } from '../../src/index.js';
import { canonical, followMatcher } from './compare-outputs.js';
import { BALANCED, formatSpec, modelOf, NEGATION_HEAVY, patternSpecArb, type Ev } from './pattern-spec.js';

interface KeyedEv extends Ev {
  readonly key: string;
  readonly ts: number;
}

const keyedStreamArb = fc
  .array(
    fc.record({
      key: fc.constantFrom('k1', 'k2', 'k3'),
      type: fc.constantFrom('a' as const, 'b' as const, 'c' as const),
      v: fc.integer({ min: 0, max: 9 }),
      gap: fc.integer({ min: 0, max: 2 }),
    }),
    { maxLength: 24 },
  )
  .map((raw) => {
    let ts = 0;
    return raw.map(({ key, type, v, gap }, i): KeyedEv => ({ id: `e${i}`, key, type, v, ts: (ts += i === 0 ? 0 : gap) }));
  });

/** Engine outputs of one key, as matcher outputs (what the reference produces). */
function ofKey(outputs: readonly EngineOutput<KeyedEv>[], key: string): MatcherOutput<Ev>[] {
  const result: MatcherOutput<Ev>[] = [];
  for (const output of outputs) {
    if (output.kind === 'match' && output.key === key) result.push({ kind: 'match', events: output.events, startTimestamp: output.startTimestamp, endTimestamp: output.endTimestamp });
    if (output.kind === 'timeout' && output.key === key) result.push({ kind: 'timeout', events: output.events, startTimestamp: output.startTimestamp, timeoutTimestamp: output.timeoutTimestamp });
    if (output.kind === 'error' && output.key === key && output.step !== undefined && (output.code === 'condition-failed' || output.code === 'skip-target-missing')) {
      result.push({ kind: 'error', code: output.code, step: output.step, message: output.message, timestamp: output.timestamp ?? 0, ...(output.events === undefined ? {} : { events: output.events }) });
    }
  }
  return result;
}

describe('keyed runtime agrees with the reference matcher per key', () => {
  for (const [name, bias] of [
    ['balanced patterns', BALANCED],
    ['negation-heavy patterns', NEGATION_HEAVY],
  ] as const) {
    it(name, () => {
      fc.assert(
        fc.property(patternSpecArb(bias), keyedStreamArb, (spec, stream) => {
          const model = modelOf(spec);
          const engine = new CepEngine<KeyedEv>({ patterns: [{ name: 'p', pattern: model as never, keyBy: 'key' }], time: { mode: 'event', timestamp: 'ts' } });
          const outputs = [...stream.flatMap((record) => engine.push(record)), ...engine.flush()];
          for (const key of new Set(stream.map((record) => record.key))) {
            const actual = ofKey(outputs, key);
            const alone = stream.filter((record) => record.key === key).map((event) => ({ event: event as Ev, timestamp: event.ts }));
            const expected = referenceMatches(model, alone, { endTime: Infinity, tieBreak: followMatcher(actual), throughDeadlines: true });
            expect(canonical(actual), `${formatSpec(spec)}\nkey ${key}`).toEqual(canonical(expected));
          }
          expect(engine.liveKeys).toBe(spec.withinMs === null ? engine.liveKeys : 0);
        }),
        { numRuns: 200, seed: 3 },
      );
    });
  }
});
