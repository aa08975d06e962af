// The formatter: pattern models (and event types) → canonical .cep text. Reading the text back
// gives an equal model, and formatting that model gives the same text again. Conditions print
// from the DSL expressions kept on their predicates; a condition written in code has no text form.
import { assertNever, type Condition } from '../pattern/condition.js';
import { eventStepNames, windowOfStep, type PatternModel, type Quantifier, type Step } from '../pattern/model.js';
import type { SkipStrategy } from '../pattern/skip-strategy.js';
import { parseFieldPath } from '../runtime/record-fields.js';
import type { DslResult } from './analyze.js';
import type { PatternDefinition } from './definition.js';
import { isExpression, type Expr } from './expression.js';
import { formatExpression, type ExpressionNames } from './format-expression.js';
import { formatDurationLiteral, formatName } from './literals.js';
import { formatType, type EventSchema } from './schema.js';

/** What the formatter needs of a definition: a name and a model; the rest is optional. */
export type FormattableDefinition = Pick<PatternDefinition, 'name' | 'model'> & Partial<Pick<PatternDefinition, 'keyBy' | 'timeField' | 'eventType' | 'doc'>>;

/**
 * What to print: event types first (all of `schemas`, else those the patterns use), then the
 * patterns. A {@link DslResult} is one, so `formatPatterns(parsePatterns(text))` reformats a file.
 */
export interface FormatInput {
  readonly definitions: readonly FormattableDefinition[];
  readonly schemas?: ReadonlyMap<string, EventSchema>;
}

/**
 * Prints event types and patterns as canonical `.cep` text. Throws a `RangeError` naming the
 * step when a condition was written in code (a fluent `where(fn)`) and so has no text form.
 */
export function formatPatterns(input: FormatInput): string {
  const schemas = input.schemas === undefined ? uniqueSchemas(input.definitions) : [...input.schemas.values()];
  return [...schemas.map(formatEventType), ...input.definitions.map(formatPattern)].join('\n\n') + '\n';
}

/** Prints one pattern declaration (without its event type's declaration). */
export function formatPattern(definition: FormattableDefinition): string {
  const { model } = definition;
  const names: ExpressionNames = { steps: new Set(eventStepNames(model.steps)) };
  const header = `pattern ${formatName(definition.name)}${definition.eventType ? ` on ${formatName(definition.eventType.name)}` : ''} {`;
  const clauses: string[] = [];
  if (definition.keyBy != null) clauses.push(`key by ${formatPath(definition.keyBy)}`);
  if (definition.timeField != null) clauses.push(`time by ${formatPath(definition.timeField)}`);
  if (model.withinMs !== null) clauses.push(`within ${formatDurationLiteral(model.withinMs)}`);
  if (model.skip.kind !== 'noSkip') clauses.push(`after match ${formatSkip(model.skip)}`);
  const body = formatSequence(model.steps, names, '  ');
  const lines = [...doc(definition.doc), header, ...clauses.map((c) => `  ${c}`), ...(clauses.length > 0 ? [''] : []), ...body, '}'];
  return lines.join('\n');
}

/** Prints an event type declaration, one field per line. */
export function formatEventType(schema: EventSchema): string {
  const fields = schema.fields.map((field, i) => `  ${formatName(field.name)}: ${formatType(field.type)}${i < schema.fields.length - 1 ? ',' : ''}`);
  return [...doc(schema.doc), `event ${formatName(schema.name)} {`, ...fields, '}'].join('\n');
}

function uniqueSchemas(definitions: readonly FormattableDefinition[]): EventSchema[] {
  const byName = new Map<string, EventSchema>();
  for (const definition of definitions) if (definition.eventType) byName.set(definition.eventType.name, definition.eventType);
  return [...byName.values()];
}

function doc(text: string | null | undefined): string[] {
  return text == null ? [] : text.split('\n').map((line) => (line === '' ? '//' : `// ${line}`));
}

function formatPath(path: string): string {
  return parseFieldPath(path)
    .map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? formatName(segment) : `.${formatName(segment)}`))
    .join('');
}

function formatSkip(skip: SkipStrategy): string {
  switch (skip.kind) {
    case 'noSkip':
      return 'no skip';
    case 'skipToNext':
      return 'skip to next';
    case 'skipPastLastEvent':
      return 'skip past last event';
    case 'skipToFirst':
    case 'skipToLast':
      return `skip to ${skip.kind === 'skipToFirst' ? 'first' : 'last'} ${formatName(skip.step)}${skip.throwOnMiss ? ' or fail' : ''}`;
  }
}

const CONNECTION_WORDS = {
  begin: 'begin',
  next: 'next',
  followedBy: 'followed by',
  followedByAny: 'followed by any',
  notNext: 'not next',
  notFollowedBy: 'not followed by',
} as const;

function formatSequence(steps: readonly Step<unknown>[], names: ExpressionNames, indent: string): string[] {
  return steps.flatMap((step) => {
    const options = formatOptions(step);
    const until = step.until === null ? '' : ` until ${formatCondition(step.until, step.name, names)}`;
    const lead = `${indent}${CONNECTION_WORDS[step.connection]} `;
    if (step.kind === 'event') {
      const where = step.condition.kind === 'true' ? '' : ` where ${formatCondition(step.condition, step.name, names)}`;
      return [`${lead}${formatName(step.name)}${options}${where}${until}`];
    }
    return [`${lead}(`, ...formatSequence(step.steps, names, `${indent}  `), `${indent})${options}${until}`];
  });
}

/**
 * The quantifier, modifiers and step window in canonical order; `times 0..n` and `zero or more`
 * absorb `optional`.
 */
function formatOptions(step: Step<unknown>): string {
  const words: string[] = [];
  let optional = step.optional;
  const quantifier: Quantifier = step.quantifier;
  switch (quantifier.kind) {
    case 'once':
      break;
    case 'times':
      if (optional && quantifier.min === 1) {
        words.push(`times 0..${quantifier.max}`);
        optional = false;
      } else {
        words.push(quantifier.min === quantifier.max ? `times ${quantifier.min}` : `times ${quantifier.min}..${quantifier.max}`);
      }
      break;
    case 'loop':
      if (optional && quantifier.min === 1) {
        words.push('zero or more');
        optional = false;
      } else {
        words.push(quantifier.min === 1 ? 'one or more' : `${quantifier.min} or more`);
      }
      break;
    default:
      assertNever(quantifier);
  }
  if (optional) words.push('optional');
  if (step.greedy) words.push('greedy');
  if (step.consecutive) words.push('consecutive');
  if (step.allowCombinations) words.push('allow combinations');
  const window = windowOfStep(step);
  if (window !== null) words.push(`within ${formatDurationLiteral(window)}`);
  return words.map((word) => ` ${word}`).join('');
}

function formatCondition(condition: Condition<unknown>, step: string, names: ExpressionNames): string {
  return formatExpression(expressionOf(condition, step), names);
}

/** The condition tree as one expression: the model's and / or / not nodes become the DSL's. */
function expressionOf(condition: Condition<unknown>, step: string): Expr {
  switch (condition.kind) {
    case 'true':
      return { kind: 'literal', value: true };
    case 'predicate':
      if (!isExpression(condition.expression)) {
        throw new RangeError(`step '${step}': the condition '${condition.label}' was written in code, not in the DSL, so it has no text form`);
      }
      return condition.expression;
    case 'and':
    case 'or':
      return { kind: condition.kind, left: expressionOf(condition.left, step), right: expressionOf(condition.right, step) };
    case 'not':
      return { kind: 'not', operand: expressionOf(condition.operand, step) };
    default:
      return assertNever(condition);
  }
}

/** Formats a pattern model on its own, under a name (handy for models built in code from DSL conditions). */
export function formatModel(name: string, model: PatternModel<unknown>): string {
  return formatPattern({ name, model: model as PatternModel<never> });
}
