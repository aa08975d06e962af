// One pattern over a keyed stream: a matcher state per key, created on a key's first event and
// deleted as soon as it holds nothing, so idle keys cost no memory.
import { compile } from '../nfa/compile.js';
import type { Nfa } from '../nfa/nfa.js';
import type { MatcherOutput } from '../nfa/outputs.js';
import { StartNode, type Run } from '../nfa/partial-match.js';
import { advanceTimeInto, consumeEventInto, deadlineOf, initialState, type MatcherState, type StepOptions } from '../nfa/step.js';
import { Pattern } from '../pattern/pattern.js';
import { CowMap } from '../state/cow-map.js';
import { keyFingerprint } from '../state/fingerprint.js';
import { checkPatternSpec, DEFAULT_MAX_PARTIAL_MATCHES_PER_KEY, type PatternSpec } from './engine-options.js';
import type { CapPolicy, EngineOutput } from './outputs.js';
import { keyAccessor, type Key, type Unreadable } from './record-fields.js';
import { atLine, lineField } from './record-line.js';
import type { TimerQueue } from './timer-queue.js';

/**
 * Receives outputs in the order they happen. Outputs are made with `id: 0`; the engine numbers
 * them as they arrive (assigning in place saves copying every output).
 */
export type Emit<E> = (output: EngineOutput<E>) => void;

/**
 * One live key of one pattern: its matcher state. One object per key keeps the per-event work to
 * one map lookup. The slot is itself the key's `MatcherState` (it has the fields): the step functions
 * read it and return it unchanged or a new state, whose fields are then copied in — so a key's
 * long-lived state is this one object, not a slot plus a state.
 *
 * The commonest live key holds one partial match that has taken one event (`created -> paid`
 * holds one per open order). The slot keeps that partial match flat, in fields of its own, and
 * makes its `StartNode` only when it is read: one object per key instead of two, for as long as
 * the key lives (the node read for a step dies young). Fewer long-lived objects is what the
 * garbage collector's full marking of a large state costs, and what a checkpoint's pause waits on.
 */
export class KeySlot<E> implements MatcherState<E> {
  /**
   * {@link FLAT_START} while the partial match is kept flat, {@link RAW_TIME} if its time is kept
   * as it is, and {@link TIMER_QUEUED} while a window timer is queued: three flags in one field.
   */
  private bits: number;
  /**
   * Completed matches a skip strategy holds back. Almost always none: the empty list lives on
   * the prototype, and a slot gets a field of its own only when it holds some (8 bytes saved on
   * every live key).
   */
  declare held: MatcherState<E>['held'];
  /**
   * When the queued timer is due, kept only for patterns with per-step windows (otherwise the
   * prototype's `Infinity`, and no field of its own): there a new partial match can end before
   * the queued timer, which then needs an earlier one.
   */
  declare timerAt: number;

  /**
   * The key's partial matches: kept flat, its one event (see {@link FLAT_START}); else the one
   * partial match itself when there is exactly one (an array of one costs two V8 objects, 56
   * bytes, on every such key for as long as it lives; stored bare, the step functions'
   * one-element array dies young instead); else the array. Read through `runs`, `runCount`,
   * `firstStart`, `newestStart` and `newestStartedAt`.
   */
  private stored: Run<E> | MatcherState<E>['runs'] | E;
  /** The flat partial match's automaton state, the step that took its event and that event's time. */
  private flatState: number;
  private flatStep: string;
  /**
   * The flat partial match's time as a small integer, counted from {@link timeBase}, when it is
   * one (then V8 keeps it in the field, where a time in epoch milliseconds would be a heap number
   * of its own); else the time itself, marked by {@link RAW_TIME}. Never `null` once flat: the
   * constructor's `null` keeps the field able to hold either without V8 boxing every value.
   */
  private flatTime: number | null;
  /** The sequence number the key's next event gets. */
  nextSeq: number;

  constructor(
    /**
     * When the slot was made, counted per pattern (modulo 2^30, to stay a small integer):
     * captures read keys in this order, the order their state was allocated in, which is much
     * faster to walk than the key map's hash order.
     */
    readonly born: number,
    readonly key: Key,
    state: MatcherState<E>,
  ) {
    this.bits = 0;
    this.stored = NO_RUNS;
    this.flatState = 0;
    this.flatStep = '';
    this.flatTime = null;
    this.nextSeq = 0;
    this.store(state);
  }

  /** Takes `state` as the key's state (its runs, held matches and next sequence number). */
  store(state: MatcherState<E>): void {
    const runs = state.runs;
    const nextSeq = state.nextSeq;
    if (state.held !== this.held) this.held = state.held;
    this.nextSeq = nextSeq;
    const only = runs.length === 1 ? runs[0]! : null;
    // Flat only when the run's sequence number is the key's `nextSeq - 1` and need not be kept:
    // so whenever the event that started it is the latest that changed the key's state, which is
    // nearly always. A key where it is not keeps the object.
    if (only instanceof StartNode && only.seq === nextSeq - 1) {
      this.stored = only.event as E;
      this.flatState = only.state;
      this.flatStep = only.step;
      const time = only.timestamp;
      const offset = time - timeBase(time);
      const small = offset | 0;
      if (small === offset && !Object.is(time, -0)) {
        this.flatTime = small; // an int32 operation's result: stored as a small integer, not a heap number
        this.bits = (this.bits | FLAT_START) & ~RAW_TIME;
      } else {
        this.flatTime = time;
        this.bits |= FLAT_START | RAW_TIME;
      }
      return;
    }
    this.bits &= ~FLAT_START;
    this.stored = only ?? runs;
  }

  /**
   * The partial matches as the step functions read them. For a key with one partial match this
   * makes a one-element array on every read (and the partial match itself, when flat): callers
   * read it once per step.
   */
  get runs(): MatcherState<E>['runs'] {
    const stored = this.stored;
    if ((this.bits & FLAT_START) !== 0) return [this.flatRun()];
    return isRunList(stored) ? stored : [stored as Run<E>];
  }

  /** How many partial matches the key holds (no array made). */
  get runCount(): number {
    if ((this.bits & FLAT_START) !== 0) return 1;
    const stored = this.stored;
    return isRunList(stored) ? stored.length : 1;
  }

  /** When the partial match that started first started (`Infinity` with none; no object made). */
  get firstStart(): number {
    if ((this.bits & FLAT_START) !== 0) return this.flatTimestamp();
    return this.storedRun(false)?.startTimestamp ?? Infinity;
  }

  /** When the partial match that started last started (`Infinity` with none; no object made). */
  get newestStart(): number {
    if ((this.bits & FLAT_START) !== 0) return this.flatTimestamp();
    return this.storedRun(true)?.startTimestamp ?? Infinity;
  }

  /** Whether the partial match that started last started with the event numbered `seq` (no object made). */
  newestStartedAt(seq: number): boolean {
    if ((this.bits & FLAT_START) !== 0) return this.nextSeq - 1 === seq;
    return this.storedRun(true)?.startSeq === seq;
  }

  /** The first or last of the partial matches when they are not kept flat (they are ordered by start). */
  private storedRun(newest: boolean): Run<E> | undefined {
    const stored = this.stored as Run<E> | MatcherState<E>['runs'];
    if (!isRunList(stored)) return stored;
    return newest ? stored[stored.length - 1] : stored[0];
  }

  /**
   * Stops keeping the partial match flat: from now on the slot holds its `StartNode`. For a key
   * that has let an event pass and waits on: a key that keeps receiving events would otherwise
   * make the node anew for each of them (W2's users between their comments, W3's keys between
   * `a` and `b`), while most keys kept flat are read once, by the event or the timer that ends
   * their partial match (W1's orders).
   */
  unflatten(): void {
    if ((this.bits & FLAT_START) === 0) return;
    this.stored = this.flatRun();
    this.bits &= ~FLAT_START;
  }

  /** The flat partial match as the object the step functions read (a new one each time). */
  private flatRun(): StartNode<E> {
    return new StartNode(this.flatState, this.flatStep, this.stored as E, this.flatTimestamp(), this.nextSeq - 1);
  }

  private flatTimestamp(): number {
    const time = this.flatTime!;
    return (this.bits & RAW_TIME) !== 0 ? time : time + BASE.time;
  }

  /**
   * With per-step windows, whether a window timer is queued for this key: one at a time, at the
   * key's earliest deadline. A per-step window can end before the queued timer; then an earlier
   * one is queued (see `timerAt`) and the later one, when it fires, finds nothing due and does
   * nothing. (With only a pattern-wide window each partial match's start has a timer of its own
   * and this flag is not used.)
   */
  get timerQueued(): boolean {
    return (this.bits & TIMER_QUEUED) !== 0;
  }

  set timerQueued(queued: boolean) {
    this.bits = queued ? this.bits | TIMER_QUEUED : this.bits & ~TIMER_QUEUED;
  }

  /** The slot's allocation stamp, the order in which captures read keys. */
  static bornOf<E>(this: void, slot: KeySlot<E>): number {
    return slot.born;
  }

  /** The state as an immutable value, for captures: the slot changes, this does not. */
  static stateOf<E>(this: void, slot: KeySlot<E>): MatcherState<E> {
    return { runs: slot.runs, held: slot.held, nextSeq: slot.nextSeq };
  }

  /**
   * The slot itself as its state, for a capture reading a key not changed since it was taken:
   * the reader uses it at once, before the key can change, and a checkpoint of a million keys
   * makes no copy of each.
   */
  static asState<E>(this: void, slot: KeySlot<E>): MatcherState<E> {
    return slot;
  }
}

/** The keyed state of one pattern. */
export class KeyedPattern<E> {
  readonly name: string;
  readonly nfa: Nfa<E>;
  readonly readKey: (event: E) => Key | Unreadable;
  /** How the pattern is keyed, as checkpoints record it: restored state must have been keyed the same way. */
  readonly keyFingerprint: string;
  readonly accepts: ((event: E) => boolean) | null;
  private readonly options: StepOptions;
  private readonly cap: number;
  private readonly policy: CapPolicy;
  /** Live keys only: a key whose partial matches have all ended is removed. Capturable in O(1). */
  readonly states = new CowMap<Key, KeySlot<E>, MatcherState<E>>(KeySlot.stateOf, KeySlot.bornOf, KeySlot.asState);
  /** Reused for the outputs of one step. */
  private readonly outputs: MatcherOutput<E>[] = [];
  /** The stamp of the next slot made (see `KeySlot.born`). */
  private born = 0;

  constructor(
    spec: PatternSpec<E>,
    private readonly index: number,
    private readonly timers: TimerQueue,
  ) {
    checkPatternSpec(spec, index); // before anything reads the options
    this.name = spec.name;
    this.nfa = compile(spec.pattern instanceof Pattern ? spec.pattern.toModel() : spec.pattern);
    this.readKey = keyAccessor(spec.keyBy);
    this.keyFingerprint = keyFingerprint(spec.keyBy);
    this.accepts = spec.filter ?? null;
    this.options = { timeouts: spec.timeouts ?? true };
    this.cap = spec.maxPartialMatchesPerKey ?? DEFAULT_MAX_PARTIAL_MATCHES_PER_KEY;
    this.policy = spec.capPolicy ?? 'drop-oldest';
  }

  /**
   * Offers an event (at `timestamp`, already in order; from input `line` when known) to its key's
   * state, queueing a window timer if needed. The caller must have fired every timer due by
   * `timestamp` (the engine does), so no partial match that could take the event has timed out.
   */
  process(event: E, key: Key, timestamp: number, emit: Emit<E>, line?: number): void {
    const slot = this.states.get(key);
    const outputs = this.outputs;
    let state: MatcherState<E> = slot ?? initialState<E>();
    const seq = state.nextSeq;
    state = consumeEventInto(this.nfa, state, event, timestamp, this.options, outputs);
    if (outputs.length > 0) this.forward(key, event, line, emit);
    if (runCountOf(state) > this.cap) state = this.applyCap(state, key, timestamp, emit);
    let live: KeySlot<E>;
    if (slot !== undefined) {
      // A key that lets an event pass and waits on will likely be read again: keep the node the
      // slot would otherwise make anew for each event (see `KeySlot.unflatten`).
      if (state === slot) slot.unflatten();
      else if (!this.update(slot, state)) return;
      live = slot;
    } else {
      if (isEmpty(state)) return;
      live = this.add(key, state);
    }
    if (this.nfa.hasStateWindows) this.scheduleEarliest(live);
    else if (this.nfa.windowMs !== null) this.queueStartedAt(live, seq);
  }

  /**
   * Fires a window timer of `key` due at `time`. The key may hold nothing any more, or the partial
   * matches the timer was queued for may have ended (then nothing is due, and the windows of the
   * others have timers of their own). A timer queued before the key was last forgotten may find
   * the partial matches it holds now: those started no earlier than the ones it was queued for,
   * so their windows end no earlier, and the timer finds nothing due, or fires just as their own
   * timer, queued for the same moment, would have.
   */
  fire(key: Key, time: number, emit: Emit<E>): void {
    const slot = this.states.get(key);
    if (slot === undefined) return;
    const stateWindows = this.nfa.hasStateWindows;
    if (stateWindows) {
      // A timer replaced by an earlier one: the earlier one has fired and queued the one at
      // `timerAt`, so nothing is due before then.
      if (slot.timerQueued && time < slot.timerAt) return;
      slot.timerQueued = false;
    }
    if (this.deadlineOf(slot) > time) {
      if (stateWindows) this.scheduleEarliest(slot);
      return;
    }
    const state = advanceTimeInto(this.nfa, slot, time, this.options, this.outputs);
    if (this.outputs.length > 0) this.forward(slot.key, undefined, undefined, emit);
    if (this.update(slot, state) && stateWindows) this.scheduleEarliest(slot);
  }

  /** Puts back a key's state (from a checkpoint) and queues its window timers: timers are derived from state, never stored. */
  restoreKey(key: Key, state: MatcherState<E>): void {
    const old = this.states.get(key);
    if (old !== undefined) this.remove(old);
    if (isEmpty(state)) return;
    const slot = this.add(key, state);
    if (this.nfa.hasStateWindows) {
      this.scheduleEarliest(slot);
    } else if (this.nfa.windowMs !== null) {
      // One timer per distinct start, as the uninterrupted run queued them (runs are ordered by start).
      let queued = -Infinity;
      for (const run of slot.runs) {
        const deadline = run.startTimestamp + this.nfa.windowMs;
        if (deadline > queued) this.timers.push((queued = deadline), this.index, key);
      }
    }
  }

  /** Forgets every key (before a restore; the caller clears the timers). */
  clear(): void {
    this.states.clear(); // open captures save the old states first
  }

  /** Partial matches held across all keys. */
  get partialMatches(): number {
    let total = 0;
    for (const slot of this.states.values()) total += slot.runCount + slot.held.length;
    return total;
  }

  private add(key: Key, state: MatcherState<E>): KeySlot<E> {
    const slot = new KeySlot(this.born, key, state);
    this.born = (this.born + 1) & BORN_MASK;
    this.states.set(key, slot);
    return slot;
  }

  /** Stores the key's new state; false if it holds nothing any more (the key is then removed). */
  private update(slot: KeySlot<E>, state: MatcherState<E>): boolean {
    if (state === slot) return true;
    if (isEmpty(state)) {
      this.remove(slot);
      return false;
    }
    this.states.beforeChange(slot.key);
    slot.store(state);
    return true;
  }

  private remove(slot: KeySlot<E>): void {
    this.states.delete(slot.key); // a timer still queued for the key finds no state and does nothing
  }

  /** When the key's earliest window ends (`Infinity` without a window or partial match). */
  private deadlineOf(slot: KeySlot<E>): number {
    const nfa = this.nfa;
    if (nfa.hasStateWindows) {
      // Per-step windows end a last taken event's time after: any run's may end first.
      const runs = slot.runs;
      let earliest = Infinity;
      for (let i = 0; i < runs.length; i++) earliest = Math.min(earliest, deadlineOf(nfa, runs[i]!));
      return earliest;
    }
    const windowMs = nfa.windowMs;
    // Runs are ordered by their first event: the first one's window ends first.
    return windowMs === null ? Infinity : slot.firstStart + windowMs;
  }

  /**
   * With only a pattern-wide window: queues a timer for the window of a partial match that the
   * event numbered `seq` started (the newest run, if any started). Every start gets its own
   * timer, queued in time order as events come (the queue's cheap in-order path), so a firing
   * timer never has to queue the key's next deadline out of order. Runs that branch off an
   * existing one keep its start, and with it its timer.
   */
  private queueStartedAt(slot: KeySlot<E>, seq: number): void {
    if (slot.newestStartedAt(seq)) this.timers.push(slot.newestStart + this.nfa.windowMs!, this.index, slot.key);
  }

  /**
   * With per-step windows: queues a timer for the key's earliest deadline unless one at or before
   * it is queued already. A new partial match can end before the queued timer (a step window is
   * counted from the last taken event), so one timer per key, moved earlier when needed.
   */
  private scheduleEarliest(slot: KeySlot<E>): void {
    const deadline = this.deadlineOf(slot);
    if (deadline === Infinity) return;
    if (slot.timerQueued && deadline >= slot.timerAt) return;
    slot.timerQueued = true;
    slot.timerAt = deadline;
    this.timers.push(deadline, this.index, slot.key);
  }

  private applyCap(state: MatcherState<E>, key: Key, timestamp: number, emit: Emit<E>): MatcherState<E> {
    const excess = state.runs.length - this.cap;
    if (excess <= 0) return state;
    // Partial matches are ordered by their first event: drop-oldest keeps the newest, reject-new
    // keeps those that were there first.
    const runs = this.policy === 'drop-oldest' ? state.runs.slice(excess) : state.runs.slice(0, this.cap);
    emit({ id: 0, kind: 'capped', pattern: this.name, key, policy: this.policy, dropped: excess, timestamp });
    return { runs, held: state.held, nextSeq: state.nextSeq };
  }

  /**
   * Sends the collected outputs on as engine outputs and empties the collection. `event` (from
   * input `line`) is the one being processed, `undefined` when a timer fired.
   */
  private forward(key: Key, event: E | undefined, line: number | undefined, emit: Emit<E>): void {
    const outputs = this.outputs;
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
            // A failed condition is about the event it was asked about: the output names its line.
            message: atLine(output.code === 'condition-failed' ? line : undefined, `pattern '${this.name}', key ${JSON.stringify(key)}: ${output.message}`),
            pattern: this.name,
            key,
            step: output.step,
            timestamp: output.timestamp,
            ...(output.code === 'condition-failed' ? { record: event, ...lineField(line) } : {}),
            ...(output.events !== undefined ? { events: output.events } : {}),
          });
          break;
      }
    }
    outputs.length = 0;
  }
}

/** Slot stamps wrap at 2^30 (V8 small integers); only the order of captures depends on them. */
const BORN_MASK = 2 ** 30 - 1;

/** In `KeySlot.bits`: a window timer is queued for the key (see `timerQueued`). */
const TIMER_QUEUED = 1;
/**
 * In `KeySlot.bits`: the key holds one partial match that has taken one event, kept flat:
 * `stored` is that event, and the partial match's state, step and time are fields of the slot.
 * Its sequence number is the key's `nextSeq - 1` (the slot keeps it flat only then).
 */
const FLAT_START = 2;
/** In `KeySlot.bits`: the flat partial match's time is kept as it is, not counted from the base. */
const RAW_TIME = 4;

/**
 * What flat partial matches count their time from: the first whole-millisecond time one held, in
 * this process. Times within 2^31 ms (24 days) of it, in whole milliseconds, are small integers
 * from it; both subtraction and addition are exact there.
 */
const BASE = { time: NaN };

function timeBase(time: number): number {
  if (Number.isNaN(BASE.time) && Number.isSafeInteger(time)) BASE.time = time;
  return BASE.time;
}

const NO_RUNS: MatcherState<never>['runs'] = initialState<never>().runs;
const NO_HELD: MatcherState<never>['held'] = initialState<never>().held;
(KeySlot.prototype as unknown as { held: MatcherState<never>['held'] }).held = NO_HELD;
(KeySlot.prototype as unknown as { timerAt: number }).timerAt = Infinity;

function isRunList<E>(stored: Run<E> | MatcherState<E>['runs'] | E): stored is MatcherState<E>['runs'] {
  return Array.isArray(stored);
}

/** The number of partial matches in a state, without making a slot build its array. */
function runCountOf(state: MatcherState<unknown>): number {
  return state instanceof KeySlot ? state.runCount : state.runs.length;
}

function isEmpty(state: MatcherState<unknown>): boolean {
  return runCountOf(state) === 0 && state.held.length === 0;
}
