// The keyed runtime agrees with the reference matcher key by key: running a pattern through
// CepEngine over an interleaved keyed stream gives, for each key, what the reference gives on
// that key's events alone — with time passing every window end in turn, as the runtime's timers
// make it (Flink applies one advance per watermark; see the README on where Cepheus differs).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceMatches } from '../../src/reference/reference-matcher.js';
import { CepEngine } from '../../src/index.js';
import {
  BALANCED_RECIPES,
  canonicalOutputs,
  followMatcher,
  formatRecipe,
  keyedAbcEvents,
  NEGATION_HEAVY_RECIPES,
  outputsOfKey,
  patternRecipe,
  recipeToModel,
  type AbcEvent,
  type KeyedAbcEvent,
} from '../../src/testing/index.js';

const byId = (e: AbcEvent): string => e.id;

describe('keyed runtime agrees with the reference matcher per key', () => {
  for (const [name, bias] of [
    ['balanced patterns', BALANCED_RECIPES],
    ['negation-heavy patterns', NEGATION_HEAVY_RECIPES],
  ] as const) {
    it(name, () => {
      fc.assert(
        fc.property(patternRecipe(bias), keyedAbcEvents({ maxLength: 24 }), (spec, stream) => {
          const model = recipeToModel(spec);
          const engine = new CepEngine<KeyedAbcEvent>({ patterns: [{ name: 'p', pattern: model, keyBy: 'key' }], time: { mode: 'event', timestamp: 'ts' } });
          const outputs = [...stream.flatMap((record) => engine.push(record)), ...engine.flush()];
          for (const key of new Set(stream.map((record) => record.key))) {
            const actual = outputsOfKey(outputs, 'p', key);
            const alone = stream.filter((record) => record.key === key).map((event) => ({ event, timestamp: event.ts }));
            const expected = referenceMatches<AbcEvent>(model, alone, { endTime: Infinity, tieBreak: followMatcher<AbcEvent>(actual, byId), throughDeadlines: true });
            expect(canonicalOutputs(actual, byId), `${formatRecipe(spec)}\nkey ${key}`).toEqual(canonicalOutputs(expected, byId));
          }
          expect(engine.liveKeys).toBe(spec.withinMs === null ? engine.liveKeys : 0);
        }),
        { numRuns: 200, seed: 3 },
      );
    });
  }
});
