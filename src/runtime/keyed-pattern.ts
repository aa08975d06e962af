// One pattern over a keyed stream: a matcher state per key, created on a key's first event and
// deleted as soon as it holds nothing, so idle keys cost no memory.
import { compile } from '../nfa/compile.js';
import type { Nfa } from '../nfa/nfa.js';
import type { MatcherOutput } from '../nfa/outputs.js';
import { advanceTime, consumeEvent, initialState, type MatcherState, type StepOptions } from '../nfa/step.js';
import { Pattern } from '../pattern/pattern.js';
import { CowMap } from '../state/cow-map.js';
import { DEFAULT_MAX_PARTIAL_MATCHES_PER_KEY, type PatternSpec } from './engine-options.js';
import type { CapPolicy, EngineOutput } from './outputs.js';
import { keyReader, type Key, type Read } from './record-fields.js';

/**
 * Receives outputs in the order they happen. Outputs are made with `id: 0`; the engine numbers
 * them as they arrive (assigning in place saves copying every output).
 */
export type Emit<E> = (output: EngineOutput<E>) => void;

/** The keyed state of one pattern. */
export class KeyedPattern<E> {
  readonly name: string;
  readonly nfa: Nfa<E>;
  readonly readKey: (event: E) => Read<Key>;
  readonly accepts: ((event: E) => boolean) | null;
  private readonly options: StepOptions;
  private readonly cap: number;
  private readonly policy: CapPolicy;
  /** Live keys only: a key whose partial matches have all ended is removed. Capturable in O(1). */
  readonly states = new CowMap<Key, MatcherState<E>>();
  /** The window deadline for which a timer is registered, per live key. */
  private readonly registered = new Map<Key, number>();

  constructor(spec: PatternSpec<E>) {
    this.name = spec.name;
    this.nfa = compile(spec.pattern instanceof Pattern ? spec.pattern.toModel() : spec.pattern);
    this.readKey = keyReader(spec.keyBy);
    this.accepts = spec.filter ?? null;
    this.options = { timeouts: spec.timeouts ?? true };
    this.cap = spec.maxPartialMatchesPerKey ?? DEFAULT_MAX_PARTIAL_MATCHES_PER_KEY;
    this.policy = spec.capPolicy ?? 'drop-oldest';
    if (!Number.isInteger(this.cap) || this.cap < 1) {
      throw new RangeError(`pattern '${spec.name}': maxPartialMatchesPerKey must be a whole number >= 1, not ${spec.maxPartialMatchesPerKey}`);
    }
  }

  /**
   * Offers an event (at `timestamp`, already in order) to its key's state. Returns the key's new
   * window deadline when a timer must be registered for it, else `null`.
   */
  process(event: E, key: Key, timestamp: number, emit: Emit<E>): number | null {
    let state = this.states.get(key) ?? initialState<E>();
    // The engine fires every timer due by `timestamp` first, so this only matters to callers
    // that feed events without firing timers.
    const deadline = this.registered.get(key);
    if (deadline !== undefined && deadline <= timestamp) {
      const advanced = advanceTime(this.nfa, state, timestamp, this.options);
      this.forward(advanced.outputs, key, event, emit);
      state = advanced.state;
    }
    const consumed = consumeEvent(this.nfa, state, event, timestamp, this.options);
    this.forward(consumed.outputs, key, event, emit);
    return this.store(key, this.applyCap(consumed.state, key, timestamp, emit));
  }

  /** Fires the window timer of `key` at `time`; returns the next deadline to register, if any. */
  fire(key: Key, time: number, emit: Emit<E>): number | null {
    const state = this.states.get(key);
    if (state === undefined || this.registered.get(key) !== time) return null; // superseded timer
    this.registered.delete(key);
    const advanced = advanceTime(this.nfa, state, time, this.options);
    this.forward(advanced.outputs, key, undefined, emit);
    return this.store(key, advanced.state);
  }

  /**
   * Puts back a key's state (from a checkpoint) and returns its window deadline, so the caller
   * can register the timer again: timers are derived from state, never stored.
   */
  restoreKey(key: Key, state: MatcherState<E>): number | null {
    this.registered.delete(key);
    return this.store(key, state);
  }

  /** Forgets every key (before a restore). */
  clear(): void {
    this.states.clear();
    this.registered.clear();
  }

  /** Partial matches held across all keys. */
  get partialMatches(): number {
    let total = 0;
    for (const state of this.states.values()) total += state.runs.length + state.held.length;
    return total;
  }

  private store(key: Key, state: MatcherState<E>): number | null {
    if (state.runs.length === 0 && state.held.length === 0) {
      this.states.delete(key);
      this.registered.delete(key);
      return null;
    }
    this.states.set(key, state);
    const windowMs = this.nfa.windowMs;
    if (windowMs === null || state.runs.length === 0) return null;
    let earliest = Infinity;
    for (const run of state.runs) if (run.startTimestamp < earliest) earliest = run.startTimestamp;
    const deadline = earliest + windowMs;
    if (this.registered.get(key) === deadline) return null;
    this.registered.set(key, deadline);
    return deadline;
  }

  private applyCap(state: MatcherState<E>, key: Key, timestamp: number, emit: Emit<E>): MatcherState<E> {
    const excess = state.runs.length - this.cap;
    if (excess <= 0) return state;
    // Partial matches are ordered by their first event: drop-oldest keeps the newest, reject-new
    // keeps those that were there first.
    const runs = this.policy === 'drop-oldest' ? state.runs.slice(excess) : state.runs.slice(0, this.cap);
    emit({ id: 0, kind: 'capped', pattern: this.name, key, policy: this.policy, dropped: excess, timestamp });
    return { ...state, runs };
  }

  private forward(outputs: readonly MatcherOutput<E>[], key: Key, event: E | undefined, emit: Emit<E>): void {
    for (const output of outputs) {
      switch (output.kind) {
        case 'match':
          emit({ id: 0, kind: 'match', pattern: this.name, key, events: output.events, startTimestamp: output.startTimestamp, endTimestamp: output.endTimestamp });
          break;
        case 'timeout':
          emit({
            id: 0,
            kind: 'timeout',
            pattern: this.name,
            key,
            events: output.events,
            startTimestamp: output.startTimestamp,
            timeoutTimestamp: output.timeoutTimestamp,
          });
          break;
        case 'error':
          emit({
            id: 0,
            kind: 'error',
            code: output.code,
            message: `pattern '${this.name}', key ${JSON.stringify(key)}: ${output.message}`,
            pattern: this.name,
            key,
            step: output.step,
            timestamp: output.timestamp,
            ...(output.code === 'condition-failed' ? { record: event } : {}),
            ...(output.events !== undefined ? { events: output.events } : {}),
          });
          break;
      }
    }
  }
}
