// Shared helpers of the DSL suites: load text that must be valid, list the problems of text that
// must not be, describe definitions as text, and compare models without their functions.
import { expect } from 'vitest';
import type { Condition } from '../../src/pattern/condition.js';
import type { PatternModel, Step } from '../../src/pattern/model.js';
import type { PatternDefinition } from '../../src/dsl/definition.js';
import { dumpPatternModel } from '../../src/dsl/model-dump.js';
import { parsePatterns } from '../../src/dsl/parse-patterns.js';
import { renderDiagnostics } from '../../src/dsl/render-diagnostics.js';

/** Parses text that must load without problems; fails the test with the rendered problems otherwise. */
export function load(text: string): PatternDefinition[] {
  const result = parsePatterns(text, { file: 'test.cep' });
  expect(renderDiagnostics(result.diagnostics, new Map([['test.cep', text]]))).toBe('');
  return [...result.definitions];
}

/** The only pattern of text that must load. */
export function loadOne(text: string): PatternDefinition {
  const definitions = load(text);
  expect(definitions).toHaveLength(1);
  return definitions[0]!;
}

/** Each problem of the text as `line:column message`, with ` (did you mean X?)` when suggested. */
export function problems(text: string): string[] {
  return parsePatterns(text, { file: 'test.cep' }).diagnostics.map(
    (d) => `${d.line}:${d.column} ${d.message}${d.suggestion === undefined ? '' : ` (did you mean '${d.suggestion}'?)`}`,
  );
}

/** A definition as text: its settings line, then the model dump. */
export function describeDefinition(definition: PatternDefinition): string {
  const settings = [
    definition.keyBy === null ? null : `key ${definition.keyBy}`,
    definition.timeField === null ? null : `time ${definition.timeField}`,
    definition.eventType === null ? null : `on ${definition.eventType.name}`,
  ].filter((s) => s !== null);
  return [`pattern ${definition.name}${settings.map((s) => `, ${s}`).join('')}`, dumpPatternModel(definition.model)].join('\n');
}

/** A model with its functions replaced by `null`, for structural comparison with toEqual. */
export function withoutFunctions<E>(model: PatternModel<E>): unknown {
  return { ...model, steps: model.steps.map(stepWithoutFunctions) };
}

function stepWithoutFunctions<E>(step: Step<E>): unknown {
  const until = step.until === null ? null : conditionWithoutFunctions(step.until);
  if (step.kind === 'group') return { ...step, until, steps: step.steps.map(stepWithoutFunctions) };
  return { ...step, until, condition: conditionWithoutFunctions(step.condition) };
}

function conditionWithoutFunctions<E>(condition: Condition<E>): unknown {
  switch (condition.kind) {
    case 'true':
      return condition;
    case 'predicate':
      return { ...condition, test: null };
    case 'and':
    case 'or':
      return { ...condition, left: conditionWithoutFunctions(condition.left), right: conditionWithoutFunctions(condition.right) };
    case 'not':
      return { ...condition, operand: conditionWithoutFunctions(condition.operand) };
  }
}
