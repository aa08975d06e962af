// Retained state is bounded by the window: once the window has passed for every event, the
// matcher holds no partial matches, no held matches and therefore no events.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Matcher } from '../../src/nfa/matcher.js';
import { nodesOf } from '../../src/nfa/partial-match.js';
import { abcEvents, BALANCED_RECIPES, NEGATION_HEAVY_RECIPES, patternRecipe, recipeToModel } from '../../src/testing/index.js';

describe('bounded state', () => {
  for (const [name, bias] of [
    ['balanced patterns', BALANCED_RECIPES],
    ['negation-heavy patterns', NEGATION_HEAVY_RECIPES],
  ] as const) {
    it(`${name}: nothing is retained after every window has passed`, () => {
      fc.assert(
        fc.property(
          patternRecipe(bias).filter((spec) => spec.withinMs !== null),
          abcEvents({ maxLength: 30 }),
          (spec, stream) => {
            const matcher = new Matcher(recipeToModel(spec));
            for (const { event, timestamp } of stream) {
              matcher.push(event, timestamp);
              // While running, what is retained is only events inside some partial match's window.
              for (const run of matcher.state.runs) {
                for (const node of nodesOf(run.last)) expect(timestamp - node.timestamp).toBeLessThan(spec.withinMs!);
              }
            }
            const last = stream.at(-1)?.timestamp ?? 0;
            matcher.advanceTime(last + spec.withinMs!);
            expect(matcher.state.runs).toEqual([]);
            expect(matcher.state.held).toEqual([]);
          },
        ),
        { numRuns: 300, seed: 77 },
      );
    });
  }
});
