// The key slot keeps a key's one just-started partial match flat. Whatever it keeps, reading the
// slot must give back the state it was given.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { LinkedRun, StartNode, type Run } from '../../src/nfa/partial-match.js';
import type { MatcherState } from '../../src/nfa/step.js';
import { Pattern } from '../../src/pattern/pattern.js';
import { KeyedPattern, KeySlot } from '../../src/runtime/keyed-pattern.js';
import { TimerQueue } from '../../src/runtime/timer-queue.js';

type Ev = { id: string };
type Order = { id: string; type: 'created' | 'paid' | 'shipped' };

/** `created followedBy paid within 1h`, keyed by order id, as the engine's first pattern. */
const unpaidOrders = (timers: TimerQueue): KeyedPattern<Order> =>
  new KeyedPattern<Order>(
    { name: 'paid', keyBy: 'id', pattern: Pattern.begin<Order>('created').where((e) => e.type === 'created').followedBy('paid').where((e) => e.type === 'paid').within('1h') },
    0,
    timers,
  );
const state = (runs: Run<Ev>[], nextSeq: number): MatcherState<Ev> => ({ runs, held: [], nextSeq });
const plain = (run: Run<Ev>) => ({ state: run.state, last: run.last === null ? null : { step: run.last.step, event: run.last.event, timestamp: run.last.timestamp, seq: run.last.seq }, startTimestamp: run.startTimestamp, startSeq: run.startSeq });

describe('KeySlot', () => {
  const event = { id: 'e1' };
  const start = new StartNode<Ev>(3, 'created', event, 1_700_000_000_123, 7);

  it('gives back a just-started partial match it keeps flat, field for field', () => {
    const slot = new KeySlot<Ev>(0, 'order-1', state([start], 8));
    const [run] = slot.runs;
    expect(run).not.toBe(start); // made on reading: the slot keeps no node
    expect(run).toBeInstanceOf(StartNode);
    expect(plain(run!)).toEqual(plain(start));
    expect(slot.runCount).toBe(1);
    expect(slot.firstStart).toBe(start.timestamp);
    expect(slot.newestStart).toBe(start.timestamp);
    expect(slot.newestStartedAt(7)).toBe(true);
    expect(slot.newestStartedAt(6)).toBe(false);
    expect(slot.nextSeq).toBe(8);
  });

  it('keeps the node itself when its sequence number is not the one before the next', () => {
    // A later event changed the key's state since this partial match started.
    const slot = new KeySlot<Ev>(0, 'k', state([start], 12));
    expect(slot.runs[0]).toBe(start);
    expect(slot.newestStartedAt(7)).toBe(true);
    expect(slot.newestStartedAt(11)).toBe(false);
  });

  it('keeps several partial matches, or one that has taken more events, as they are', () => {
    const later = new StartNode<Ev>(3, 'created', { id: 'e2' }, 1_700_000_000_200, 8);
    const two = new KeySlot<Ev>(0, 'k', state([start, later], 9));
    expect(two.runs).toEqual([start, later]);
    expect(two.firstStart).toBe(start.timestamp);
    expect(two.newestStart).toBe(later.timestamp);
    const linked = new LinkedRun<Ev>(4, { step: 'paid', event: { id: 'e3' }, timestamp: 1_700_000_000_300, seq: 8, previous: start }, start);
    const one = new KeySlot<Ev>(0, 'k', state([linked], 9));
    expect(one.runs[0]).toBe(linked);
  });

  it('keeps the node once unflattened, so reading it again makes none', () => {
    const slot = new KeySlot<Ev>(0, 'k', state([start], 8));
    slot.unflatten();
    const [run] = slot.runs;
    expect(slot.runs[0]).toBe(run);
    expect(plain(run!)).toEqual(plain(start));
    expect(slot.newestStartedAt(7)).toBe(true);
    expect(slot.firstStart).toBe(start.timestamp);
  });

  it('moves between the forms as its state changes, down to none', () => {
    const slot = new KeySlot<Ev>(0, 'k', state([start], 8));
    const later = new StartNode<Ev>(5, 'created', { id: 'e2' }, 1_700_000_000_200, 8);
    slot.store(state([start, later], 9));
    expect(slot.runs).toEqual([start, later]);
    slot.store(state([later], 9));
    expect(plain(slot.runs[0]!)).toEqual(plain(later));
    expect(slot.runs[0]).not.toBe(later);
    slot.timerQueued = true;
    slot.store(state([], 9)); // every partial match ended
    expect(slot.runs).toEqual([]);
    expect(slot.runCount).toBe(0);
    expect(slot.firstStart).toBe(Infinity);
    expect(slot.timerQueued).toBe(true);
  });
});

describe('KeySlot times', () => {
  // Kept as small integers from a base where they can be, as they are elsewhere: every time must
  // come back exactly.
  const times = [1_700_000_000_123, 1_700_000_000_123.5, 0, -0, -5, 1e15, -1e15, 2 ** 31, 1_700_000_000_123 + 2 ** 31, 1_700_000_000_123 - 2 ** 31 - 1, 0.1 + 0.2, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE];
  it.each(times)('%s comes back as it went in', (time) => {
    const slot = new KeySlot<Ev>(0, 'k', state([new StartNode<Ev>(1, 'a', { id: 'e' }, time, 0)], 1));
    expect(Object.is(slot.runs[0]!.startTimestamp, time)).toBe(true);
    expect(Object.is(slot.runs[0]!.last!.timestamp, time)).toBe(true);
    expect(Object.is(slot.firstStart, time)).toBe(true);
  });
});

describe('a key whose partial matches have all ended', () => {
  // The README promises it holds nothing. Its window timer stays queued until the window's end:
  // the timer must not keep the key's state alive until then.
  it('is let go at once, though its window timer is still queued', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const timers = new TimerQueue();
    const pattern = unpaidOrders(timers);
    const emit = (): void => {};
    const held = (() => {
      pattern.process({ id: 'o-1', type: 'created' }, 'o-1', 1_000, emit);
      const slot = new WeakRef(pattern.states.get('o-1')!);
      pattern.process({ id: 'o-1', type: 'paid' }, 'o-1', 2_000, emit);
      return slot;
    })();
    expect(pattern.states.size).toBe(0);
    expect(timers.size).toBe(1); // the window's timer, due at 1,000 + 1 h
    await new Promise((resolve) => setTimeout(resolve, 0)); // a WeakRef holds its target until the turn ends
    gc();
    expect(held.deref()).toBeUndefined();
  });
});

describe('a key that lets an event pass', () => {
  it('keeps its partial match as a node from then on (it is likely to be read again)', () => {
    const pattern = unpaidOrders(new TimerQueue());
    const outputs: string[] = [];
    const emit = (output: { kind: string }): void => void outputs.push(output.kind);
    pattern.process({ id: 'o-1', type: 'created' }, 'o-1', 1_000, emit);
    const slot = pattern.states.get('o-1')!;
    expect(slot.runs[0]).not.toBe(slot.runs[0]); // kept flat: made on each read
    pattern.process({ id: 'o-1', type: 'shipped' }, 'o-1', 2_000, emit); // matches nothing: let pass
    expect(pattern.states.get('o-1')).toBe(slot);
    expect(slot.runs[0]).toBe(slot.runs[0]); // now held
    pattern.process({ id: 'o-1', type: 'paid' }, 'o-1', 3_000, emit);
    expect(outputs).toEqual(['match']);
    expect(pattern.states.size).toBe(0);
  });
});
