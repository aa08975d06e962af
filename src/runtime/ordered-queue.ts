// A priority queue for items that mostly arrive in order (events in event time, window deadlines):
// in-order items go to a FIFO in O(1), the few out-of-order ones to a binary heap, and the queue
// takes the smaller head of the two.
import { MinHeap } from './min-heap.js';

/** A min-queue by `compare`, O(1) for items pushed in order. */
export class OrderedQueue<T> {
  private fifo: T[] = [];
  private head = 0;
  private readonly heap: MinHeap<T>;

  constructor(private readonly compare: (a: T, b: T) => number) {
    this.heap = new MinHeap(compare);
  }

  get size(): number {
    return this.fifo.length - this.head + this.heap.size;
  }

  push(item: T): void {
    const tail = this.fifo.length > this.head ? this.fifo[this.fifo.length - 1]! : undefined;
    if (tail === undefined || this.compare(tail, item) <= 0) this.fifo.push(item);
    else this.heap.push(item);
  }

  peek(): T | undefined {
    const first = this.head < this.fifo.length ? this.fifo[this.head] : undefined;
    const top = this.heap.peek();
    if (first === undefined) return top;
    if (top === undefined) return first;
    return this.compare(top, first) < 0 ? top : first;
  }

  pop(): T | undefined {
    const first = this.head < this.fifo.length ? this.fifo[this.head] : undefined;
    const top = this.heap.peek();
    if (first === undefined || (top !== undefined && this.compare(top, first) < 0)) return this.heap.pop();
    this.fifo[this.head++] = undefined as T; // let it be collected
    // Taken items leave holes at the front, reclaimed a thousand at a time. In the usual steady
    // state (one event waiting for the next to move the watermark) the queue empties on every
    // event: starting a fresh array each time cost an array and its backing store per event.
    if (this.head >= 1024 && this.head * 2 >= this.fifo.length) {
      this.fifo = this.fifo.slice(this.head);
      this.head = 0;
    }
    return first;
  }

  /** Removes everything. */
  clear(): void {
    this.fifo = [];
    this.head = 0;
    while (this.heap.size > 0) this.heap.pop();
  }

  /** The items in no particular order (for snapshots). */
  toArray(): T[] {
    return [...this.fifo.slice(this.head), ...this.heap.toArray()];
  }
}
