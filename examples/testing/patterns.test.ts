// Testing the example patterns with the Cepheus testing kit: copy this file next to your own
// patterns. Each property says in one sentence what a pattern must do, fast-check tries it on
// random streams, and a failure prints the shrunk stream and the outputs as tables.
//
// In your project, import from 'cepheus' and 'cepheus/testing' instead of the source paths.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { definePatterns, type EngineOptions, type EventRecord } from '../../src/index.js';
import {
  assertAgreesWithReference,
  assertPattern,
  assertRestoreEqualsUninterrupted,
  eventStream,
  eventStreamFor,
  formatOutputTable,
  runPattern,
} from '../../src/testing/index.js';
import { spamBurst, unpaidOrders, type CommentEvent, type OrderEvent } from '../patterns.js';

// Fixed seeds keep CI deterministic; drop them locally to explore new streams on every run.
const seed = Number(process.env['CEPHEUS_EXAMPLES_SEED'] ?? 2024);

const MINUTE = 60_000;
const isLink = (text: string): boolean => /https?:\/\//.test(text);

/**
 * Comments of two users, mostly with links, 0–15 s apart: gaps in steps of 5 s, so that five
 * links are often exactly a minute apart (the edge of the window).
 */
const comments: fc.Arbitrary<CommentEvent[]> = eventStream({
  fields: { text: fc.constantFrom('http://a.example', 'see https://b.example', 'nice post', 'http:/broken', 'http://c.example/x') },
  keys: { field: 'userId', values: ['alice', 'bob'] },
  time: { field: 'ts', start: 1_700_000_000_000, gap: fc.constantFrom(0, 5_000, 10_000, 15_000) },
  maxLength: 30,
});

/**
 * The spam rule by hand: per user, links in time order; a burst is 5 consecutive links within a
 * minute of the first; the next burst starts after it (skip past last event); a link that
 * cannot start a burst is passed over.
 */
function expectedBursts(stream: readonly CommentEvent[]): string[] {
  const bursts: string[] = [];
  for (const user of new Set(stream.map((c) => c.userId))) {
    const links = stream.filter((c) => c.userId === user && isLink(c.text)).sort((a, b) => a.ts - b.ts);
    for (let i = 0; i + 4 < links.length; ) {
      if (links[i + 4]!.ts - links[i]!.ts < MINUTE) {
        bursts.push(`${user}: ${links.slice(i, i + 5).map((c) => stream.indexOf(c)).join(',')}`);
        i += 5;
      } else {
        i++;
      }
    }
  }
  return bursts.sort();
}

describe('spamBurst', () => {
  it('fires for a user exactly when they post 5 links within a minute', () => {
    assertPattern(
      fc.property(comments, (stream) => {
        const { matches } = runPattern(spamBurst, stream, { keyBy: 'userId', timestamp: 'ts' });
        const found = matches.map((m) => `${m.key}: ${m.events['comments']!.map((c) => stream.indexOf(c)).join(',')}`).sort();
        expect(found, `matches found:\n${formatOutputTable(matches, stream)}\n`).toEqual(expectedBursts(stream));
      }),
      { seed },
    );
  });

  it('is tested on streams that do contain bursts (a generator that never triggers the pattern proves nothing)', () => {
    const samples = fc.sample(comments, { numRuns: 100, seed });
    const withBursts = samples.filter((stream) => expectedBursts(stream).length > 0).length;
    expect(withBursts).toBeGreaterThan(20);
  });

  it('agrees with the reference matcher, user by user', () => {
    assertAgreesWithReference(spamBurst, comments, { keyBy: 'userId', timestamp: 'ts' }, { seed });
  });

  it('gives the same outputs when comments arrive up to 10 s out of order and the watermark allows for it', () => {
    const jittery = eventStream({
      fields: { text: fc.constantFrom('nice post', 'see http://a.example') },
      keys: { field: 'userId', values: ['alice', 'bob'] },
      time: { field: 'ts', gap: fc.constantFrom(0, 5_000, 15_000), jitter: 10_000 },
      maxLength: 24,
    });
    assertPattern(
      fc.property(jittery, (stream) => {
        const options = { keyBy: 'userId', timestamp: 'ts', maxOutOfOrderness: '10s' } as const;
        const inOrder = [...stream].sort((a, b) => a.ts - b.ts);
        const shuffled = runPattern(spamBurst, stream, options);
        expect(shuffled.late).toEqual([]);
        expect(shuffled.outputs).toEqual(runPattern(spamBurst, inOrder, options).outputs);
      }),
      { seed },
    );
  });
});

/** Orders: created or paid, amounts 10/20 so that payments often match, 0–10 minutes apart. */
const orders: fc.Arbitrary<OrderEvent[]> = eventStream({
  fields: { type: fc.constantFrom('created' as const, 'paid' as const), amount: fc.constantFrom(10, 20) },
  keys: { field: 'orderId', values: ['o-1', 'o-2'] },
  time: { field: 'ts', gap: fc.constantFrom(0, 60_000, 5 * MINUTE, 10 * MINUTE) },
  maxLength: 16,
});

/** By hand: each created order is paid by the first later payment of the same amount within 15 minutes, or times out. */
function expectedPayments(stream: readonly OrderEvent[]): { paid: string[]; unpaid: string[] } {
  const paid: string[] = [];
  const unpaid: string[] = [];
  const inTime = [...stream].sort((a, b) => a.ts - b.ts);
  inTime.forEach((created, at) => {
    if (created.type !== 'created') return;
    const payment = inTime.slice(at + 1).find((e) => e.orderId === created.orderId && e.type === 'paid' && e.amount === created.amount && e.ts < created.ts + 15 * MINUTE);
    if (payment === undefined) unpaid.push(`${stream.indexOf(created)}`);
    else paid.push(`${stream.indexOf(created)}->${stream.indexOf(payment)}`);
  });
  return { paid: paid.sort(), unpaid: unpaid.sort() };
}

describe('unpaidOrders', () => {
  it('reports every order not paid with the same amount within 15 minutes, and matches the others', () => {
    assertPattern(
      fc.property(orders, (stream) => {
        const run = runPattern(unpaidOrders, stream, { keyBy: 'orderId', timestamp: 'ts' });
        const actual = {
          paid: run.matches.map((m) => `${stream.indexOf(m.events['created']![0]!)}->${stream.indexOf(m.events['paid']![0]!)}`).sort(),
          unpaid: run.timeouts.map((t) => `${stream.indexOf(t.events['created']![0]!)}`).sort(),
        };
        expect(actual, `outputs:\n${formatOutputTable(run.outputs, stream)}\n`).toEqual(expectedPayments(stream));
      }),
      { seed },
    );
  });

  it('the .cep version behaves exactly like the fluent one, on streams generated from its event schema', () => {
    const [definition] = definePatterns(readFileSync(new URL('../unpaid-orders.cep', import.meta.url), 'utf8'), { file: 'unpaid-orders.cep' });
    const fromSchema = eventStreamFor(definition!, { keys: ['o-1', 'o-2'], time: { gap: fc.constantFrom(0, 5 * MINUTE, 10 * MINUTE) }, maxLength: 16 });
    assertPattern(
      fc.property(fromSchema, (stream) => {
        const dsl = runPattern(definition!, stream);
        const fluent = runPattern(unpaidOrders, stream, { name: 'unpaidOrders', keyBy: 'orderId', timestamp: 'ts' });
        expect(dsl.outputs, `outputs of the .cep pattern:\n${formatOutputTable(dsl.outputs, stream)}\n`).toEqual(fluent.outputs);
      }),
      { seed },
    );
  });

  it('restoring from a checkpoint at any point changes nothing', () => {
    const options: EngineOptions<OrderEvent> = { patterns: [{ name: 'unpaid', pattern: unpaidOrders, keyBy: 'orderId' }], time: { mode: 'event', timestamp: 'ts' } };
    assertRestoreEqualsUninterrupted(options, orders, {}, { seed });
  });
});

// A pattern written in the DSL, with strict contiguity: the kit generates its events from the
// declared event type, leaning towards the values its conditions test ("failure", "success").
const [bruteForce] = definePatterns(`
  event Login { ts: time, user: string, outcome: string }

  pattern bruteForce on Login {
    key by user
    time by ts
    within 5 minutes
    after match skip past last event

    begin failures 3 or more consecutive where outcome == "failure"
    next success where outcome == "success"
  }`);

/**
 * By hand: per user, a success right after 3 or more failures in a row (nothing else of that
 * user in between), reported once, from the earliest of those failures within 5 minutes of it.
 */
function expectedBreakIns(stream: readonly EventRecord[]): string[] {
  const found: string[] = [];
  for (const user of new Set(stream.map((e) => e['user']))) {
    const logins = stream.filter((e) => e['user'] === user).sort((a, b) => (a['ts'] as number) - (b['ts'] as number));
    logins.forEach((success, m) => {
      if (success['outcome'] !== 'success') return;
      let first = m;
      while (first > 0 && logins[first - 1]!['outcome'] === 'failure') first--;
      for (let k = first; k <= m - 3; k++) {
        if ((success['ts'] as number) - (logins[k]!['ts'] as number) < 5 * MINUTE) {
          found.push(`${user}: ${logins.slice(k, m + 1).map((e) => stream.indexOf(e)).join(',')}`);
          return;
        }
      }
    });
  }
  return found.sort();
}

describe('bruteForce (a .cep pattern)', () => {
  // Derived generators would draw outcome from "failure", "success" and a few other words
  // evenly; runs of failures are what matters here, so this test weighs them itself.
  const logins = eventStreamFor(bruteForce!, {
    keys: ['ann', 'bob'],
    fields: { outcome: fc.constantFrom('failure', 'failure', 'failure', 'success', 'locked') },
    time: { gap: fc.constantFrom(0, 20_000, 60_000, 100_000) },
    maxLength: 30,
  });

  it('fires for a user exactly when a success follows 3 or more failures in a row within 5 minutes', () => {
    assertPattern(
      fc.property(logins, (stream) => {
        const { matches } = runPattern<EventRecord>(bruteForce!, stream);
        const found = matches.map((m) => `${m.key}: ${[...m.events['failures']!, ...m.events['success']!].map((e) => stream.indexOf(e)).join(',')}`).sort();
        expect(found, `matches found:\n${formatOutputTable(matches, stream)}\n`).toEqual(expectedBreakIns(stream));
      }),
      { seed },
    );
  });

  it('is tested on streams that do contain break-ins', () => {
    expect(fc.sample(logins, { numRuns: 100, seed }).filter((stream) => expectedBreakIns(stream).length > 0).length).toBeGreaterThan(15);
  });
});
