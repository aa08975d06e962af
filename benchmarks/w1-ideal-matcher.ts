// A bound, not a product: W1 through the engine's runtime with its matcher replaced by the least
// any matcher of `created followedBy paid within 15m` must do. The runtime stays as it is — the
// timestamp and key read from each record, the reorder buffer and watermark, the key map the
// checkpoints capture, a window timer per order, numbered match and timeout outputs — and each
// key holds one plain record of its open order, as the hand-written detector's map does. It is
// W1-only (it knows the event types and that an id has one open order at a time), so it says
// how fast a matcher specialised to W1, however well generated, could make the engine: what is
// left between it and the hand-written detector is the runtime's, not the matcher's.
import type { CepEngine } from '../src/index.js';
import type { EngineOutput } from '../src/runtime/outputs.js';
import type { Key } from '../src/runtime/record-fields.js';
import type { OrderEvent } from './order-stream.js';

/** An open order: the one record a key holds. */
interface OpenOrder {
  readonly created: OrderEvent;
  readonly timestamp: number;
}

/** What of the engine's per-pattern runtime the replacement uses (internal, read only here). */
interface PatternRuntime {
  readonly name: string;
  readonly index: number;
  readonly states: { get(key: Key): unknown; set(key: Key, value: unknown): void; delete(key: Key): boolean; values(): Iterable<unknown> };
  readonly timers: { push(deadline: number, pattern: number, key: Key): void };
}

type Emit = (output: EngineOutput<OrderEvent>) => void;

/** `engine`, a new W1 engine, with its one pattern's matcher replaced by the ideal W1 matcher. */
export function withIdealMatcher(engine: CepEngine<OrderEvent>, windowMs: number): CepEngine<OrderEvent> {
  const [pattern] = (engine as unknown as { patterns: PatternRuntime[] }).patterns;
  const runtime = pattern!;
  Object.assign(runtime, {
    process(event: OrderEvent, key: Key, timestamp: number, emit: Emit): void {
      const open = runtime.states.get(key) as OpenOrder | undefined;
      if (event.type === 'created') {
        if (open !== undefined) return;
        runtime.states.set(key, { created: event, timestamp });
        runtime.timers.push(timestamp + windowMs, runtime.index, key);
        return;
      }
      if (open === undefined) return;
      runtime.states.delete(key);
      emit({
        id: 0,
        kind: 'match',
        pattern: runtime.name,
        key,
        events: { created: [open.created], paid: [event] },
        startTimestamp: open.timestamp,
        endTimestamp: timestamp,
      });
    },
    fire(key: Key, time: number, emit: Emit): void {
      const open = runtime.states.get(key) as OpenOrder | undefined;
      if (open === undefined || open.timestamp + windowMs > time) return;
      runtime.states.delete(key);
      emit({
        id: 0,
        kind: 'timeout',
        pattern: runtime.name,
        key,
        events: { created: [open.created] },
        startTimestamp: open.timestamp,
        timeoutTimestamp: open.timestamp + windowMs,
      });
    },
  });
  Object.defineProperty(runtime, 'partialMatches', { get: () => [...runtime.states.values()].length });
  return engine;
}
