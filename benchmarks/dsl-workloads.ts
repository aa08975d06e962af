// W6: the same patterns written in the DSL and with the fluent API, run by the same loop over the
// same events. DSL conditions are compiled to closures at load time, so the target is that the
// DSL version takes at most 1.3× the time of the fluent one.
import { advanceTime, consumeEvent, definePatterns, initialState, Pattern, type MatcherState, type Nfa, compile, type PatternModel } from '../src/index.js';
import { measure, seededRandom, type BenchResult } from './harness.js';

type Rec = Record<string, unknown>;

/** The DSL versions. */
const DSL = `
event Order { type: string, orderId: number, amount: number }
event Comment { userId: number, text: string, lang: string }

pattern unpaid on Order {
  within 15 minutes
  begin created where type == "created" and amount > 0
  followed by paid where type == "paid" and amount == created.amount
}

pattern spam on Comment {
  within 1 minute
  after match skip past last event
  begin comments where text contains "http" and lang in ["en", "de"] 5 or more
}
`;

/** The fluent versions, with the same meaning. */
const unpaidFluent = Pattern.begin<Rec>('created')
  .where((e) => e['type'] === 'created' && typeof e['amount'] === 'number' && e['amount'] > 0)
  .followedBy('paid')
  .where((e, ctx) => e['type'] === 'paid' && e['amount'] === ctx.eventsFor('created')[0]?.['amount'])
  .within('15m');

const LANGS = new Set(['en', 'de']);
const spamFluent = Pattern.begin<Rec>('comments', { kind: 'skipPastLastEvent' })
  .where((e) => typeof e['text'] === 'string' && e['text'].includes('http') && LANGS.has(e['lang'] as string))
  .timesOrMore(5)
  .within('1m');

interface Stream {
  readonly events: readonly { readonly event: Rec; readonly key: number; readonly ts: number }[];
}

/** Orders: created at t, paid 1–14 minutes later for the same amount (90%) or never. */
function orderStream(count: number): Stream {
  const random = seededRandom(42);
  const events: { event: Rec; key: number; ts: number }[] = [];
  for (let i = 0; events.length < count; i++) {
    const ts = i * 1000;
    const orderId = i % 100_000;
    const amount = 1 + Math.floor(random() * 500);
    events.push({ event: { type: 'created', orderId, amount }, key: orderId, ts });
    if (random() < 0.9) events.push({ event: { type: 'paid', orderId, amount }, key: orderId, ts: ts + 60_000 + Math.floor(random() * 13 * 60_000) });
  }
  events.length = count;
  events.sort((a, b) => a.ts - b.ts);
  return { events };
}

/** Comments of 1 000 users, a third with links, a tenth in other languages. */
function commentStream(count: number): Stream {
  const random = seededRandom(7);
  const events = Array.from({ length: count }, (_, i) => {
    const userId = Math.floor(random() * 1000);
    const text = random() < 0.33 ? `see http://x.example/${i}` : 'nice post';
    const lang = random() < 0.9 ? 'en' : 'fr';
    return { event: { userId, text, lang } as Rec, key: userId, ts: i * 50 };
  });
  return { events };
}

/** Runs one pattern over a stream, one matcher state per key, as w1-unpaid-orders.ts does. */
function run(name: string, model: PatternModel<Rec>, stream: Stream): BenchResult {
  const nfa: Nfa<Rec> = compile(model);
  const states = new Map<number, MatcherState<Rec>>();
  const options = { timeouts: true };
  let matches = 0;
  let timeouts = 0;
  return measure(
    name,
    stream.events.length,
    (i) => {
      const { event, key, ts } = stream.events[i]!;
      const advanced = advanceTime(nfa, states.get(key) ?? initialState<Rec>(), ts, options);
      const consumed = consumeEvent(nfa, advanced.state, event, ts, options);
      for (const o of advanced.outputs) if (o.kind === 'timeout') timeouts++;
      for (const o of consumed.outputs) if (o.kind === 'match') matches++;
      const state = consumed.state;
      if (state.runs.length === 0 && state.held.length === 0) states.delete(key);
      else states.set(key, state);
    },
    () => `${matches} matches, ${timeouts} timeouts`,
  );
}

/**
 * Warms both versions up on a tenth of the stream (so that the matcher's call sites have seen
 * both kinds of conditions before anything is timed), then runs them alternately three times
 * each and keeps the fastest run of each: less noise, and no advantage to whichever runs first.
 */
function compare(label: string, fluent: PatternModel<Rec>, dsl: PatternModel<Rec>, stream: Stream): BenchResult[] {
  const warmUp: Stream = { events: stream.events.slice(0, Math.ceil(stream.events.length / 10)) };
  run('warm-up', fluent, warmUp);
  run('warm-up', dsl, warmUp);
  const fluentRuns: BenchResult[] = [];
  const dslRuns: BenchResult[] = [];
  for (let round = 0; round < 3; round++) {
    fluentRuns.push(run(`${label} (fluent)`, fluent, stream));
    dslRuns.push(run(`${label} (DSL)`, dsl, stream));
  }
  const fastest = (runs: readonly BenchResult[]) => runs.reduce((a, b) => (a.seconds <= b.seconds ? a : b));
  const fluentBest = fastest(fluentRuns);
  const dslBest = fastest(dslRuns);
  if (fluentBest.notes !== dslBest.notes) throw new Error(`${label}: the DSL and fluent patterns disagree (${dslBest.notes} vs ${fluentBest.notes})`);
  const ratio = dslBest.seconds / fluentBest.seconds;
  return [
    { ...fluentBest, id: `W6/${label}-fluent` },
    { ...dslBest, id: `W6/${label}-dsl`, notes: `${dslBest.notes}; ${ratio.toFixed(2)}× the fluent time (target ≤ 1.3×)` },
  ];
}

/**
 * The W6 workloads: unpaid orders (comparisons and a condition reading an earlier step) and spam
 * bursts (string tests and a list in a loop), each written in the DSL and with the fluent API
 * and run over the same `events` events. Rows come in pairs: fluent, then DSL with the ratio.
 */
export function dslVsFluent(events: number): BenchResult[] {
  const byName = new Map(definePatterns(DSL, { file: 'dsl-workloads' }).map((definition) => [definition.name, definition.model]));
  return [
    ...compare('unpaid', unpaidFluent.toModel(), byName.get('unpaid')!, orderStream(events)),
    ...compare('spam', spamFluent.toModel(), byName.get('spam')!, commentStream(events)),
  ];
}
