// A stateful convenience over the pure matcher functions: holds one stream's state and feeds it.
import { Pattern } from '../pattern/pattern.js';
import type { PatternModel } from '../pattern/model.js';
import { compile } from './compile.js';
import type { Nfa } from './nfa.js';
import { advanceTime, consumeEvent, initialState, type MatcherState, type StepOptions } from './step.js';
import type { MatcherOutput } from './outputs.js';
import { describeFieldValue } from '../text/describe.js';

/** Options of a {@link Matcher}. */
export interface MatcherOptions {
  /** Emit timed-out partial matches (default `true`). */
  readonly timeouts?: boolean;
}

/** An event with its timestamp in milliseconds. */
export interface TimedEvent<E> {
  readonly event: E;
  readonly timestamp: number;
}

/**
 * Runs one pattern over one stream of events fed in timestamp order. Each `push` first advances
 * time to the event's timestamp (expiring windows) and then offers the event to every partial match.
 */
export class Matcher<E> {
  /** The compiled automaton (immutable, shareable across matchers). */
  readonly nfa: Nfa<E>;
  private current: MatcherState<E>;
  private readonly options: StepOptions;
  /** The latest time pushed or advanced to since construction or the last `restore`. */
  private time = -Infinity;

  constructor(pattern: Pattern<E, any> | PatternModel<E> | Nfa<E>, options: MatcherOptions = {}) {
    this.nfa = toNfa(pattern);
    this.current = initialState<E>();
    this.options = { timeouts: options.timeouts ?? true };
  }

  /** The current state: plain data, safe to keep (it is never mutated). */
  get state(): MatcherState<E> {
    return this.current;
  }

  /** Replaces the current state, e.g. with one kept earlier; time may then start again from there. */
  restore(state: MatcherState<E>): void {
    this.current = state;
    this.time = -Infinity;
  }

  /**
   * Feeds one event; timestamps must not decrease (a `RangeError` otherwise: a window would end
   * before events it already took). Returns what completed, timed out or failed.
   */
  push(event: E, timestamp: number): MatcherOutput<E>[] {
    this.moveTo(timestamp, 'push');
    const advanced = advanceTime(this.nfa, this.current, timestamp, this.options);
    const consumed = consumeEvent(this.nfa, advanced.state, event, timestamp, this.options);
    this.current = consumed.state;
    return [...advanced.outputs, ...consumed.outputs];
  }

  /** Advances time without an event: windows that ended by `timestamp` time out (or complete). */
  advanceTime(timestamp: number): MatcherOutput<E>[] {
    this.moveTo(timestamp, 'advanceTime');
    const advanced = advanceTime(this.nfa, this.current, timestamp, this.options);
    this.current = advanced.state;
    return [...advanced.outputs];
  }

  private moveTo(timestamp: number, method: string): void {
    if (typeof timestamp !== 'number' || Number.isNaN(timestamp)) {
      throw new RangeError(`Matcher.${method}(): the timestamp must be a number, not ${describeFieldValue(timestamp)}`);
    }
    if (timestamp < this.time) {
      throw new RangeError(`Matcher.${method}(): timestamps must not decrease, got ${timestamp} after ${this.time}`);
    }
    this.time = timestamp;
  }

  /** Number of live partial matches (plus completed matches held back by the skip strategy). */
  get partialMatchCount(): number {
    return this.current.runs.length + this.current.held.length;
  }
}

/**
 * Runs a pattern over events in timestamp order and returns every output in order. With
 * `endTime` (e.g. `Infinity`), time is advanced to it after the last event so windows resolve.
 */
export function runMatcher<E>(
  pattern: Pattern<E, any> | PatternModel<E> | Nfa<E>,
  events: Iterable<TimedEvent<E>>,
  options: MatcherOptions & { readonly endTime?: number } = {},
): MatcherOutput<E>[] {
  const matcher = new Matcher(pattern, options);
  const outputs: MatcherOutput<E>[] = [];
  for (const { event, timestamp } of events) outputs.push(...matcher.push(event, timestamp));
  if (options.endTime !== undefined) outputs.push(...matcher.advanceTime(options.endTime));
  return outputs;
}

function toNfa<E>(pattern: Pattern<E, any> | PatternModel<E> | Nfa<E>): Nfa<E> {
  if (pattern instanceof Pattern) return compile(pattern.toModel());
  if ('states' in pattern) return pattern;
  return compile(pattern);
}
