// Workloads for the core matcher (one stream per key, events already in memory).
import { advanceTime, compile, consumeEvent, initialState, Pattern, type MatcherState, type Nfa } from '../src/index.js';
import { measure, seededRandom, type BenchResult } from './harness.js';

interface Order {
  type: 'created' | 'paid';
  orderId: number;
}

/**
 * Unpaid orders: `created followedBy paid within 15m`, `keys` order ids, ~10% never paid. Per-key
 * state lives in a Map; a key whose state is empty is deleted (so memory tracks live orders).
 */
export function unpaidOrders(events: number, keys: number): BenchResult {
  const nfa = compile(
    Pattern.begin<Order>('created')
      .where((e) => e.type === 'created')
      .followedBy('paid')
      .where((e) => e.type === 'paid')
      .within('15m')
      .toModel(),
  );
  const random = seededRandom(42);
  // Each order: created at t, paid 1–14 minutes later (90%) or never. Orders are spread over time.
  const stream: { e: Order; ts: number }[] = [];
  const orders = Math.floor(events / 1.9);
  const gap = 1000;
  for (let i = 0; i < orders && stream.length < events; i++) {
    const ts = i * gap;
    const orderId = i % keys;
    stream.push({ e: { type: 'created', orderId }, ts });
    if (random() < 0.9) stream.push({ e: { type: 'paid', orderId }, ts: ts + 60_000 + Math.floor(random() * 13 * 60_000) });
  }
  stream.sort((a, b) => a.ts - b.ts);
  const states = new Map<number, MatcherState<Order>>();
  const options = { timeouts: true };
  let matches = 0;
  let timeouts = 0;
  const step = (i: number): void => {
    const { e, ts } = stream[i]!;
    let state = states.get(e.orderId) ?? initialState<Order>();
    const advanced = advanceTime(nfa, state, ts, options);
    const consumed = consumeEvent(nfa, advanced.state, e, ts, options);
    for (const o of advanced.outputs) if (o.kind === 'timeout') timeouts++;
    for (const o of consumed.outputs) if (o.kind === 'match') matches++;
    state = consumed.state;
    if (state.runs.length === 0 && state.held.length === 0) states.delete(e.orderId);
    else states.set(e.orderId, state);
  };
  return measure(`matcher: unpaid orders (${keys.toLocaleString('en-US')} keys)`, stream.length, step, () => {
    for (const [key, state] of states) {
      timeouts += advanceTime(nfa, state, Infinity, options).outputs.length;
      states.delete(key);
    }
    return `${matches} matches, ${timeouts} timeouts`;
  });
}

/** `a b+ c within W` with relaxed contiguity on one stream: the Kleene-closure workload. */
export function kleene(events: number, windowMs: number): BenchResult {
  type Ev = { t: number };
  const nfa: Nfa<Ev> = compile(
    Pattern.begin<Ev>('a')
      .where((e) => e.t === 0)
      .followedBy('b')
      .where((e) => e.t === 1)
      .oneOrMore()
      .followedBy('c')
      .where((e) => e.t === 2)
      .within(windowMs)
      .toModel(),
  );
  const random = seededRandom(7);
  const stream: Ev[] = Array.from({ length: events }, () => ({ t: Math.floor(random() * 10) }));
  let state = initialState<Ev>();
  const options = { timeouts: false };
  let matches = 0;
  let peakRuns = 0;
  return measure(
    `matcher: a b+ c relaxed, window ${windowMs} events`,
    events,
    (i) => {
      state = advanceTime(nfa, state, i, options).state;
      const consumed = consumeEvent(nfa, state, stream[i]!, i, options);
      state = consumed.state;
      matches += consumed.outputs.length;
      if (state.runs.length > peakRuns) peakRuns = state.runs.length;
    },
    () => `${matches} matches, peak ${peakRuns} partial matches`,
  );
}
