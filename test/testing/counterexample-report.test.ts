// Failures that read well: shrunk streams as tables, recipes as fluent text, replay parameters.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertPattern, counterexampleReporter, describeValue, eventStream, formatFailure, patternRecipe, PropertyFailure } from '../../src/testing/index.js';

const stream = eventStream({ fields: { kind: fc.constantFrom('a', 'b') }, keys: { field: 'user', values: ['u1', 'u2'] }, time: { field: 'ts', gap: { min: 0, max: 2 } }, maxLength: 10 });

/** Fails on any stream with a `b` of user u2: the smallest counter-example is that one event. */
const noBofU2 = fc.property(stream, fc.nat(5), (events, _n) => !events.some((e) => e.kind === 'b' && e.user === 'u2'));

function failureOf(run: () => void): PropertyFailure {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PropertyFailure);
    return error as PropertyFailure;
  }
  throw new Error('the property was expected to fail');
}

describe('assertPattern', () => {
  it('passes quietly when the property holds', () => {
    expect(() => assertPattern(fc.property(stream, (events) => events.length <= 10), { seed: 1 })).not.toThrow();
  });

  it('prints the shrunk stream as a table, the failure, and how to replay it', () => {
    const failure = failureOf(() => assertPattern(noBofU2, { seed: 42 }));
    const lines = failure.message.split('\n');
    expect(lines[0]).toMatch(/^Property failed after \d+ runs? \(seed 42, path "[\d:]+", shrunk \d+ times?\)\.$/);
    expect(lines.slice(1, 8)).toEqual(['', 'Counter-example:', '  argument 1: 1 event:', '    #  ts  user  kind', '    0   0  u2    b', '  argument 2: 0', '']);
    expect(lines.slice(8, 10)).toEqual(['Failure:', '  Property failed by returning false']);
    expect(lines.at(-1)).toMatch(/^Replay it with \{ seed: 42, path: "[\d:]+", endOnFailure: true \}\.$/);
    expect(failure.seed).toBe(42);
    expect(failure.counterexample[0]).toEqual([{ ts: 0, user: 'u2', kind: 'b' }]);
  });

  it('replays the counter-example from the seed and path', () => {
    const failure = failureOf(() => assertPattern(noBofU2, { seed: 42 }));
    const replayed = failureOf(() => assertPattern(noBofU2, { seed: failure.seed, path: failure.path!, endOnFailure: true }));
    expect(replayed.counterexample).toEqual(failure.counterexample);
  });

  it('keeps the thrown error as the cause and shows its message', () => {
    const failure = failureOf(() =>
      assertPattern(
        fc.property(stream, (events) => {
          if (events.length > 2) throw new RangeError(`too long: ${events.length}`);
        }),
        { seed: 3 },
      ),
    );
    expect(failure.message).toContain('Failure:\n  too long: 3');
    expect(failure.cause).toBeInstanceOf(RangeError);
  });

  it('reports a thrown value that has no text of its own (a null-prototype object)', () => {
    const thrown = Object.create(null) as object;
    const failure = failureOf(() =>
      assertPattern(
        fc.property(stream, (events) => {
          if (events.length > 2) throw thrown;
        }),
        { seed: 3 },
      ),
    );
    expect(failure.message).toContain('Failure:\n  [object Object]');
    expect(failure.cause).toBe(thrown);
  });
});

describe('counterexampleReporter', () => {
  it('is a reporter for fc.assert', () => {
    expect(() => fc.assert(noBofU2, { seed: 42, reporter: counterexampleReporter })).toThrow(/Counter-example:\n {2}argument 1: 1 event:/);
    expect(formatFailure(fc.check(fc.property(fc.nat(), () => true)))).toBeUndefined();
  });
});

describe('describeValue', () => {
  it('prints recipes in the fluent vocabulary, streams as tables and anything else as fast-check does', () => {
    const [recipe] = fc.sample(patternRecipe(), { seed: 2, numRuns: 1 });
    expect(describeValue(recipe)).toMatch(/^pattern:\n {2}begin\('s0'\)\.where\(/);
    expect(describeValue([{ ts: 1, key: 'k' }])).toBe('1 event:\n  #  ts  key\n  0   1  k');
    expect(describeValue([])).toBe('[] (no events)');
    expect(describeValue({ a: [1, 2] })).toBe('{"a":[1,2]}');
  });
});
