// What the matcher emits. A discriminated union so that consumers switch exhaustively.

/** Events of a (partial) match by step name, in pattern order; steps without events are absent. */
export type MatchedEvents<E> = Readonly<Record<string, readonly E[]>>;

/** A completed match. */
export interface MatchOutput<E> {
  readonly kind: 'match';
  readonly events: MatchedEvents<E>;
  /** Timestamp of the match's first event. */
  readonly startTimestamp: number;
  /** Timestamp of the match's last event. */
  readonly endTimestamp: number;
}

/** A partial match whose window (pattern-wide or its step's own) ended before it completed. */
export interface TimeoutOutput<E> {
  readonly kind: 'timeout';
  readonly events: MatchedEvents<E>;
  readonly startTimestamp: number;
  /**
   * When the window ended: `startTimestamp + within`, or for a step's own window the time of the
   * last event taken + that window (which wins when time passed both at once, as in Flink).
   */
  readonly timeoutTimestamp: number;
}

/**
 * A fault that stayed local: a condition threw (`condition-failed`, evaluated as false), or a
 * skip strategy with `throwOnMiss` found no event of its target step (`skip-target-missing`; the
 * match is reported here instead of being emitted, with its events).
 */
export interface MatcherErrorOutput<E> {
  readonly kind: 'error';
  readonly code: 'condition-failed' | 'skip-target-missing';
  /** The step whose condition failed, or the skip strategy's target step. */
  readonly step: string;
  readonly message: string;
  /** The event being tested (condition-failed). */
  readonly event?: E;
  readonly timestamp: number;
  /** The match that could not be skipped from (skip-target-missing). */
  readonly events?: MatchedEvents<E>;
  readonly cause?: unknown;
}

/** Everything the matcher can emit for one event or one advance of time. */
export type MatcherOutput<E> = MatchOutput<E> | TimeoutOutput<E> | MatcherErrorOutput<E>;
