// What loading a .cep file gives: one definition per pattern, the same model the fluent API
// builds plus the pattern's key and time field, and helpers that hand them to a CepEngine.
import type { PatternModel } from '../pattern/model.js';
import type { EngineOptions, EventTimeOptions, PatternSpec, ProcessingTimeOptions } from '../runtime/engine-options.js';
import type { EventRecord } from './compile-expression.js';
import type { EventSchema } from './schema.js';

/** One pattern loaded from a `.cep` file. */
export interface PatternDefinition {
  /** The name after `pattern`; unique among all loaded files. */
  readonly name: string;
  /** The pattern model, equal to the one the fluent API builds for the same pattern. */
  readonly model: PatternModel<EventRecord>;
  /** The `key by` field path in the engine's syntax (`user.id`, `items[0].sku`), or `null` for one key. */
  readonly keyBy: string | null;
  /** The `time by` field path (epoch milliseconds or ISO-8601 text, UTC without an offset), or `null` when not given. */
  readonly timeField: string | null;
  /** The declared event type of `pattern … on Type`, or `null`. */
  readonly eventType: EventSchema | null;
  /** The `//` comment lines right above the pattern, or `null`. */
  readonly doc: string | null;
  /** Where the pattern's name is written. */
  readonly source: { readonly file: string; readonly line: number; readonly column: number };
}

/** The key of every event of a pattern without `key by`: the whole stream is one key. */
export const SINGLE_KEY = '*';

/** Settings of a {@link PatternSpec} that a definition does not carry. */
export type SpecOptions = Omit<PatternSpec<EventRecord>, 'name' | 'pattern' | 'keyBy'>;

/**
 * Turns a definition into a {@link PatternSpec} for `CepEngine`: its name, model and key (a
 * pattern without `key by` runs the whole stream as one key, {@link SINGLE_KEY}).
 */
export function toPatternSpec(definition: PatternDefinition, options: SpecOptions = {}): PatternSpec<EventRecord> {
  return {
    ...options,
    name: definition.name,
    pattern: definition.model,
    keyBy: definition.keyBy === null ? () => SINGLE_KEY : definition.keyBy,
  };
}

/** Time settings for {@link engineOptionsFor}: event-time options without `timestamp` (taken from `time by`), or processing time. */
export type DslTimeOptions = Partial<EventTimeOptions<EventRecord>> | ProcessingTimeOptions;

/**
 * Engine options running every definition on one stream. Event time reads the `time by` field
 * the definitions agree on (an explicit `time.timestamp` wins); definitions naming different time
 * fields cannot share a stream, and a `RangeError` says which. Without any `time by`, the engine's
 * default (`timestamp`) applies.
 */
export function engineOptionsFor(definitions: readonly PatternDefinition[], time: DslTimeOptions = {}, options: SpecOptions = {}): EngineOptions<EventRecord> {
  const patterns = definitions.map((definition) => toPatternSpec(definition, options));
  if (time.mode === 'processing') return { patterns, time };
  const fields = [...new Set(definitions.flatMap((definition) => (definition.timeField === null ? [] : [definition.timeField])))];
  if (time.timestamp === undefined && fields.length > 1) {
    const which = definitions.filter((d) => d.timeField !== null).map((d) => `'${d.name}' by ${d.timeField}`);
    throw new RangeError(`patterns read time from different fields (${which.join(', ')}); one engine reads one time field: name the one to use with time.timestamp, or run one engine per field`);
  }
  const timestamp = time.timestamp ?? fields[0];
  if (timestamp === undefined && Object.keys(time).length === 0) return { patterns };
  return { patterns, time: { ...time, mode: 'event', timestamp: timestamp ?? 'timestamp' } };
}

