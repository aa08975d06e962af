// The baseline for W1: what a user would write by hand for "created, then paid within the
// window" — a Map of pending orders and a FIFO timer queue. Orders are created in time order and
// every window has the same length, so deadlines arrive in order and a ring of parallel arrays
// beats a heap. It assumes what W1's stream guarantees: one pending order per id.
import type { OrderEvent } from './order-stream.js';

/** A pattern-specific detector: push events in time order, flush at the end of input. */
export interface UnpaidOrderDetector {
  push(event: OrderEvent): void;
  flush(): void;
  /** Orders waiting to be paid. */
  readonly pending: number;
}

/**
 * Reports `onPaid(created, paid)` when an order is paid within `windowMs` of its creation and
 * `onUnpaid(created)` when its window closes first — the engine's match and timeout outputs.
 * As in the engine, the window is `[created, created + windowMs)`: a payment exactly at the
 * deadline is too late.
 */
export function handWrittenUnpaidOrders(
  windowMs: number,
  onPaid: (created: OrderEvent, paid: OrderEvent) => void,
  onUnpaid: (created: OrderEvent) => void,
): UnpaidOrderDetector {
  const pending = new Map<string, OrderEvent>();
  let deadlines = new Float64Array(1024);
  let ids: string[] = new Array<string>(1024);
  let head = 0;
  let tail = 0;

  const expire = (time: number): void => {
    while (head < tail && deadlines[head]! <= time) {
      const id = ids[head]!;
      const created = pending.get(id);
      if (created !== undefined && created.ts + windowMs === deadlines[head]) {
        pending.delete(id);
        onUnpaid(created);
      }
      ids[head] = '';
      head++;
    }
  };
  const enqueue = (id: string, deadline: number): void => {
    if (tail === deadlines.length) {
      // Full: slide the live part to the front, growing only when more than half is live.
      const live = tail - head;
      const size = live * 2 > deadlines.length ? deadlines.length * 2 : deadlines.length;
      const nextDeadlines = new Float64Array(size);
      nextDeadlines.set(deadlines.subarray(head, tail));
      const nextIds = new Array<string>(size);
      for (let i = 0; i < live; i++) nextIds[i] = ids[head + i]!;
      deadlines = nextDeadlines;
      ids = nextIds;
      head = 0;
      tail = live;
    }
    deadlines[tail] = deadline;
    ids[tail++] = id;
  };

  return {
    push(event) {
      expire(event.ts);
      if (event.type === 'created') {
        pending.set(event.orderId, event);
        enqueue(event.orderId, event.ts + windowMs);
      } else {
        const created = pending.get(event.orderId);
        if (created !== undefined) {
          pending.delete(event.orderId);
          onPaid(created, event);
        }
      }
    },
    flush() {
      expire(Infinity);
    },
    get pending() {
      return pending.size;
    },
  };
}
