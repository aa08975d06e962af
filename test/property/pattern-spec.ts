// Random patterns for the property suites, as plain data (condition names, not functions) so that
// fast-check prints a counter-example that can be pasted back, then built into a PatternModel.
import fc from 'fast-check';
import { predicate, TRUE_CONDITION, type Condition } from '../../src/pattern/condition.js';
import type { Connection, EventStep, PatternModel, Quantifier } from '../../src/pattern/model.js';
import type { SkipStrategy } from '../../src/pattern/skip-strategy.js';
import { validatePattern } from '../../src/pattern/validate.js';
import { layoutOf } from '../../src/reference/pattern-layout.js';

/** The events of random streams. */
export interface Ev {
  readonly id: string;
  readonly type: 'a' | 'b' | 'c';
  readonly v: number;
}

/** Named conditions over {@link Ev}; two are iterative (they read the partial match). */
export const CONDITIONS = ['isA', 'isB', 'isC', 'notA', 'high', 'low', 'any', 'aboveLastOfPrevious', 'aboveLastOfOwn'] as const;
export type ConditionName = (typeof CONDITIONS)[number];

export interface StepSpec {
  readonly connection: Connection;
  readonly quantifier: Quantifier;
  readonly optional: boolean;
  readonly greedy: boolean;
  readonly consecutive: boolean;
  readonly allowCombinations: boolean;
  readonly until: ConditionName | null;
  readonly condition: ConditionName;
}

export interface PatternSpec {
  readonly steps: readonly StepSpec[];
  readonly withinMs: number | null;
  readonly skip: SkipStrategy;
}

const last = <T>(list: readonly T[]): T | undefined => list[list.length - 1];

/**
 * Builds a named condition for step `index`. `aboveLastOfPrevious`: v greater than the last event
 * of the closest earlier non-negation step (true if it has none); `aboveLastOfOwn`: v greater than
 * the step's own last event (true before its first).
 */
export function conditionOf(name: ConditionName, steps: readonly StepSpec[], index: number): Condition<Ev> {
  const stepName = (i: number): string => `s${i}`;
  switch (name) {
    case 'isA':
      return predicate((e: Ev) => e.type === 'a', 'isA');
    case 'isB':
      return predicate((e: Ev) => e.type === 'b', 'isB');
    case 'isC':
      return predicate((e: Ev) => e.type === 'c', 'isC');
    case 'notA':
      return predicate((e: Ev) => e.type !== 'a', 'notA');
    case 'high':
      return predicate((e: Ev) => e.v > 4, 'high');
    case 'low':
      return predicate((e: Ev) => e.v < 3, 'low');
    case 'any':
      return TRUE_CONDITION;
    case 'aboveLastOfPrevious': {
      let previous = index - 1;
      while (previous >= 0 && isNegationConnection(steps[previous]!.connection)) previous--;
      if (previous < 0) return TRUE_CONDITION;
      const of = stepName(previous);
      return predicate((e: Ev, ctx) => e.v > (last(ctx.eventsFor(of))?.v ?? -1), `v > last(${of})`);
    }
    case 'aboveLastOfOwn': {
      const of = stepName(index);
      return predicate((e: Ev, ctx) => e.v > (last(ctx.eventsFor(of))?.v ?? -1), `v > last(${of})`);
    }
  }
}

function isNegationConnection(connection: Connection): boolean {
  return connection === 'notNext' || connection === 'notFollowedBy';
}

/** The model a spec stands for; steps are named s0, s1, … */
export function modelOf(spec: PatternSpec): PatternModel<Ev> {
  const steps: EventStep<Ev>[] = spec.steps.map((step, index) => ({
    kind: 'event',
    name: `s${index}`,
    connection: step.connection,
    quantifier: step.quantifier,
    optional: step.optional,
    greedy: step.greedy,
    consecutive: step.consecutive,
    allowCombinations: step.allowCombinations,
    until: step.until === null ? null : conditionOf(step.until, spec.steps, index),
    condition: conditionOf(step.condition, spec.steps, index),
  }));
  return { steps, withinMs: spec.withinMs, skip: spec.skip };
}

/** A spec in the fluent vocabulary, for failure messages. */
export function formatSpec(spec: PatternSpec): string {
  const steps = spec.steps.map((step, i) => {
    const q = step.quantifier;
    const parts = [`${step.connection}('s${i}').where(${step.condition})`];
    if (q.kind === 'times') parts.push(`times(${q.min}, ${q.max})`);
    if (q.kind === 'loop') parts.push(`timesOrMore(${q.min})`);
    if (step.optional) parts.push('optional()');
    if (step.greedy) parts.push('greedy()');
    if (step.consecutive) parts.push('consecutive()');
    if (step.allowCombinations) parts.push('allowCombinations()');
    if (step.until !== null) parts.push(`until(${step.until})`);
    return parts.join('.');
  });
  const skip = spec.skip.kind === 'skipToFirst' || spec.skip.kind === 'skipToLast'
    ? `${spec.skip.kind}('${spec.skip.step}'${spec.skip.throwOnMiss ? ', throwOnMiss' : ''})`
    : spec.skip.kind;
  return `${steps.join('\n  .')}${spec.withinMs === null ? '' : `\n  .within(${spec.withinMs})`}   [${skip}]`;
}

const conditionArb = fc.constantFrom(...CONDITIONS);

const quantifierArb: fc.Arbitrary<Quantifier> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'once' } as const) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 0, max: 2 }))
      .map(([min, extra]) => ({ kind: 'times', min, max: min + extra }) as const),
  },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 2 }).map((min) => ({ kind: 'loop', min }) as const) },
);

/** How random patterns lean: which connections are likely, how often steps are optional. */
export interface SpecBias {
  readonly stepCounts: readonly number[];
  /** Connections of later steps, repeated to weigh them. */
  readonly connections: readonly Connection[];
  /** Chance (0–1) that a non-negation step is optional. */
  readonly optional: number;
}

/** Every feature at a moderate rate. */
export const BALANCED: SpecBias = {
  stepCounts: [1, 2, 2, 3, 3, 4, 4, 4],
  connections: ['next', 'followedBy', 'followedBy', 'followedByAny', 'notNext', 'notFollowedBy'],
  optional: 0.25,
};

/** Negations in the middle of the pattern, followed by optional and repeated steps. */
export const NEGATION_HEAVY: SpecBias = {
  stepCounts: [3, 4, 4],
  connections: ['next', 'followedBy', 'followedBy', 'followedByAny', 'notNext', 'notFollowedBy', 'notFollowedBy', 'notFollowedBy'],
  optional: 0.5,
};

const stepArb = (first: boolean, bias: SpecBias): fc.Arbitrary<StepSpec> =>
  fc
    .record({
      connection: first ? fc.constant<Connection>('begin') : fc.constantFrom<Connection>(...bias.connections),
      quantifier: quantifierArb,
      optional: fc.integer({ min: 0, max: 99 }).map((n) => n < bias.optional * 100),
      greedy: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      inner: fc.constantFrom('relaxed', 'relaxed', 'consecutive', 'allowCombinations'),
      until: fc.option(conditionArb, { freq: 3 }),
      condition: conditionArb,
    })
    .map(({ inner, ...step }): StepSpec => {
      const negation = isNegationConnection(step.connection);
      const repeated = step.quantifier.kind !== 'once' && !negation;
      return {
        ...step,
        quantifier: negation ? { kind: 'once' } : step.quantifier,
        optional: !negation && step.optional,
        greedy: repeated && step.greedy,
        consecutive: repeated && inner === 'consecutive',
        allowCombinations: repeated && inner === 'allowCombinations',
        until: step.quantifier.kind === 'loop' && !negation ? step.until : null,
      };
    });

const skipArb = (stepCount: number): fc.Arbitrary<SkipStrategy> =>
  fc.oneof(
    fc.constant({ kind: 'noSkip' } as const),
    fc.constant({ kind: 'skipToNext' } as const),
    fc.constant({ kind: 'skipPastLastEvent' } as const),
    fc
      .record({
        kind: fc.constantFrom('skipToFirst' as const, 'skipToLast' as const),
        step: fc.integer({ min: 0, max: stepCount - 1 }).map((i) => `s${i}`),
        throwOnMiss: fc.boolean(),
      })
      .map((s): SkipStrategy => s),
  );

/** Random valid pattern specs: 1–4 steps, any connection and quantifier, optional window and skip. */
export const patternSpecArb = (bias: SpecBias = BALANCED): fc.Arbitrary<PatternSpec> =>
  fc
    .constantFrom(...bias.stepCounts)
    .chain((count) =>
      fc.record({
        steps: fc.tuple(...Array.from({ length: count }, (_, i) => stepArb(i === 0, bias))),
        withinMs: fc.option(fc.integer({ min: 1, max: 8 }), { freq: 2 }),
        skip: skipArb(count),
      }),
    )
    .filter((spec) => validatePattern(modelOf(spec)).length === 0 && !flinkCrashes(spec));

/**
 * Flink's compiler builds an edge to a state it never registered when an optional greedy loop
 * with `until` has a `notFollowedBy` ban before it (NFACompiler: `originalStateMap.get(...)` of
 * the uncopied state is null), so Flink fails at runtime there: no semantics to compare against.
 */
function flinkCrashes(spec: PatternSpec): boolean {
  const { bansBefore } = layoutOf(modelOf(spec));
  return spec.steps.some(
    (step, i) => step.optional && step.greedy && step.until !== null && step.quantifier.kind === 'loop' && bansBefore[i]!.length > 0,
  );
}

/** A timestamped input event. */
export interface Input {
  readonly event: Ev;
  readonly timestamp: number;
}

/** Random streams: up to `maxLength` events with non-decreasing timestamps (gaps of 0–3 ms). */
export const streamArb = (maxLength: number): fc.Arbitrary<Input[]> =>
  fc
    .array(fc.record({ type: fc.constantFrom('a' as const, 'b' as const, 'c' as const), v: fc.integer({ min: 0, max: 9 }), gap: fc.integer({ min: 0, max: 3 }) }), {
      maxLength,
    })
    .map((raw) => {
      let timestamp = 0;
      return raw.map(({ type, v, gap }, i) => {
        timestamp += i === 0 ? 0 : gap;
        return { event: { id: `e${i}`, type, v }, timestamp };
      });
    });
