// The public oracle: referenceMatches on any pattern form, and the engine-vs-reference property
// for a user's own pattern — passing on the engine, failing with a readable report when the
// engine and the oracle see different conditions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AfterMatchSkipStrategy, definePatterns, Pattern, predicate, type PatternModel } from '../../src/index.js';
import {
  assertAgreesWithReference,
  compareWithReference,
  eventStream,
  keyedAbcEvents,
  patternRecipe,
  PropertyFailure,
  recipeToModel,
  referenceMatches,
  referenceProperty,
  timedEvents,
  type KeyedAbcEvent,
} from '../../src/testing/index.js';
import { canonicalOutputs } from '../../src/testing/compare-outputs.js';

type Ev = { ts: number; user: string; kind: string };
const ev = (ts: number, user: string, kind: string): Ev => ({ ts, user, kind });
const ab = Pattern.begin<Ev>('a').where((e) => e.kind === 'a').followedBy('b').where((e) => e.kind === 'b').within(10);

describe('referenceMatches', () => {
  it('takes a fluent pattern, a model or a definition, over { event, timestamp } items', () => {
    const events = timedEvents([ev(4, 'u', 'b'), ev(1, 'u', 'a')], 'ts');
    expect(events.map((e) => e.timestamp)).toEqual([1, 4]);
    const fromFluent = referenceMatches(ab, events, { endTime: Infinity });
    expect(fromFluent).toEqual([{ kind: 'match', events: { a: [ev(1, 'u', 'a')], b: [ev(4, 'u', 'b')] }, startTimestamp: 1, endTimestamp: 4 }]);
    expect(referenceMatches(ab.toModel(), events, { endTime: Infinity })).toEqual(fromFluent);
    const [definition] = definePatterns('pattern p { within 10 ms begin a where kind == "a" followed by b where kind == "b" }');
    expect(referenceMatches(definition!, events as never, { endTime: Infinity })).toEqual(fromFluent);
  });
});

describe('compareWithReference', () => {
  it('finds nothing to report for the engine on keyed, disordered and late input', () => {
    const records = [ev(1, 'u1', 'a'), ev(3, 'u2', 'a'), ev(2, 'u1', 'b'), ev(9, 'u1', 'a'), ev(0, 'u2', 'b'), ev(30, 'u2', 'b')];
    expect(compareWithReference(ab, records, { keyBy: 'user', timestamp: 'ts', maxOutOfOrderness: 1 })).toBeNull();
  });

  it('reports the key, what only one side found, and both sides as tables', () => {
    // A condition with a memory: true for its first two calls only. The engine runs first and
    // uses them up, so the reference (run second) sees it false: they must disagree.
    let calls = 0;
    const model: PatternModel<Ev> = {
      ...ab.toModel(),
      steps: ab.toModel().steps.map((step, i) => (i === 0 ? { ...step, condition: predicate<Ev>(() => ++calls <= 2, 'first two calls') } : step)),
    } as PatternModel<Ev>;
    const mismatch = compareWithReference(model, [ev(1, 'u1', 'a'), ev(2, 'u1', 'b')], { keyBy: 'user', timestamp: 'ts' });
    expect(mismatch).not.toBeNull();
    expect(mismatch!.key).toBe('u1');
    expect(mismatch!.actual.matches).toEqual(['a=#0 b=#1']);
    expect(mismatch!.expected.matches).toEqual([]);
    expect(mismatch!.message).toContain('key "u1": the engine and the reference matcher disagree');
    expect(mismatch!.message).toContain('only the engine:    match a=#0 b=#1');
    expect(mismatch!.message).toContain('  #  ts  user  kind\n  0   1  u1    a');
  });
});

describe('compareWithReference on records shaped { event, timestamp }', () => {
  it('names them by their own rows, as the engine reads them whole', () => {
    type Click = { event: string; timestamp: number };
    const clicks = Pattern.begin<Click>('a').where((e) => e.event === 'a').followedBy('b').where((e) => e.event === 'b');
    let calls = 0;
    const model: PatternModel<Click> = {
      ...clicks.toModel(),
      steps: clicks.toModel().steps.map((step, i) => (i === 0 ? { ...step, condition: predicate<Click>((e) => e.event === 'a' && ++calls <= 1, 'first a only') } : step)),
    } as PatternModel<Click>;
    const records: Click[] = [
      { event: 'a', timestamp: 1 },
      { event: 'b', timestamp: 2 },
    ];
    const mismatch = compareWithReference(model, records, { timestamp: 'timestamp' });
    expect(mismatch).not.toBeNull();
    expect(mismatch!.actual.matches).toEqual(['a=#0 b=#1']);
    expect(mismatch!.message).toContain('only the engine:    match a=#0 b=#1');
  });
});

describe('referenceProperty', () => {
  it('holds for the engine on random recipes and keyed streams (a sample of the engine-level suites)', () => {
    fc.assert(
      fc.property(patternRecipe(), keyedAbcEvents({ keys: ['k1', 'k2'], maxLength: 16, jitter: 1 }), (recipe, stream) => {
        const mismatch = compareWithReference<KeyedAbcEvent>(recipeToModel(recipe), stream, { keyBy: 'key', timestamp: 'ts', maxOutOfOrderness: 1 });
        expect(mismatch?.message ?? null).toBeNull();
      }),
      { seed: 8, numRuns: 150 },
    );
  });

  it('holds for a skip strategy pattern with assertAgreesWithReference', () => {
    const burst = Pattern.begin<Ev>('as', AfterMatchSkipStrategy.skipPastLastEvent()).where((e) => e.kind === 'a').timesOrMore(2).next('b').where((e) => e.kind === 'b').within(8);
    const stream = eventStream({ fields: { kind: fc.constantFrom('a', 'b', 'c') }, keys: { field: 'user', values: ['u1', 'u2'] }, time: { field: 'ts', gap: { min: 0, max: 3 } }, maxLength: 16 });
    assertAgreesWithReference(burst, stream, { keyBy: 'user', timestamp: 'ts' }, { seed: 9, numRuns: 100 });
  });

  it('fails with the shrunk stream as a table when the engine and the oracle disagree', () => {
    let calls = 0;
    const flaky: PatternModel<Ev> = { ...ab.toModel(), steps: ab.toModel().steps.map((step, i) => (i === 1 ? { ...step, condition: predicate<Ev>((e) => e.kind === 'b' && ++calls % 2 === 1, 'every other b') } : step)) } as PatternModel<Ev>;
    const stream = eventStream({ fields: { kind: fc.constantFrom('a', 'b') }, keys: { field: 'user', values: ['u1'] }, time: { field: 'ts', gap: { min: 0, max: 2 } }, maxLength: 8 });
    let failure: unknown;
    try {
      assertAgreesWithReference(flaky, stream, { keyBy: 'user', timestamp: 'ts' }, { seed: 3, numRuns: 100 });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(PropertyFailure);
    const message = (failure as PropertyFailure).message;
    expect(message).toMatch(/^Property failed after \d+ runs? \(seed 3, path "[\d:]+", shrunk \d+ times?\)\./);
    expect(message).toMatch(/Counter-example:\n  \d+ events?:\n/);
    expect(message).toMatch(/#\s+ts\s+user\s+kind/);
    expect(message).toContain('the engine and the reference matcher disagree');
    expect(message).toMatch(/Replay it with \{ seed: 3, path: "[\d:]+", endOnFailure: true \}\./);
    expect(referenceProperty(ab, stream, { keyBy: 'user', timestamp: 'ts' })).toBeDefined();
  });
});

describe('compareWithReference on checks that could not fail', () => {
  const stream = [ev(0, 'u', 'a'), ev(1, 'u', 'b'), ev(2, 'u', 'a')];

  it('refuses a stream the engine could read none of (an option naming the wrong field), instead of agreeing about nothing', () => {
    expect(() => compareWithReference(ab, stream, { keyBy: 'user' })).toThrow(
      "the engine could read none of the 3 records, so there is nothing to compare (first: bad-timestamp: timestamp field 'timestamp' is missing); check the options' timestamp and keyBy against the stream's fields",
    );
    expect(() => compareWithReference(ab, stream, { keyBy: 'usr', timestamp: 'ts' })).toThrow(/could read none of the 3 records, .*bad-key: pattern 'pattern': key field 'usr' is missing/);
    // Some unreadable records among readable ones may be what the test is about: compared as usual.
    expect(compareWithReference(ab, [...stream, { user: 'u', kind: 'b' }], { keyBy: 'user', timestamp: 'ts' })).toBeNull();
  });

  it('a timeout the engine reported twice is a mismatch, not the same set', () => {
    const timeout = { kind: 'timeout' as const, events: { a: [ev(0, 'u', 'a')] }, startTimestamp: 0, timeoutTimestamp: 10 };
    const name = (e: Ev) => `${e.kind}${e.ts}`;
    expect(canonicalOutputs([timeout, timeout], name, false).timeouts).toEqual(['a=a0 @10', 'a=a0 @10']);
    expect(canonicalOutputs([timeout, timeout], name).timeouts).toEqual(['a=a0 @10']);
  });

  it('a condition that throws is named as what stopped the reference, not passed on as the user\'s bare error', () => {
    const throwing = Pattern.begin<Ev>('a')
      .where((e) => {
        if (e.kind === 'x') throw new Error('boom');
        return e.kind === 'a';
      })
      .followedBy('b')
      .where((e) => e.kind === 'b');
    expect(() => compareWithReference(throwing, [ev(0, 'u', 'a'), ev(1, 'u', 'x')], { keyBy: 'user', timestamp: 'ts' })).toThrow(
      'the reference matcher stopped on a condition that threw (boom); it needs conditions that answer for every event, where the engine reports condition-failed errors and goes on',
    );
  });
});
