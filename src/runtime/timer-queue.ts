// Window timers of every key of every pattern, earliest first. Deadlines are an event's time plus
// a fixed window, and events come in time order, so nearly every timer is pushed in order: those
// go to segments of parallel arrays (16 bytes a timer, no object), the rare others to a heap.
// Timers due at the same time fire by pattern, then key, whatever order they were pushed in, so
// a restored engine (which registers its timers afresh) fires them as an uninterrupted one does.
import { MinHeap } from './min-heap.js';
import { compareKeys, type Key } from './record-fields.js';

/** What a timer fires for: one key of one pattern. */
export interface TimerTarget {
  /** Index of the pattern in the engine. */
  readonly pattern: number;
  readonly key: Key;
}

interface OutOfOrder<T> {
  readonly deadline: number;
  readonly target: T;
}

/** Timers per segment of the in-order part. */
const SEGMENT = 4096;

/** A fixed-size run of in-order timers: deadlines and targets side by side. */
interface Segment<T> {
  readonly deadlines: Float64Array;
  readonly targets: (T | undefined)[];
}

/**
 * A min-queue of (deadline, target), O(1) for timers pushed in order. The in-order part is a list
 * of fixed-size segments, not one growing ring: with a million timers queued, growing or sliding a
 * ring copies all of them in one go, a pause of tens of milliseconds in the middle of processing.
 */
export class TimerQueue<T extends TimerTarget> {
  /** Segments in order; timers live from `head` in the first to `tail` (exclusive) in the last. */
  private segments: Segment<T>[];
  /** Index of the first segment still in use in `segments` (spent ones are dropped in batches). */
  private first = 0;
  private head = 0;
  private tail = 0;
  /** One spent segment kept for reuse, so a queue that stays small allocates nothing. */
  private spare: Segment<T> | null = null;
  private inOrder = 0;
  private readonly heap = new MinHeap<OutOfOrder<T>>((a, b) => compareTimers(a.deadline, a.target, b.deadline, b.target));
  /** The deadline of the timer {@link TimerQueue.popDue} returned last. */
  poppedDeadline = 0;

  /** `segmentSize` is for tests, which use tiny segments to cross their boundaries often. */
  constructor(private readonly segmentSize = SEGMENT) {
    this.segments = [newSegment<T>(segmentSize)];
  }

  get size(): number {
    return this.inOrder + this.heap.size;
  }

  push(deadline: number, target: T): void {
    if (this.inOrder > 0) {
      const last = this.tail === 0 ? this.segments[this.segments.length - 2]! : this.segments[this.segments.length - 1]!;
      const at = (this.tail === 0 ? this.segmentSize : this.tail) - 1;
      if (compareTimers(last.deadlines[at]!, last.targets[at]!, deadline, target) > 0) {
        this.heap.push({ deadline, target });
        return;
      }
    }
    const segment = this.segments[this.segments.length - 1]!;
    segment.deadlines[this.tail] = deadline;
    segment.targets[this.tail] = target;
    this.inOrder++;
    if (++this.tail === this.segmentSize) {
      this.segments.push(this.spare ?? newSegment<T>(this.segmentSize));
      this.spare = null;
      this.tail = 0;
    }
  }

  /** Removes and returns the earliest timer due at or before `time` (its deadline in `poppedDeadline`), or `null`. */
  popDue(time: number): T | null {
    const top = this.heap.peek();
    if (this.inOrder > 0) {
      const segment = this.segments[this.first]!;
      const deadline = segment.deadlines[this.head]!;
      const target = segment.targets[this.head]!;
      if (top === undefined || compareTimers(deadline, target, top.deadline, top.target) <= 0) {
        if (deadline > time) return null;
        segment.targets[this.head] = undefined; // let it be collected
        this.inOrder--;
        if (++this.head === this.segmentSize) this.dropFirstSegment();
        else if (this.inOrder === 0) this.reset();
        this.poppedDeadline = deadline;
        return target;
      }
    }
    if (top === undefined || top.deadline > time) return null;
    this.heap.pop();
    this.poppedDeadline = top.deadline;
    return top.target;
  }

  /** Removes everything. */
  clear(): void {
    for (let i = this.first; i < this.segments.length; i++) this.segments[i]!.targets.fill(undefined);
    this.inOrder = 0;
    this.reset();
    while (this.heap.size > 0) this.heap.pop();
  }

  private dropFirstSegment(): void {
    this.spare = this.segments[this.first]!;
    this.segments[this.first++] = undefined as unknown as Segment<T>;
    this.head = 0;
    // Drop spent slots from the list now and then: a copy of the list, not of the timers.
    if (this.first >= 64 && this.first * 2 >= this.segments.length) {
      this.segments = this.segments.slice(this.first);
      this.first = 0;
    }
    if (this.inOrder === 0) this.reset();
  }

  /** Empty: start again at the front of the one segment left. */
  private reset(): void {
    const segment = this.segments[this.segments.length - 1]!;
    this.segments = [segment];
    this.first = 0;
    this.head = this.tail = 0;
  }
}

function newSegment<T>(size: number): Segment<T> {
  return { deadlines: new Float64Array(size), targets: new Array<T | undefined>(size).fill(undefined) };
}

function compareTimers(deadlineA: number, a: TimerTarget, deadlineB: number, b: TimerTarget): number {
  if (deadlineA !== deadlineB) return deadlineA - deadlineB;
  if (a.pattern !== b.pattern) return a.pattern - b.pattern;
  return compareKeys(a.key, b.key);
}
