// Window timers of every key of every pattern, earliest first. Deadlines are an event's time plus
// a fixed window, and events come in time order, so nearly every timer is pushed in order: those
// go to a ring of parallel arrays (16 bytes a timer, no object), the rare others to a heap.
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

/** A min-queue of (deadline, target), O(1) for timers pushed in order. */
export class TimerQueue<T extends TimerTarget> {
  private deadlines = new Float64Array(1024);
  private targets: (T | undefined)[] = new Array<T | undefined>(1024);
  private head = 0;
  private tail = 0;
  private readonly heap = new MinHeap<OutOfOrder<T>>((a, b) => compareTimers(a.deadline, a.target, b.deadline, b.target));
  /** The deadline of the timer {@link TimerQueue.popDue} returned last. */
  poppedDeadline = 0;

  get size(): number {
    return this.tail - this.head + this.heap.size;
  }

  push(deadline: number, target: T): void {
    const last = this.tail - 1;
    if (this.head === this.tail || compareTimers(this.deadlines[last]!, this.targets[last]!, deadline, target) <= 0) {
      if (this.tail === this.deadlines.length) this.makeRoom();
      this.deadlines[this.tail] = deadline;
      this.targets[this.tail++] = target;
    } else {
      this.heap.push({ deadline, target });
    }
  }

  /** Removes and returns the earliest timer due at or before `time` (its deadline in `poppedDeadline`), or `null`. */
  popDue(time: number): T | null {
    const top = this.heap.peek();
    if (this.head < this.tail) {
      const deadline = this.deadlines[this.head]!;
      const target = this.targets[this.head]!;
      if (top === undefined || compareTimers(deadline, target, top.deadline, top.target) <= 0) {
        if (deadline > time) return null;
        this.targets[this.head++] = undefined; // let it be collected
        if (this.head === this.tail) this.head = this.tail = 0;
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
    this.targets.fill(undefined, this.head, this.tail);
    this.head = this.tail = 0;
    while (this.heap.size > 0) this.heap.pop();
  }

  /** Full at the end: slide the live part to the front, growing only when more than half is live. */
  private makeRoom(): void {
    const live = this.tail - this.head;
    const size = live * 2 > this.deadlines.length ? this.deadlines.length * 2 : this.deadlines.length;
    const deadlines = size === this.deadlines.length ? this.deadlines : new Float64Array(size);
    deadlines.set(this.deadlines.subarray(this.head, this.tail)); // overlapping copies are safe
    const targets = size === this.targets.length ? this.targets : new Array<T | undefined>(size);
    for (let i = 0; i < live; i++) targets[i] = this.targets[this.head + i];
    targets.fill(undefined, live, this.tail);
    this.deadlines = deadlines;
    this.targets = targets;
    this.head = 0;
    this.tail = live;
  }
}

function compareTimers(deadlineA: number, a: TimerTarget, deadlineB: number, b: TimerTarget): number {
  if (deadlineA !== deadlineB) return deadlineA - deadlineB;
  if (a.pattern !== b.pattern) return a.pattern - b.pattern;
  return compareKeys(a.key, b.key);
}
