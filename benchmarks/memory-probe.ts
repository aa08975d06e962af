// Bytes per live partial match: the heap a detector holds for its live state, divided by the
// number of live partial matches, not counting the events themselves.
//
// Method: the probe's events are created first and stay referenced by the caller, so they are
// already in the "before" heap figure. After a full GC we read heapUsed, build the state (a fresh
// engine fed events chosen so that every partial match they start stays live: no match completes,
// no window ends), GC again and read heapUsed. The difference is everything the engine allocated
// for that state (key map entries, per-key states, partial matches, shared event nodes, timers),
// and nothing the events own. A warm-up on a small slice runs first so that compiled code and
// one-time scratch space are not counted.
import { collectGarbage } from './harness.js';

/** What the probe keeps alive while it measures: something that can say how much is live. */
export interface LiveState {
  /** Live partial matches (or, for a hand-written detector, the pending items it holds). */
  live(): number;
}

/** Events that build a known live state, and how to build it from (a slice of) them. */
export interface Probe<E> {
  readonly events: readonly E[];
  build(events: readonly E[]): LiveState;
}

/**
 * Builds the probe's state and returns heap bytes per live item. Needs `--expose-gc`; returns
 * NaN without it rather than a figure full of garbage.
 */
export function bytesPerLiveItem<E>(probe: Probe<E>): number {
  if ((globalThis as { gc?: unknown }).gc === undefined) return NaN;
  warmUp(probe);
  const before = settledHeapUsed();
  const state = probe.build(probe.events);
  const after = settledHeapUsed();
  const live = state.live();
  if (live === 0) throw new Error('the memory probe built no live state: its events must start partial matches that stay live');
  return (after - before) / live;
}

/**
 * Builds a small state and lets it go, so compiled code and one-time scratch space exist before
 * the first reading. A function of its own: a value left in the measuring function's interpreter
 * registers would stay reachable until overwritten, and count in "before" but not in "after".
 */
export function warmUp<E>(probe: Probe<E>): void {
  probe.build(probe.events.slice(0, Math.min(probe.events.length, 2000))).live();
}

/** heapUsed after full GCs, repeated until it stops moving (some garbage takes two rounds). */
export function settledHeapUsed(): number {
  let previous = Infinity;
  for (let round = 0; round < 5; round++) {
    collectGarbage();
    const used = process.memoryUsage().heapUsed;
    if (Math.abs(previous - used) < 16_384) return used;
    previous = used;
  }
  return previous;
}
