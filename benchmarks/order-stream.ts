// The order stream of W1, W7 and the key-scaling curve: orders created at a steady pace over a
// fixed set of order ids, most paid within the window, some never.
import { seededRandom, STREAM_START_MS } from './harness.js';

/** An order event as a user's system would emit it. */
export interface OrderEvent {
  ts: number;
  type: 'created' | 'paid';
  orderId: string;
}

/** Shape of an order stream. */
export interface OrderStreamOptions {
  /** About this many events (each order is one or two events; the count is not cut exactly). */
  readonly events: number;
  /** Distinct order ids, reused in turn. */
  readonly keys: number;
  readonly windowMs: number;
  /** Share of orders never paid: they time out (default 0.1). */
  readonly unpaidRate?: number;
  readonly seed?: number;
}

/**
 * Orders in timestamp order. Order i uses id `i mod keys`; orders are spaced so that an id comes
 * back only after its previous order's window has closed, so each id holds at most one partial
 * match at a time and a hand-written detector can keep one entry per id. A paid order is paid
 * between 1/15 and 14/15 of the window after creation (1–14 minutes for a 15-minute window).
 */
export function orderStream(options: OrderStreamOptions): OrderEvent[] {
  const { events, keys, windowMs } = options;
  const unpaidRate = options.unpaidRate ?? 0.1;
  const random = seededRandom(options.seed ?? 42);
  const gap = Math.ceil(windowMs / (keys * 0.9));
  const ids = Array.from({ length: keys }, (_, k) => `order-${k}`);
  const orders = Math.round(events / (2 - unpaidRate));
  const stream: OrderEvent[] = [];
  for (let i = 0; i < orders; i++) {
    const ts = STREAM_START_MS + i * gap;
    const orderId = ids[i % keys]!;
    stream.push({ ts, type: 'created', orderId });
    if (random() >= unpaidRate) stream.push({ ts: ts + Math.floor(windowMs / 15 + random() * (windowMs * 13) / 15), type: 'paid', orderId });
  }
  return stream.sort((a, b) => a.ts - b.ts);
}

/**
 * The same events in arrival order with up to `maxDelayMs` of disorder: each event arrives at
 * its timestamp plus a random delay, as from several producers with unsynchronised buffers.
 */
export function withDisorder<E extends { ts: number }>(events: readonly E[], maxDelayMs: number, seed = 5): E[] {
  const random = seededRandom(seed);
  return events
    .map((event) => ({ event, arrival: event.ts + Math.floor(random() * maxDelayMs) }))
    .sort((a, b) => a.arrival - b.arrival)
    .map((entry) => entry.event);
}

/** `count` orders created at distinct ids 1 ms apart and never paid: each is one live partial match. */
export function createdOnly(count: number): OrderEvent[] {
  return Array.from({ length: count }, (_, i) => ({ ts: STREAM_START_MS + i, type: 'created' as const, orderId: `order-${i}` }));
}
