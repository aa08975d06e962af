// Random pattern recipes: always valid, covering every feature, printable as fluent text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, type Connection } from '../../src/index.js';
import { BALANCED_RECIPES, formatRecipe, NEGATION_HEAVY_RECIPES, patternModel, patternRecipe, recipeToModel, type PatternRecipe } from '../../src/testing/index.js';

const seed = 5;

describe('patternRecipe', () => {
  it('gives patterns that compile (validation passes), with steps named s0, s1, …', () => {
    fc.assert(
      fc.property(patternRecipe(), (recipe) => {
        const model = recipeToModel(recipe);
        expect(() => compile(model)).not.toThrow();
        expect(model.steps.map((step) => step.name)).toEqual(recipe.steps.map((_, i) => `s${i}`));
        expect(model.steps[0]!.connection).toBe('begin');
      }),
      { seed, numRuns: 200 },
    );
  });

  it('covers every connection, quantifier, modifier, window and skip strategy', () => {
    const recipes = fc.sample(patternRecipe(BALANCED_RECIPES), { seed, numRuns: 400 });
    const steps = recipes.flatMap((recipe) => recipe.steps);
    const connections = new Set(steps.map((step) => step.connection));
    for (const connection of ['begin', 'next', 'followedBy', 'followedByAny', 'notNext', 'notFollowedBy'] satisfies Connection[]) expect(connections).toContain(connection);
    expect(new Set(steps.map((step) => step.quantifier.kind))).toEqual(new Set(['once', 'times', 'loop']));
    for (const flag of ['optional', 'greedy', 'consecutive', 'allowCombinations'] as const) expect(steps.some((step) => step[flag])).toBe(true);
    expect(steps.some((step) => step.until !== null)).toBe(true);
    expect(recipes.some((recipe) => recipe.withinMs === null) && recipes.some((recipe) => recipe.withinMs !== null)).toBe(true);
    expect(new Set(recipes.map((recipe) => recipe.skip.kind))).toEqual(new Set(['noSkip', 'skipToNext', 'skipPastLastEvent', 'skipToFirst', 'skipToLast']));
  });

  it('leans towards negations in the middle with NEGATION_HEAVY_RECIPES', () => {
    const count = (recipes: PatternRecipe[]) => recipes.flatMap((r) => r.steps.slice(1, -1)).filter((s) => s.connection === 'notFollowedBy' || s.connection === 'notNext').length;
    expect(count(fc.sample(patternRecipe(NEGATION_HEAVY_RECIPES), { seed, numRuns: 200 }))).toBeGreaterThan(count(fc.sample(patternRecipe(BALANCED_RECIPES), { seed, numRuns: 200 })));
  });
});

describe('patternModel', () => {
  it('gives compiled-ready models that fast-check prints as their recipe', () => {
    const [model] = fc.sample(patternModel(), { seed, numRuns: 1 });
    expect(() => compile(model!)).not.toThrow();
    expect(fc.stringify(model)).toMatch(/^begin\('s0'\)\.where\(/);
  });
});

describe('formatRecipe', () => {
  it('prints the fluent calls a recipe stands for', () => {
    const recipe: PatternRecipe = {
      steps: [
        { connection: 'begin', quantifier: { kind: 'loop', min: 2 }, optional: false, greedy: true, consecutive: true, allowCombinations: false, until: 'isC', condition: 'isA' },
        { connection: 'next', quantifier: { kind: 'times', min: 1, max: 2 }, optional: true, greedy: false, consecutive: false, allowCombinations: false, until: null, condition: 'high' },
      ],
      withinMs: 5,
      skip: { kind: 'skipToLast', step: 's1', throwOnMiss: true },
    };
    expect(formatRecipe(recipe)).toBe(
      "begin('s0').where(isA).timesOrMore(2).greedy().consecutive().until(isC)\n  .next('s1').where(high).times(1, 2).optional()\n  .within(5)   [skipToLast('s1', throwOnMiss)]",
    );
  });
});
