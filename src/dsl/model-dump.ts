// A text dump of a pattern model, showing every field and the shape of each condition tree.
// Golden tests of the DSL pin these dumps; it also shows what a .cep pattern became.
import { assertNever, type Condition } from '../pattern/condition.js';
import { formatMilliseconds } from '../pattern/duration.js';
import { describeStepWindow, formatQuantifier, windowOfStep, type PatternModel, type Step } from '../pattern/model.js';
import { formatSkipStrategy } from '../pattern/skip-strategy.js';

/**
 * Dumps a model, e.g.
 *
 * ```text
 * window 15 minutes, skip noSkip()
 * begin created
 *   where type == "created"
 * followedBy paid
 *   where and(type == "paid", amount == created.amount)
 * ```
 *
 * Each step line shows its connection, name, non-default quantifier and flags, and its own window
 * (`within 5 minutes of previous`); condition trees
 * print as `and(…)`, `or(…)`, `not(…)` around the leaves' labels.
 */
export function dumpPatternModel(model: PatternModel<unknown>): string {
  const window = model.withinMs === null ? 'no window' : `window ${formatMilliseconds(model.withinMs)}`;
  return [`${window}, skip ${formatSkipStrategy(model.skip)}`, ...dumpSteps(model.steps, '')].join('\n');
}

function dumpSteps(steps: readonly Step<unknown>[], indent: string): string[] {
  return steps.flatMap((step) => {
    const window = windowOfStep(step);
    const flags = [
      step.quantifier.kind === 'once' ? null : formatQuantifier(step.quantifier),
      step.optional ? 'optional' : null,
      step.greedy ? 'greedy' : null,
      step.consecutive ? 'consecutive' : null,
      step.allowCombinations ? 'allowCombinations' : null,
      window === null ? null : describeStepWindow(window),
    ].filter((flag): flag is string => flag !== null);
    const head = `${indent}${step.connection} ${step.kind === 'group' ? 'group ' : ''}${step.name}${flags.map((f) => `, ${f}`).join('')}`;
    const lines = [head];
    if (step.kind === 'event' && step.condition.kind !== 'true') lines.push(`${indent}  where ${dumpCondition(step.condition)}`);
    if (step.until !== null) lines.push(`${indent}  until ${dumpCondition(step.until)}`);
    if (step.kind === 'group') lines.push(...dumpSteps(step.steps, `${indent}  `));
    return lines;
  });
}

/** `and(a, or(b, not(c)))` around leaf labels. */
export function dumpCondition(condition: Condition<unknown>): string {
  switch (condition.kind) {
    case 'true':
      return 'true';
    case 'predicate':
      return condition.label;
    case 'and':
    case 'or':
      return `${condition.kind}(${dumpCondition(condition.left)}, ${dumpCondition(condition.right)})`;
    case 'not':
      return `not(${dumpCondition(condition.operand)})`;
    default:
      return assertNever(condition);
  }
}
