// Running a pattern (fluent, model or .cep definition) over a list of records in one call, through
// the real keyed runtime, and getting every output back sorted by kind.
import type { PatternDefinition } from '../dsl/definition.js';
import { SINGLE_KEY } from '../dsl/definition.js';
import type { Duration } from '../pattern/duration.js';
import type { PatternModel } from '../pattern/model.js';
import { Pattern } from '../pattern/pattern.js';
import { CepEngine, Watermark } from '../runtime/engine.js';
import type { EngineOptions } from '../runtime/engine-options.js';
import type { EngineError, EngineLate, EngineMatch, EngineOutput, EngineTimeout } from '../runtime/outputs.js';
import type { KeySelector, TimestampSelector } from '../runtime/record-fields.js';

/** A pattern in any of its three forms. */
export type PatternSource<E> = Pattern<E, any> | PatternModel<E> | PatternDefinition;

/** How {@link runPattern} sets up the engine. */
export interface RunPatternOptions<E> {
  /** Names the pattern in outputs (default: the definition's name, else `pattern`). */
  readonly name?: string;
  /** The key (default: the definition's `key by`, else one key for the whole stream). */
  readonly keyBy?: KeySelector<E>;
  /** The event time (default: the definition's `time by`, else the `timestamp` field). */
  readonly timestamp?: TimestampSelector<E>;
  /** Bounded out-of-orderness of the watermark (default 0). */
  readonly maxOutOfOrderness?: Duration;
  /** Events up to this much behind the watermark are still processed (default 0). */
  readonly allowedLateness?: Duration;
  /** `bounded` (default) or `source`: only `watermark(ts)` items in the records move time. */
  readonly watermarks?: 'bounded' | 'source';
  /** Which records the pattern sees (default all). */
  readonly filter?: (event: E) => boolean;
  /** Emit timeouts (default true). */
  readonly timeouts?: boolean;
}

/** Every output of a run, and the same outputs by kind. */
export interface PatternRun<E> {
  /** All outputs in the order the engine emitted them. */
  readonly outputs: readonly EngineOutput<E>[];
  readonly matches: readonly EngineMatch<E>[];
  readonly timeouts: readonly EngineTimeout<E>[];
  readonly late: readonly EngineLate<E>[];
  readonly errors: readonly EngineError<E>[];
}

/** Whether a value is a definition loaded from `.cep` text (rather than a model or a fluent pattern). */
export function isPatternDefinition(value: unknown): value is PatternDefinition {
  return value !== null && typeof value === 'object' && 'model' in value && 'keyBy' in value && 'timeField' in value && 'source' in value;
}

/**
 * Engine options running one pattern, with the defaults of {@link runPattern}: a definition's
 * own key and time field, one key otherwise, event time read from `timestamp`.
 */
export function engineOptionsOf<E>(pattern: PatternSource<E>, options: RunPatternOptions<E> = {}): EngineOptions<E> {
  const definition = isPatternDefinition(pattern) ? pattern : null;
  const keyBy: KeySelector<E> = options.keyBy ?? (definition?.keyBy ?? (() => SINGLE_KEY));
  const timestamp: TimestampSelector<E> = options.timestamp ?? definition?.timeField ?? 'timestamp';
  return {
    patterns: [
      {
        name: options.name ?? definition?.name ?? 'pattern',
        pattern: definition === null ? (pattern as Pattern<E, any> | PatternModel<E>) : (definition.model as unknown as PatternModel<E>),
        keyBy,
        ...(options.filter === undefined ? {} : { filter: options.filter }),
        ...(options.timeouts === undefined ? {} : { timeouts: options.timeouts }),
      },
    ],
    time: {
      mode: 'event',
      timestamp,
      ...(options.maxOutOfOrderness === undefined ? {} : { maxOutOfOrderness: options.maxOutOfOrderness }),
      ...(options.allowedLateness === undefined ? {} : { allowedLateness: options.allowedLateness }),
      ...(options.watermarks === undefined ? {} : { watermarks: options.watermarks }),
    },
  };
}

/**
 * Runs a pattern over records in arrival order through a fresh `CepEngine` (keys, event time,
 * timers, late events: everything as in production), then flushes — time goes to +∞, so every
 * window resolves — and returns the outputs. Synchronous; `watermark(ts)` items may be mixed in.
 *
 * @example
 * const { matches } = runPattern(spamBurst, comments, { keyBy: 'userId', timestamp: 'ts' });
 */
export function runPattern<E extends object>(pattern: PatternSource<E>, records: Iterable<unknown>, options: RunPatternOptions<E> = {}): PatternRun<E> {
  return runEngine(engineOptionsOf(pattern, options), records);
}

/**
 * Runs records through an engine (built from options, or the one a factory returns) and
 * flushes unless `flush: false`; returns the outputs, by kind too.
 */
export function runEngine<E extends object>(engine: EngineOptions<E> | (() => CepEngine<E>), records: Iterable<unknown>, options: { readonly flush?: boolean } = {}): PatternRun<E> {
  const instance = typeof engine === 'function' ? engine() : new CepEngine<E>(engine);
  const outputs: EngineOutput<E>[] = [];
  for (const record of records) outputs.push(...instance.push(record));
  if (options.flush ?? true) outputs.push(...instance.flush());
  return byKind(outputs);
}

/** Sorts outputs by kind, keeping their order. */
export function byKind<E>(outputs: readonly EngineOutput<E>[]): PatternRun<E> {
  return {
    outputs,
    matches: outputs.filter((o): o is EngineMatch<E> => o.kind === 'match'),
    timeouts: outputs.filter((o): o is EngineTimeout<E> => o.kind === 'timeout'),
    late: outputs.filter((o): o is EngineLate<E> => o.kind === 'late'),
    errors: outputs.filter((o): o is EngineError<E> => o.kind === 'error'),
  };
}

/** Record errors: the engine could not read the record at all. */
const UNREADABLE: ReadonlySet<string> = new Set(['not-an-object', 'bad-timestamp', 'bad-key']);

/**
 * Throws when the engine could read none of the records: then both sides are empty and agree
 * about nothing, and a property would pass whatever the pattern. It is nearly always an option
 * that names the wrong field (`timestamp`, `keyBy`), so the error says which.
 */
export function refuseUnreadableStream<E>(records: readonly unknown[], outputs: readonly EngineOutput<E>[]): void {
  const total = records.filter((record) => !(record instanceof Watermark)).length;
  const unreadable = outputs.filter((output): output is EngineError<E> => output.kind === 'error' && UNREADABLE.has(output.code));
  if (total === 0 || unreadable.length < total) return;
  throw new Error(
    `the engine could read none of the ${total} records, so there is nothing to compare (first: ${unreadable[0]!.code}: ${unreadable[0]!.message}); check the options' timestamp and keyBy against the stream's fields`,
  );
}
