// Streams for DSL patterns: the declared fields, leaning towards the values conditions test, with
// each pattern's key and time written where `key by` and `time by` say.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { definePatterns, parsePatterns } from '../../src/index.js';
import { eventStreamFor, fieldsFor, runPattern } from '../../src/testing/index.js';

const seed = 11;

const SPAM = `
event Comment { ts: time, userId: string, text: string }
pattern spam on Comment {
  key by userId
  time by ts
  within 1 minute
  after match skip past last event
  begin comments 5 or more where text matches /https?:\\/\\//
}`;

describe('eventStreamFor', () => {
  const [spam] = definePatterns(SPAM);

  it('writes the key and time fields and every declared field, and nothing else', () => {
    for (const stream of fc.sample(eventStreamFor(spam!, { keys: ['ann', 'bob'] }), { seed, numRuns: 50 })) {
      for (const record of stream) {
        expect(Object.keys(record).sort()).toEqual(['text', 'ts', 'userId']);
        expect(['ann', 'bob']).toContain(record['userId']);
        expect(typeof record['text']).toBe('string');
      }
      stream.forEach((record, i) => i > 0 && expect(record['ts']).toBeGreaterThanOrEqual(stream[i - 1]!['ts'] as number));
    }
  });

  it('leans strings towards the regexes conditions match them against', () => {
    const texts = fc.sample(eventStreamFor(spam!), { seed, numRuns: 50 }).flat().map((record) => record['text'] as string);
    const links = texts.filter((text) => /https?:\/\//.test(text)).length;
    expect(links / texts.length).toBeGreaterThan(0.4);
    expect(links).toBeLessThan(texts.length); // and not only towards them
  });

  it('gives streams on which the pattern fires, with small enough gaps', () => {
    const streams = fc.sample(eventStreamFor(spam!, { keys: ['ann'], time: { gap: { min: 0, max: 5_000 } }, maxLength: 20 }), { seed, numRuns: 50 });
    const firing = streams.filter((stream) => runPattern(spam!, stream).matches.length > 0);
    expect(firing.length).toBeGreaterThan(10);
  });

  it('uses string literals, list members and bounds the conditions compare fields with', () => {
    const [orders] = definePatterns(`
      event Order { ts: time, orderId: string, type: string, amount: number, region: string }
      pattern big on Order { key by orderId time by ts
        begin created where type == "created" and amount > 100 and region in ["EU", "US"]
      }`);
    const records = fc.sample(eventStreamFor(orders!), { seed, numRuns: 40 }).flat();
    const values = (field: string) => new Set(records.map((r) => r[field]));
    expect(values('type')).toContain('created');
    for (const bound of [99, 100, 101]) expect(values('amount')).toContain(bound);
    expect(values('region')).toContain('EU');
    expect(values('region')).toContain('US');
    expect(records.some((r) => r['type'] === 'created' && (r['amount'] as number) > 100 && ['EU', 'US'].includes(r['region'] as string))).toBe(true);
  });

  it('follows nested and named types, writes a nested key path, and fills list members from `contains`', () => {
    const result = parsePatterns(`
      event Customer { id: string, tier: string }
      event Paid { ts: time, payer: Customer, tags: [string] }
      pattern vip on Paid { key by payer.id time by ts
        begin paid where payer.tier == "gold" and tags contains "vip"
      }`);
    expect(result.diagnostics).toEqual([]);
    const records = fc.sample(eventStreamFor(result, { keys: ['c1', 'c2'] }), { seed, numRuns: 40 }).flat();
    for (const record of records) {
      const payer = record['payer'] as { id: string; tier: string };
      expect(['c1', 'c2']).toContain(payer.id);
      expect(typeof payer.tier).toBe('string');
      expect(Array.isArray(record['tags'])).toBe(true);
    }
    expect(records.some((r) => (r['payer'] as { tier: string }).tier === 'gold')).toBe(true);
    expect(records.some((r) => (r['tags'] as string[]).includes('vip'))).toBe(true);
  });

  it('without a declared event type, generates the fields the conditions read, typed by what they are compared with', () => {
    const [p] = definePatterns(`pattern p { key by user within 5 minutes
      begin a where kind == "x" and size < 3 and meta.flag == true }`);
    const fields = Object.keys(fieldsFor(p!)).sort();
    expect(fields).toEqual(['kind', 'meta', 'size']);
    const records = fc.sample(eventStreamFor(p!), { seed, numRuns: 30 }).flat();
    expect(records.every((r) => typeof r['size'] === 'number' && typeof r['kind'] === 'string' && typeof (r['meta'] as { flag: unknown }).flag === 'boolean')).toBe(true);
    expect(records.every((r) => typeof r['timestamp'] === 'number')).toBe(true);
    expect(records.some((r) => r['kind'] === 'x' && (r['size'] as number) < 3 && (r['meta'] as { flag: boolean }).flag)).toBe(true);
  });

  it('numbers keys when the key field is declared a number, and lets fields be overridden', () => {
    const [p] = definePatterns(`event E { ts: time, account: number, note: string }
      pattern p on E { key by account time by ts begin a where note == "x" }`);
    const records = fc.sample(eventStreamFor(p!, { fields: { note: fc.constant('fixed') } }), { seed, numRuns: 20 }).flat();
    expect(new Set(records.map((r) => r['account']))).toEqual(new Set([1, 2]));
    expect(new Set(records.map((r) => r['note']))).toEqual(new Set(['fixed']));
  });
});
