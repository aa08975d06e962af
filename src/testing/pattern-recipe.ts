// Random valid patterns for engine-level suites, as plain data (condition names, not functions):
// fast-check prints a failing recipe as text that can be pasted back, and it shrinks step by step.
import fc from 'fast-check';
import { predicate, TRUE_CONDITION, type Condition } from '../pattern/condition.js';
import type { Connection, EventStep, PatternModel, Quantifier } from '../pattern/model.js';
import type { SkipStrategy } from '../pattern/skip-strategy.js';
import { validatePattern } from '../pattern/validate.js';
import { layoutOf } from '../reference/pattern-layout.js';

/** The events random patterns are written against: a type `a` / `b` / `c` and a value 0–9. */
export interface AbcEvent {
  /** Names the event in outputs and tables (`e0`, `e1`, …); conditions never read it. */
  readonly id: string;
  readonly type: 'a' | 'b' | 'c';
  readonly v: number;
}

/**
 * The conditions a recipe step may use, by name. Two are iterative (they read the partial match):
 * `aboveLastOfPrevious` (v greater than the last event of the closest earlier non-negation step,
 * true if there is none) and `aboveLastOfOwn` (v greater than the step's own last event).
 */
export const RECIPE_CONDITIONS = ['isA', 'isB', 'isC', 'notA', 'high', 'low', 'any', 'aboveLastOfPrevious', 'aboveLastOfOwn'] as const;

/** One of {@link RECIPE_CONDITIONS}. */
export type RecipeCondition = (typeof RECIPE_CONDITIONS)[number];

/** One step of a {@link PatternRecipe}: the model's step fields, with a condition by name. */
export interface StepRecipe {
  readonly connection: Connection;
  readonly quantifier: Quantifier;
  readonly optional: boolean;
  readonly greedy: boolean;
  readonly consecutive: boolean;
  readonly allowCombinations: boolean;
  readonly until: RecipeCondition | null;
  readonly condition: RecipeCondition;
  /** The step's own window (`within(ms, 'previous-and-current')`); absent or `null` for none. */
  readonly withinPreviousMs?: number | null;
}

/** A random pattern as plain data; {@link recipeToModel} builds it (steps are named s0, s1, …). */
export interface PatternRecipe {
  readonly steps: readonly StepRecipe[];
  readonly withinMs: number | null;
  readonly skip: SkipStrategy;
}

/** How random recipes lean: how many steps, which connections, how often a step is optional. */
export interface RecipeBias {
  /** Step counts to draw from (repeat one to weigh it). */
  readonly stepCounts: readonly number[];
  /** Connections of the steps after the first, repeated to weigh them. */
  readonly connections: readonly Connection[];
  /** Chance (0–1) that a non-negation step is optional. */
  readonly optional: number;
}

/** Every feature at a moderate rate: 1–4 steps, every connection, a quarter of steps optional. */
export const BALANCED_RECIPES: RecipeBias = {
  stepCounts: [1, 2, 2, 3, 3, 4, 4, 4],
  connections: ['next', 'followedBy', 'followedBy', 'followedByAny', 'notNext', 'notFollowedBy'],
  optional: 0.25,
};

/** Negations in the middle of the pattern, followed by optional and repeated steps. */
export const NEGATION_HEAVY_RECIPES: RecipeBias = {
  stepCounts: [3, 4, 4],
  connections: ['next', 'followedBy', 'followedBy', 'followedByAny', 'notNext', 'notFollowedBy', 'notFollowedBy', 'notFollowedBy'],
  optional: 0.5,
};

const last = <T>(list: readonly T[]): T | undefined => list[list.length - 1];

/** The condition a name stands for at step `index` of `steps` (see {@link RECIPE_CONDITIONS}). */
export function recipeCondition(name: RecipeCondition, steps: readonly StepRecipe[], index: number): Condition<AbcEvent> {
  switch (name) {
    case 'isA':
      return predicate((e: AbcEvent) => e.type === 'a', 'isA');
    case 'isB':
      return predicate((e: AbcEvent) => e.type === 'b', 'isB');
    case 'isC':
      return predicate((e: AbcEvent) => e.type === 'c', 'isC');
    case 'notA':
      return predicate((e: AbcEvent) => e.type !== 'a', 'notA');
    case 'high':
      return predicate((e: AbcEvent) => e.v > 4, 'high');
    case 'low':
      return predicate((e: AbcEvent) => e.v < 3, 'low');
    case 'any':
      return TRUE_CONDITION;
    case 'aboveLastOfPrevious': {
      let previous = index - 1;
      while (previous >= 0 && isNegationConnection(steps[previous]!.connection)) previous--;
      if (previous < 0) return TRUE_CONDITION;
      const of = `s${previous}`;
      return predicate((e: AbcEvent, ctx) => e.v > (last(ctx.eventsFor(of))?.v ?? -1), `v > last(${of})`);
    }
    case 'aboveLastOfOwn': {
      const of = `s${index}`;
      return predicate((e: AbcEvent, ctx) => e.v > (last(ctx.eventsFor(of))?.v ?? -1), `v > last(${of})`);
    }
  }
}

function isNegationConnection(connection: Connection): boolean {
  return connection === 'notNext' || connection === 'notFollowedBy';
}

/** The pattern model a recipe stands for; steps are named s0, s1, … */
export function recipeToModel(recipe: PatternRecipe): PatternModel<AbcEvent> {
  const steps: EventStep<AbcEvent>[] = recipe.steps.map((step, index) => ({
    kind: 'event',
    name: `s${index}`,
    connection: step.connection,
    quantifier: step.quantifier,
    optional: step.optional,
    greedy: step.greedy,
    consecutive: step.consecutive,
    allowCombinations: step.allowCombinations,
    until: step.until === null ? null : recipeCondition(step.until, recipe.steps, index),
    condition: recipeCondition(step.condition, recipe.steps, index),
    ...(step.withinPreviousMs == null ? {} : { withinPreviousMs: step.withinPreviousMs }),
  }));
  return { steps, withinMs: recipe.withinMs, skip: recipe.skip };
}

/** A recipe in the fluent vocabulary, e.g. `begin('s0').where(isA)\n  .next('s1').where(high)  [noSkip]`. */
export function formatRecipe(recipe: PatternRecipe): string {
  const steps = recipe.steps.map((step, i) => {
    const q = step.quantifier;
    const parts = [`${step.connection}('s${i}').where(${step.condition})`];
    if (q.kind === 'times') parts.push(`times(${q.min}, ${q.max})`);
    if (q.kind === 'loop') parts.push(`timesOrMore(${q.min})`);
    if (step.optional) parts.push('optional()');
    if (step.greedy) parts.push('greedy()');
    if (step.consecutive) parts.push('consecutive()');
    if (step.allowCombinations) parts.push('allowCombinations()');
    if (step.until !== null) parts.push(`until(${step.until})`);
    if (step.withinPreviousMs != null) parts.push(`within(${step.withinPreviousMs}, 'previous-and-current')`);
    return parts.join('.');
  });
  const skip =
    recipe.skip.kind === 'skipToFirst' || recipe.skip.kind === 'skipToLast'
      ? `${recipe.skip.kind}('${recipe.skip.step}'${recipe.skip.throwOnMiss ? ', throwOnMiss' : ''})`
      : recipe.skip.kind;
  return `${steps.join('\n  .')}${recipe.withinMs === null ? '' : `\n  .within(${recipe.withinMs})`}   [${skip}]`;
}

const conditionArb = fc.constantFrom(...RECIPE_CONDITIONS);

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

const stepArb = (first: boolean, bias: RecipeBias): fc.Arbitrary<StepRecipe> =>
  fc
    .record({
      connection: first ? fc.constant<Connection>('begin') : fc.constantFrom<Connection>(...bias.connections),
      quantifier: quantifierArb,
      optional: fc.integer({ min: 0, max: 99 }).map((n) => n < bias.optional * 100),
      greedy: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      inner: fc.constantFrom('relaxed', 'relaxed', 'consecutive', 'allowCombinations'),
      until: fc.option(conditionArb, { freq: 3 }),
      condition: conditionArb,
      withinPreviousMs: fc.option(fc.integer({ min: 1, max: 6 }), { freq: 2 }),
    })
    .map(({ inner, ...step }): StepRecipe => {
      // Only combinations validation accepts: modifiers where they mean something.
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

/**
 * Random valid pattern recipes over {@link AbcEvent}: 1–4 steps (per `bias`), every connection,
 * quantifier and modifier, iterative conditions, an optional window of 1–8 ms, per-step windows
 * of 1–6 ms where they apply, and any skip strategy. Every recipe passes validation, and none uses groups, so the reference matcher
 * covers all of them. Build one with {@link recipeToModel}; print it with {@link formatRecipe}.
 */
export function patternRecipe(bias: RecipeBias = BALANCED_RECIPES): fc.Arbitrary<PatternRecipe> {
  return fc
    .constantFrom(...bias.stepCounts)
    .chain((count) =>
      fc.record({
        steps: fc.tuple(...Array.from({ length: count }, (_, i) => stepArb(i === 0, bias))),
        withinMs: fc.option(fc.integer({ min: 1, max: 8 }), { freq: 2 }),
        skip: skipArb(count),
      }),
    )
    .map(withMeaningfulWindows)
    .filter((recipe) => validatePattern(recipeToModel(recipe)).length === 0 && !flinkCrashes(recipe));
}

/**
 * Keeps a step's own window only where validation accepts it (a single-event step after the
 * first, a `notNext`, a trailing `notFollowedBy`), no longer than the pattern's window.
 */
function withMeaningfulWindows(recipe: PatternRecipe): PatternRecipe {
  const lastIndex = recipe.steps.length - 1;
  const steps = recipe.steps.map((step, i): StepRecipe => {
    const window = step.withinPreviousMs ?? null;
    const meaningful = i > 0 && step.quantifier.kind === 'once' && (step.connection !== 'notFollowedBy' || i === lastIndex);
    if (window === null || !meaningful) return { ...step, withinPreviousMs: null };
    return { ...step, withinPreviousMs: recipe.withinMs === null ? window : Math.min(window, recipe.withinMs) };
  });
  return { ...recipe, steps };
}

/**
 * Flink's compiler builds an edge to a state it never registered when an optional greedy loop
 * with `until` has a `notFollowedBy` ban before it (NFACompiler: `originalStateMap.get(...)` of
 * the uncopied state is null), so Flink fails at runtime there: no semantics to compare against.
 */
function flinkCrashes(recipe: PatternRecipe): boolean {
  const { bansBefore } = layoutOf(recipeToModel(recipe));
  return recipe.steps.some(
    (step, i) => step.optional && step.greedy && step.until !== null && step.quantifier.kind === 'loop' && bansBefore[i]!.length > 0,
  );
}

/**
 * Random valid pattern models over {@link AbcEvent}: {@link patternRecipe} built with
 * {@link recipeToModel}. Each model prints as its recipe in fast-check's reports.
 */
export function patternModel(bias: RecipeBias = BALANCED_RECIPES): fc.Arbitrary<PatternModel<AbcEvent>> {
  return patternRecipe(bias).map((recipe) => Object.defineProperty(recipeToModel(recipe), fc.toStringMethod, { value: () => formatRecipe(recipe) }));
}
