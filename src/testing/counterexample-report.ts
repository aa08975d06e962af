// Readable failures: when a property fails, its shrunk arguments print as tables (streams) or as
// fluent text (pattern recipes) instead of a JSON dump, with the seed and path to replay it.
import fc from 'fast-check';
import { formatEventTable, isEventList, tableLayoutOf } from './event-table.js';
import { formatRecipe, type PatternRecipe } from './pattern-recipe.js';
import { counted } from '../text/counted.js';
import { describeThrown } from '../text/describe.js';

/** A failed property, with everything needed to read and replay it. */
export class PropertyFailure extends Error {
  override readonly name = 'PropertyFailure';

  constructor(
    message: string,
    /** The shrunk arguments. */
    readonly counterexample: readonly unknown[],
    /** Replays the failure with `{ seed, path, endOnFailure: true }`. */
    readonly seed: number,
    readonly path: string | null,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

function isRecipe(value: unknown): value is PatternRecipe {
  return value !== null && typeof value === 'object' && Array.isArray((value as PatternRecipe).steps) && 'skip' in value && 'withinMs' in value;
}

const indent = (text: string, by = '  '): string =>
  text
    .split('\n')
    .map((line) => (line === '' ? line : by + line))
    .join('\n');

/** One argument of a counter-example: a table for a stream, fluent text for a recipe, else fast-check's printing. */
export function describeValue(value: unknown): string {
  if (Array.isArray(value) && (tableLayoutOf(value) !== undefined || isEventList(value))) {
    return `${counted(value.length, 'event')}:\n${formatEventTable(value)}`;
  }
  if (Array.isArray(value) && value.length === 0) return '[] (no events)';
  if (isRecipe(value)) return `pattern:\n  ${formatRecipe(value)}`;
  const text = fc.stringify(value);
  return text.length > 2000 ? `${text.slice(0, 1999)}…` : text;
}

/** The arguments of a counter-example, each described by {@link describeValue}. */
export function describeCounterexample(values: readonly unknown[]): string {
  if (values.length === 1) return describeValue(values[0]);
  return values.map((value, i) => `argument ${i + 1}: ${describeValue(value)}`).join('\n');
}

/**
 * The report of a failed run — the counter-example as tables, the error, and how to replay it —
 * or `undefined` when the run passed.
 */
export function formatFailure<Ts>(details: fc.RunDetails<Ts>): string | undefined {
  if (!details.failed) return undefined;
  if (details.counterexample === null) return fc.defaultReportMessage(details) ?? 'the property failed without a counter-example';
  const values = details.counterexample as unknown as readonly unknown[];
  const error = details.errorInstance;
  const reason = describeThrown(error);
  const shrinks = details.numShrinks === 1 ? 'shrunk once' : `shrunk ${details.numShrinks} times`;
  const path = details.counterexamplePath === null ? '' : `, path "${details.counterexamplePath}"`;
  return [
    `Property failed after ${details.numRuns} run${details.numRuns === 1 ? '' : 's'} (seed ${details.seed}${path}, ${shrinks}).`,
    '',
    'Counter-example:',
    indent(describeCounterexample(values)),
    '',
    'Failure:',
    indent(reason),
    '',
    `Replay it with { seed: ${details.seed}${details.counterexamplePath === null ? '' : `, path: "${details.counterexamplePath}"`}, endOnFailure: true }.`,
  ].join('\n');
}

/**
 * A reporter for `fc.assert` that throws a {@link PropertyFailure} whose message shows the
 * counter-example as tables: `fc.assert(property, { reporter: counterexampleReporter })`.
 */
export function counterexampleReporter<Ts>(details: fc.RunDetails<Ts>): void {
  const message = formatFailure(details);
  if (message === undefined) return;
  throw new PropertyFailure(message, (details.counterexample ?? []) as unknown as readonly unknown[], details.seed, details.counterexamplePath, {
    cause: details.errorInstance,
  });
}

/**
 * `fc.assert` with readable counter-examples: runs the property (fast-check's defaults, or
 * `params`) and, if it fails, throws a {@link PropertyFailure} showing the shrunk stream as a
 * table (timestamp, key, fields), the failure and the replay parameters.
 *
 * @example
 * assertPattern(fc.property(comments, (stream) => { ... }), { seed: 42 });
 */
export function assertPattern<Ts>(property: fc.IProperty<Ts>, params: fc.Parameters<Ts> = {}): void {
  fc.assert(property, { ...params, reporter: counterexampleReporter });
}
