// What the runtime emits: one discriminated union, every variant naming where it came from.
import type { MatchedEvents } from '../nfa/outputs.js';
import type { Key } from './record-fields.js';

/** Fields every runtime output has. */
export interface OutputBase {
  /** Deterministic id: the position of this output in the run's output sequence. */
  readonly id: number;
}

/** A completed match of `pattern` for `key`. */
export interface EngineMatch<E> extends OutputBase {
  readonly kind: 'match';
  readonly pattern: string;
  readonly key: Key;
  readonly events: MatchedEvents<E>;
  readonly startTimestamp: number;
  readonly endTimestamp: number;
}

/** A partial match of `pattern` for `key` whose window ended at `timeoutTimestamp`. */
export interface EngineTimeout<E> extends OutputBase {
  readonly kind: 'timeout';
  readonly pattern: string;
  readonly key: Key;
  readonly events: MatchedEvents<E>;
  readonly startTimestamp: number;
  readonly timeoutTimestamp: number;
}

/** An event that arrived after the watermark had passed its timestamp; it was not processed. */
export interface EngineLate<E> extends OutputBase {
  readonly kind: 'late';
  readonly record: E;
  /** The input line the record came from, when the caller gave one with it (see `CepEngine.push`). */
  readonly line?: number;
  readonly timestamp: number;
  /** The processing frontier it missed (watermark minus allowed lateness). */
  readonly watermark: number;
}

/** Why an error output was produced. */
export type EngineErrorCode =
  | 'bad-input'
  | 'not-an-object'
  | 'bad-timestamp'
  | 'bad-key'
  | 'filter-failed'
  | 'condition-failed'
  | 'compare-failed'
  | 'skip-target-missing';

/**
 * A fault that stayed local. Record problems (`bad-input` such as a line that is not JSON,
 * `not-an-object`, `bad-timestamp`, and `compare-failed`: the time option's `compare` threw or
 * answered no number, so events of one timestamp keep their arrival order) concern every
 * pattern; `bad-key`, `filter-failed` (the pattern's input filter threw or answered a promise),
 * `condition-failed` and `skip-target-missing` name the pattern (and key, step).
 *
 * An error about a record the caller gave a line with (`push(record, line)`, `rejectInput(input,
 * message, line)`; the JSON Lines runner gives every line's) carries that `line`, and its message
 * starts `line N: `, also when the record waited in the reorder buffer, across a checkpoint and a
 * restore included.
 */
export interface EngineError<E> extends OutputBase {
  readonly kind: 'error';
  readonly code: EngineErrorCode;
  readonly message: string;
  readonly record?: unknown;
  /** The input line `record` came from, when the caller gave one with it. */
  readonly line?: number;
  readonly pattern?: string;
  readonly key?: Key;
  readonly step?: string;
  readonly timestamp?: number;
  readonly events?: MatchedEvents<E>;
}

/** A key hit its partial-match cap; `dropped` partial matches were discarded by `policy`. */
export interface EngineCapped extends OutputBase {
  readonly kind: 'capped';
  readonly pattern: string;
  readonly key: Key;
  readonly policy: CapPolicy;
  readonly dropped: number;
  readonly timestamp: number;
}

/** What to do when a key has more partial matches than the cap. */
export type CapPolicy = 'drop-oldest' | 'reject-new';

/** Everything the runtime emits. */
export type EngineOutput<E> = EngineMatch<E> | EngineTimeout<E> | EngineLate<E> | EngineError<E> | EngineCapped;
