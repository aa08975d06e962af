// Window timers of every key of every pattern, earliest first. Deadlines are an event's time plus
// a fixed window, and events come in time order, so nearly every timer is pushed in order: those
// go to segments of parallel arrays (20 bytes a timer, no object), the rare others to a heap.
// Timers due at the same time fire by pattern, then key, whatever order they were pushed in, so
// a restored engine (which registers its timers afresh) fires them as an uninterrupted one does.
import { MinHeap } from './min-heap.js';
import { compareKeys, type Key } from './record-fields.js';

/** One timer that did not come in order (kept in the heap). */
interface OutOfOrder {
  readonly deadline: number;
  readonly pattern: number;
  readonly key: Key;
}

/** Timers per segment of the in-order part. */
const SEGMENT = 4096;

/** A fixed-size run of in-order timers: deadlines, patterns and keys side by side. */
interface Segment {
  readonly deadlines: Float64Array;
  readonly patterns: Int32Array;
  readonly keys: (Key | undefined)[];
}

/**
 * A min-queue of window timers, each a deadline for one key of one pattern, O(1) for timers
 * pushed in order. The in-order part is a list of fixed-size segments, not one growing ring: with
 * a million timers queued, growing or sliding a ring copies all of them in one go, a pause of tens
 * of milliseconds in the middle of processing.
 *
 * A timer names its key, not the key's state: a key whose partial matches all end before their
 * windows do is forgotten at once, and its timers, still queued until their deadlines, keep no
 * more than the key itself alive. (When a timer held the state, every completed partial match's
 * state stayed in memory until its window would have ended: under steady traffic, as many dead
 * states as the window sees.) A firing timer finds the key's state by the key, if it still has one.
 */
export class TimerQueue {
  /** Segments in order; timers live from `head` in the first to `tail` (exclusive) in the last. */
  private segments: Segment[];
  /** Index of the first segment still in use in `segments` (spent ones are dropped in batches). */
  private first = 0;
  private head = 0;
  private tail = 0;
  /** One spent segment kept for reuse, so a queue that stays small allocates nothing. */
  private spare: Segment | null = null;
  private inOrder = 0;
  private readonly heap = new MinHeap<OutOfOrder>((a, b) => compareTimers(a.deadline, a.pattern, a.key, b.deadline, b.pattern, b.key));
  /** The deadline, pattern and key of the timer {@link TimerQueue.popDue} took last. */
  poppedDeadline = 0;
  poppedPattern = 0;
  poppedKey: Key = '';

  /** `segmentSize` is for tests, which use tiny segments to cross their boundaries often. */
  constructor(private readonly segmentSize = SEGMENT) {
    this.segments = [newSegment(segmentSize)];
  }

  get size(): number {
    return this.inOrder + this.heap.size;
  }

  /** Queues a timer at `deadline` for `key` of the pattern numbered `pattern`. */
  push(deadline: number, pattern: number, key: Key): void {
    if (this.inOrder > 0) {
      const last = this.tail === 0 ? this.segments[this.segments.length - 2]! : this.segments[this.segments.length - 1]!;
      const at = (this.tail === 0 ? this.segmentSize : this.tail) - 1;
      if (compareTimers(last.deadlines[at]!, last.patterns[at]!, last.keys[at]!, deadline, pattern, key) > 0) {
        this.heap.push({ deadline, pattern, key });
        return;
      }
    }
    const segment = this.segments[this.segments.length - 1]!;
    segment.deadlines[this.tail] = deadline;
    segment.patterns[this.tail] = pattern;
    segment.keys[this.tail] = key;
    this.inOrder++;
    if (++this.tail === this.segmentSize) {
      this.segments.push(this.spare ?? newSegment(this.segmentSize));
      this.spare = null;
      this.tail = 0;
    }
  }

  /**
   * Takes the earliest timer due at or before `time`, if any: returns whether it took one, whose
   * deadline, pattern and key are then in `poppedDeadline`, `poppedPattern` and `poppedKey`.
   */
  popDue(time: number): boolean {
    const top = this.heap.peek();
    if (this.inOrder > 0) {
      const segment = this.segments[this.first]!;
      const deadline = segment.deadlines[this.head]!;
      const pattern = segment.patterns[this.head]!;
      const key = segment.keys[this.head]!;
      if (top === undefined || compareTimers(deadline, pattern, key, top.deadline, top.pattern, top.key) <= 0) {
        if (deadline > time) return false;
        segment.keys[this.head] = undefined; // let it be collected
        this.inOrder--;
        if (++this.head === this.segmentSize) this.dropFirstSegment();
        else if (this.inOrder === 0) this.reset();
        this.poppedDeadline = deadline;
        this.poppedPattern = pattern;
        this.poppedKey = key;
        return true;
      }
    }
    if (top === undefined || top.deadline > time) return false;
    this.heap.pop();
    this.poppedDeadline = top.deadline;
    this.poppedPattern = top.pattern;
    this.poppedKey = top.key;
    return true;
  }

  /** Removes everything. */
  clear(): void {
    for (let i = this.first; i < this.segments.length; i++) this.segments[i]!.keys.fill(undefined);
    this.inOrder = 0;
    this.reset();
    while (this.heap.size > 0) this.heap.pop();
  }

  private dropFirstSegment(): void {
    this.spare = this.segments[this.first]!;
    this.segments[this.first++] = undefined as unknown as Segment;
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

function newSegment(size: number): Segment {
  return { deadlines: new Float64Array(size), patterns: new Int32Array(size), keys: new Array<Key | undefined>(size).fill(undefined) };
}

function compareTimers(deadlineA: number, patternA: number, keyA: Key, deadlineB: number, patternB: number, keyB: Key): number {
  if (deadlineA !== deadlineB) return deadlineA - deadlineB;
  if (patternA !== patternB) return patternA - patternB;
  return compareKeys(keyA, keyB);
}
