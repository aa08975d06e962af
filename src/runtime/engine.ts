// The keyed streaming runtime: takes raw records, orders them by event time under a watermark
// (or stamps them with processing time), runs every pattern on every event in one pass, fires
// window timers, and emits matches, timeouts, late events and errors as one ordered stream.
import { OrderedQueue } from './ordered-queue.js';
import { resolveTime, type EngineOptions, type ResolvedEventTime, type ResolvedProcessingTime } from './engine-options.js';
import { KeyedPattern, type Emit } from './keyed-pattern.js';
import type { EngineOutput } from './outputs.js';
import type { EngineStats } from '../state/checkpoint.js';
import type { EngineSnapshot } from '../state/snapshot.js';
import { planRestore, type DroppedState, type RestoreOptions } from '../state/restore-plan.js';
import type { CheckpointData } from '../state/checkpoint.js';
import { timestampAccessor, Unreadable } from './record-fields.js';
import { timestampFingerprint } from '../state/fingerprint.js';
import { TimerQueue } from './timer-queue.js';
import { describeFieldValue, describeThrown } from '../text/describe.js';
import { readAnswer } from '../pattern/condition-answer.js';
import { atLine, checkLine, lineField } from './record-line.js';

/** A watermark supplied by the source in the middle of its records (see {@link watermark}). */
export class Watermark {
  constructor(readonly timestamp: number) {
    // Refused where it is made, in the source's code, rather than later inside the engine's loop.
    checkWatermark(timestamp);
  }
}

/** Marks a point in a source after which no event older than `timestamp` will come. */
export function watermark(timestamp: number): Watermark {
  return new Watermark(timestamp);
}

/**
 * A record with the input line it came from, for sources read by `run()` or `toNodeStream`, which
 * push what they are given (see {@link withLine}); `push(record, line)` is the same for a caller
 * that pushes records itself.
 */
export class LineRecord {
  constructor(
    readonly record: unknown,
    readonly line: number,
  ) {
    // Refused where it is made, in the source's code, as a watermark is.
    checkLine(line);
  }
}

/**
 * Gives a source's record its input line (a whole number from 1): every output about the record
 * names it, as `push(record, line)` does, e.g. `source.map((text, i) => withLine(JSON.parse(text), i + 1))`.
 */
export function withLine(record: unknown, line: number): LineRecord {
  return new LineRecord(record, line);
}

interface BufferedEvent<E> {
  readonly timestamp: number;
  readonly arrival: number;
  readonly record: E;
  /** The input line it came from; `undefined` when pushed without one (the field is always there: one shape). */
  readonly line: number | undefined;
}

/**
 * Runs several patterns over one keyed stream.
 *
 * Use it by push calls (`push`, `advanceWatermark`, `tick`, `flush`), as an async pipeline
 * (`for await (const out of engine.run(source))`), or as a Node stream (`toNodeStream` in
 * node-stream.ts). Outputs come in a deterministic order for a given input: by time, then
 * arrival, then pattern order; each carries an increasing `id`.
 */
export class CepEngine<E extends object = Record<string, unknown>> {
  private readonly patterns: KeyedPattern<E>[];
  private readonly time: ResolvedEventTime<E> | ResolvedProcessingTime;
  private readonly readTimestamp: ((event: E) => number | Unreadable) | null;
  /** In event time, identifies how timestamps are read (recorded in checkpoints, checked on restore). */
  private readonly timestampFingerprint: string | null;
  private readonly buffer: OrderedQueue<BufferedEvent<E>>;
  private readonly timers = new TimerQueue();
  private currentWatermark = -Infinity;
  private maxTimestamp = -Infinity;
  private lastArrivalWall = -Infinity;
  /** The latest wall-clock reading: readings never go back from it (see `wallClock`). */
  private lastWall = -Infinity;
  private arrivals = 0;
  private nextOutputId = 0;
  private out: EngineOutput<E>[] = [];
  private readonly emitOutput: Emit<E> = (output) => this.emit(output);
  private readonly counts: EngineStats = { records: 0, matches: 0, timeouts: 0, late: 0, errors: 0, capped: 0 };
  /** Set while a call runs user code (conditions, filters, key and timestamp functions). */
  private busy = false;

  constructor(options: EngineOptions<E>) {
    if (options === null || typeof options !== 'object' || !Array.isArray(options.patterns)) {
      throw new TypeError('a CepEngine takes options { patterns: [{ name, pattern, keyBy }, …], time? }');
    }
    if (options.patterns.length === 0) throw new RangeError('a CepEngine needs at least one pattern');
    options.patterns.forEach((spec, index) => {
      if (spec === null || typeof spec !== 'object') throw new TypeError(`patterns[${index}] must be an object { name, pattern, keyBy, … }`);
    });
    const names = new Set<string>();
    for (const spec of options.patterns) {
      if (names.has(spec.name)) throw new RangeError(`two patterns are named '${spec.name}'; pattern names must be unique`);
      names.add(spec.name);
    }
    this.patterns = options.patterns.map((spec, index) => new KeyedPattern(spec, index, this.timers));
    this.time = resolveTime(options.time);
    this.readTimestamp = this.time.mode === 'event' ? timestampAccessor(this.time.timestamp) : null;
    this.timestampFingerprint = this.time.mode === 'event' ? timestampFingerprint(this.time.timestamp) : null;
    // By time, then arrival. The user's `compare` orders the events of one timestamp when the
    // watermark releases them (see `dispatchTies`), never inside the buffer: then the comparisons
    // made, and the errors a failing one reports, depend only on those events, not on how the
    // buffer happened to be arranged (a restored engine rebuilds it in another arrangement).
    this.buffer = new OrderedQueue<BufferedEvent<E>>((a, b) => a.timestamp - b.timestamp || a.arrival - b.arrival);
  }

  /**
   * The user's order of two events of one timestamp. One that throws or answers no number must
   * not lose an event: it counts as a tie (arrival order) and becomes a `compare-failed` error
   * naming the later-arrived of the two, once per event (`reported` holds those already named).
   */
  private tieBreak(compare: (a: E, b: E) => number, a: BufferedEvent<E>, b: BufferedEvent<E>, reported: Set<number>): number {
    let order: unknown;
    let problem: string;
    try {
      order = compare(a.record, b.record);
      if (typeof order === 'number' && !Number.isNaN(order)) return order;
      problem = `answered ${describeFieldValue(order)}, not a number`;
    } catch (error) {
      problem = `threw: ${describeThrown(error)}`;
    }
    const later = a.arrival > b.arrival ? a : b;
    if (!reported.has(later.arrival)) {
      reported.add(later.arrival);
      this.emit({
        id: 0,
        kind: 'error',
        code: 'compare-failed',
        message: atLine(later.line, `the compare function ${problem}; events at ${later.timestamp} keep their arrival order`),
        record: later.record,
        ...lineField(later.line),
        timestamp: later.timestamp,
      });
    }
    return 0;
  }

  /** The current watermark (`-Infinity` before any; `Infinity` after `flush`). */
  get watermark(): number {
    return this.currentWatermark;
  }

  /** Keys that hold partial matches, summed over patterns. */
  get liveKeys(): number {
    let total = 0;
    for (const pattern of this.patterns) total += pattern.states.size;
    return total;
  }

  /** Partial matches held, summed over patterns and keys. */
  get partialMatches(): number {
    let total = 0;
    for (const pattern of this.patterns) total += pattern.partialMatches;
    return total;
  }

  /** Totals so far (they survive a restore). */
  get stats(): Readonly<EngineStats> {
    return { ...this.counts };
  }

  /** Events waiting for the watermark. */
  get bufferedEvents(): number {
    return this.buffer.size;
  }

  /**
   * Takes one record. Bad records become `error` outputs; late ones `late` outputs. `line`, if
   * given, says where the record came from (a line number, from 1): every output about the record
   * carries it as its `line` field (errors also as a `line N: ` prefix of their message), however
   * long the record waits for the watermark, across checkpoints too. A `line` that is not a whole
   * number from 1 throws a RangeError, and nothing changes. A {@link LineRecord} (`withLine`) is
   * its record pushed with its line; it takes no second one.
   */
  push(record: unknown, line?: number): EngineOutput<E>[] {
    if (this.busy) throw reentered('push');
    if (record instanceof LineRecord) {
      if (line !== undefined) throw new RangeError(`push(): the record already carries line ${record.line} (withLine); give the line once, not also ${String(line)}`);
      line = record.line;
      record = record.record;
    }
    checkLine(line);
    this.busy = true;
    try {
      return this.pushRecord(record, line);
    } finally {
      this.busy = false;
    }
  }

  private pushRecord(record: unknown, line: number | undefined): EngineOutput<E>[] {
    if (record instanceof Watermark) return this.watermarkTo(record.timestamp);
    const time = this.time;
    // Read before anything changes: a clock that fails refuses the record whole.
    const now = time.mode === 'processing' || time.idleTimeoutMs !== null ? this.wallClock() : 0;
    this.counts.records++;
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      this.emit({ id: 0, kind: 'error', code: 'not-an-object', message: atLine(line, `record is ${describeValue(record)}, not an object`), record, ...lineField(line) });
      return this.drainOutputs();
    }
    const event = record as E;
    if (time.mode === 'processing') {
      this.fireTimers(now);
      this.dispatch(event, now, line);
      return this.drainOutputs();
    }
    const timestamp = this.readTimestamp!(event);
    if (timestamp instanceof Unreadable) {
      this.emit({ id: 0, kind: 'error', code: 'bad-timestamp', message: atLine(line, timestamp.reason), record, ...lineField(line) });
      return this.drainOutputs();
    }
    if (time.idleTimeoutMs !== null) this.lastArrivalWall = now;
    const frontier = this.frontier();
    if (timestamp <= frontier) {
      this.emit({ id: 0, kind: 'late', record: event, ...lineField(line), timestamp, watermark: frontier });
      return this.drainOutputs();
    }
    this.buffer.push({ timestamp, arrival: this.arrivals++, record: event, line });
    if (timestamp > this.maxTimestamp) this.maxTimestamp = timestamp;
    if (time.bounded) this.moveWatermark(this.maxTimestamp - time.maxOutOfOrdernessMs - 1);
    return this.drainOutputs();
  }

  /**
   * Reports input that never became a record (e.g. a line that is not JSON) as a `bad-input`
   * error output, numbered in sequence with every other output. With `line` (checked as `push`
   * checks it), the output carries it, and its message starts `line N: `.
   */
  rejectInput(input: unknown, message: string, line?: number): EngineOutput<E>[] {
    if (this.busy) throw reentered('rejectInput');
    checkLine(line);
    this.counts.records++;
    this.emit({ id: 0, kind: 'error', code: 'bad-input', message: atLine(line, message), record: input, ...lineField(line) });
    return this.drainOutputs();
  }

  /** Moves the watermark forward (a smaller value is ignored), processing what it releases. */
  advanceWatermark(timestamp: number): EngineOutput<E>[] {
    this.enter('advanceWatermark');
    try {
      return this.watermarkTo(timestamp);
    } finally {
      this.busy = false;
    }
  }

  private watermarkTo(timestamp: number): EngineOutput<E>[] {
    checkWatermark(timestamp);
    if (this.time.mode === 'processing') {
      this.fireTimers(this.wallClock()); // processing time ignores watermarks; only the clock moves it
    } else {
      this.moveWatermark(timestamp);
    }
    return this.drainOutputs();
  }

  /**
   * Consults the clock: in processing time, fires the timers that are due; in event time with an
   * idle timeout, moves the watermark of a quiet stream along with the wall clock.
   */
  tick(): EngineOutput<E>[] {
    this.enter('tick');
    try {
      return this.tickClock();
    } finally {
      this.busy = false;
    }
  }

  private tickClock(): EngineOutput<E>[] {
    const time = this.time;
    if (time.mode === 'processing') {
      this.fireTimers(this.wallClock());
    } else if (time.idleTimeoutMs !== null && this.maxTimestamp > -Infinity) {
      const silence = this.wallClock() - this.lastArrivalWall;
      if (silence >= time.idleTimeoutMs) this.moveWatermark(this.maxTimestamp + (silence - time.idleTimeoutMs));
    }
    return this.drainOutputs();
  }

  /** End of input: time goes to +∞, every buffered event is processed and every window resolves. */
  flush(): EngineOutput<E>[] {
    this.enter('flush');
    try {
      if (this.time.mode === 'processing') this.fireTimers(Infinity);
      else this.moveWatermark(Infinity);
      return this.drainOutputs();
    } finally {
      this.busy = false;
    }
  }

  /**
   * Refuses a call made from inside another (a condition, filter, key or timestamp function
   * calling back into the engine): the outer call's outputs and state would be cut in two. The
   * error, thrown into that user function, is reported like any other it throws.
   */
  private enter(method: string): void {
    if (this.busy) throw reentered(method);
    this.busy = true;
  }

  /**
   * Runs over an async (or sync) source of records and `watermark(ts)` marks, yielding outputs as
   * they happen, and flushes at the end. With an idle timeout or in processing time it also wakes
   * up on its own (every `tickMs`, default 1/4 of the idle timeout or 1 s) to fire timers.
   */
  async *run(source: AsyncIterable<unknown> | Iterable<unknown>, options: { tickMs?: number } = {}): AsyncGenerator<EngineOutput<E>> {
    const iterator = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : toAsync(source as Iterable<unknown>);
    const tickMs = options.tickMs ?? this.defaultTickMs();
    let next: Promise<IteratorResult<unknown>> | null = null;
    let finished = false;
    try {
      for (;;) {
        next ??= iterator.next();
        const result = tickMs === null ? await next : await raceWithTimer(next, tickMs);
        if (result === TICK) {
          yield* this.tick();
          continue;
        }
        next = null;
        if (result.done === true) break;
        yield* this.push(result.value);
      }
      finished = true;
      yield* this.flush();
    } finally {
      // The consumer stopped early: let the source release what it holds.
      if (!finished) await iterator.return?.();
    }
  }

  private defaultTickMs(): number | null {
    if (this.time.mode === 'processing') return 1000;
    return this.time.idleTimeoutMs === null ? null : Math.max(10, Math.floor(this.time.idleTimeoutMs / 4));
  }

  /**
   * The clock's time, never earlier than a reading before it: a wall clock can be set back (by
   * hand or by time synchronisation), and processing time going back would let a partial match
   * take an event from before its own start. A reading that is not a number is a broken clock,
   * not bad input: it throws, and the call that read it changes nothing.
   */
  private wallClock(): number {
    const now: unknown = this.time.clock.now();
    if (typeof now !== 'number' || Number.isNaN(now)) throw new RangeError(`the engine's clock answered ${describeFieldValue(now)}, not a time in milliseconds`);
    if (now > this.lastWall) this.lastWall = now;
    return this.lastWall;
  }

  /** Events at or before this time are processed; an arriving event at or before it is late. */
  private frontier(): number {
    const time = this.time;
    return time.mode === 'event' ? this.currentWatermark - time.allowedLatenessMs : -Infinity;
  }

  private moveWatermark(watermark: number): void {
    if (!(watermark > this.currentWatermark)) return;
    this.currentWatermark = watermark;
    const frontier = this.frontier();
    const compare = this.time.mode === 'event' ? this.time.compare : null;
    for (let next = this.buffer.peek(); next !== undefined && next.timestamp <= frontier; next = this.buffer.peek()) {
      this.buffer.pop();
      this.fireTimers(next.timestamp);
      if (compare === null) this.dispatch(next.record, next.timestamp, next.line);
      else this.dispatchTies(next, compare);
    }
    this.fireTimers(frontier);
  }

  /**
   * Runs `first` and every other buffered event of its timestamp in the user's order, as Flink
   * sorts the events of one timestamp with its comparator when the watermark passes them. All of
   * them are buffered by then: one arriving later would be late. The sort is stable, so ties and
   * failed comparisons keep arrival order.
   */
  private dispatchTies(first: BufferedEvent<E>, compare: (a: E, b: E) => number): void {
    const ties = [first];
    for (let next = this.buffer.peek(); next !== undefined && next.timestamp === first.timestamp; next = this.buffer.peek()) ties.push(this.buffer.pop()!);
    if (ties.length > 1) {
      const reported = new Set<number>();
      ties.sort((a, b) => this.tieBreak(compare, a, b, reported));
    }
    for (const entry of ties) this.dispatch(entry.record, entry.timestamp, entry.line);
  }

  /** Fires every window timer due at or before `time`, earliest first. */
  private fireTimers(time: number): void {
    const timers = this.timers;
    while (timers.popDue(time)) {
      this.patterns[timers.poppedPattern]!.fire(timers.poppedKey, timers.poppedDeadline, this.emitOutput);
    }
  }

  /** Runs every pattern on one in-order event (from input `line`, when known). */
  private dispatch(event: E, timestamp: number, line: number | undefined): void {
    for (let i = 0; i < this.patterns.length; i++) {
      const pattern = this.patterns[i]!;
      if (pattern.accepts !== null && !this.accepted(pattern, event, timestamp, line)) continue;
      const key = pattern.readKey(event);
      if (key instanceof Unreadable) {
        this.emit({
          id: 0,
          kind: 'error',
          code: 'bad-key',
          message: atLine(line, `pattern '${pattern.name}': ${key.reason}`),
          pattern: pattern.name,
          record: event,
          ...lineField(line),
          timestamp,
        });
        continue;
      }
      pattern.process(event, key, timestamp, this.emitOutput, line);
    }
  }

  /** Whether `pattern`'s input filter takes the event (a truthy answer, as for conditions). */
  private accepted(pattern: KeyedPattern<E>, event: E, timestamp: number, line: number | undefined): boolean {
    let answer: unknown;
    try {
      answer = pattern.accepts!(event);
    } catch (error) {
      this.filterFailed(pattern, event, timestamp, line, `the filter threw: ${describeThrown(error)}`);
      return false;
    }
    const accepted = readAnswer(answer);
    if (accepted !== 'promise') return accepted;
    this.filterFailed(pattern, event, timestamp, line, 'the filter returned a promise; filters must answer at once (they cannot be async)');
    return false;
  }

  private filterFailed(pattern: KeyedPattern<E>, event: E, timestamp: number, line: number | undefined, what: string): void {
    this.emit({
      id: 0,
      kind: 'error',
      code: 'filter-failed',
      message: atLine(line, `pattern '${pattern.name}': ${what}`),
      pattern: pattern.name,
      record: event,
      ...lineField(line),
      timestamp,
    });
  }

  private emit(output: EngineOutput<E>): void {
    (output as { id: number }).id = this.nextOutputId++;
    this.out.push(output);
    switch (output.kind) {
      case 'match':
        this.counts.matches++;
        break;
      case 'timeout':
        this.counts.timeouts++;
        break;
      case 'late':
        this.counts.late++;
        break;
      case 'error':
        this.counts.errors++;
        break;
      case 'capped':
        this.counts.capped++;
        break;
    }
  }

  /**
   * Captures the whole state between two records in O(patterns + buffered events): key states
   * are captured copy-on-write, so processing goes on while the snapshot is converted and encoded
   * (see `snapshotToCheckpoint`). `position` is where the source resumes after this record;
   * `sinks` the committed positions of outputs. Call `release()`-free: conversion releases it.
   */
  captureSnapshot(position: unknown = null, sinks: Readonly<Record<string, unknown>> = {}): EngineSnapshot<E> {
    if (this.busy) throw reentered('captureSnapshot');
    const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);
    return {
      createdAt: new Date(this.wallClock()).toISOString(),
      position,
      time: {
        watermark: finite(this.currentWatermark),
        flushed: this.currentWatermark === Infinity,
        maxTimestamp: finite(this.maxTimestamp),
        arrivals: this.arrivals,
        nextOutputId: this.nextOutputId,
        mode: this.time.mode,
        clock: finite(this.lastWall),
        ...(this.timestampFingerprint === null ? {} : { timestamp: this.timestampFingerprint }),
      },
      stats: { ...this.counts },
      buffer: this.buffer.toArray(),
      patterns: this.patterns.map((pattern) => ({
        name: pattern.name,
        model: pattern.nfa.model,
        keyFingerprint: pattern.keyFingerprint,
        nfa: pattern.nfa,
        capture: pattern.states.capture(),
      })),
      sinks,
    };
  }

  /**
   * Replaces this engine's state with a checkpoint's. Patterns are matched by name; a changed
   * pattern restores if its key and the steps holding partial matches are unchanged (see
   * RestoreOptions for the choices otherwise). Throws `CheckpointError` and leaves the engine
   * untouched on failure. Returns what was dropped on request.
   */
  restore(data: CheckpointData, options: RestoreOptions = {}): DroppedState[] {
    if (this.busy) throw reentered('restore');
    const plan = planRestore(
      data,
      this.patterns.map((pattern) => ({ name: pattern.name, model: pattern.nfa.model, keyFingerprint: pattern.keyFingerprint, nfa: pattern.nfa })),
      options,
      { mode: this.time.mode, timestamp: this.timestampFingerprint },
    );
    this.wallClock(); // a broken clock throws here, before anything changes
    // The saving engine's clock readings bound this one's from below: processing time restored
    // on a host whose clock is behind, or after the clock was set back, does not go back.
    if (plan.clock > this.lastWall) this.lastWall = plan.clock;
    const now = this.lastWall;
    this.currentWatermark = plan.watermark;
    this.maxTimestamp = plan.maxTimestamp;
    this.arrivals = plan.arrivals;
    this.nextOutputId = plan.nextOutputId;
    Object.assign(this.counts, plan.stats);
    this.lastArrivalWall = now;
    this.buffer.clear();
    for (const entry of plan.buffer) this.buffer.push(entry);
    this.timers.clear();
    this.out = [];
    for (const pattern of this.patterns) {
      pattern.clear();
      for (const [key, state] of plan.patterns.get(pattern.name) ?? []) pattern.restoreKey(key, state);
    }
    return [...plan.dropped];
  }

  private drainOutputs(): EngineOutput<E>[] {
    const outputs = this.out;
    this.out = [];
    return outputs;
  }
}

/**
 * Refuses a watermark that is not a number (only an untyped caller can pass one: a text
 * watermark would compare as text from then on) or is NaN.
 */
function checkWatermark(timestamp: number): void {
  if (typeof timestamp !== 'number' || Number.isNaN(timestamp)) throw new RangeError(`a watermark is a number of milliseconds, not ${describeFieldValue(timestamp)}`);
}

/** The error a call into the engine from inside one of its own calls gets. */
function reentered(method: string): Error {
  return new Error(`CepEngine.${method}() was called while the engine was processing, from a condition, filter, key or timestamp function; these must not call back into the engine`);
}

const TICK = Symbol('tick');

function raceWithTimer<T>(promise: Promise<T>, ms: number): Promise<T | typeof TICK> {
  let timer: NodeJS.Timeout | undefined;
  const tick = new Promise<typeof TICK>((resolve) => {
    timer = setTimeout(() => resolve(TICK), ms);
  });
  return Promise.race([promise, tick]).finally(() => clearTimeout(timer));
}

async function* toAsync<T>(source: Iterable<T>): AsyncGenerator<T> {
  yield* source;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string ${JSON.stringify(value.length > 40 ? value.slice(0, 37) + '...' : value)}`;
  if (typeof value === 'function') return 'a function';
  return typeof value === 'undefined' ? 'undefined' : `a ${typeof value} (${describeFieldValue(value)})`;
}
