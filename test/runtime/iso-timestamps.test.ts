// ISO-8601 text without an offset is read as UTC, so a stream's event times do not depend on the
// zone of the host that reads it. This file moves its own process to zones other than UTC (Node
// applies a change of process.env.TZ to the Date computations after it) and checks first that
// the move took, so the test cannot pass on a host in UTC by luck.
import { afterAll, describe, expect, it } from 'vitest';
import { CepEngine, Pattern, toTimestamp } from '../../src/index.js';

const hostZone = process.env.TZ;
afterAll(() => {
  if (hostZone === undefined) delete process.env.TZ;
  else process.env.TZ = hostZone;
});

const at = (text: string): number | string => {
  const read = toTimestamp(text);
  return read.ok ? read.value : read.reason;
};

// 2023-11-14T22:13:20Z
const T = 1_700_000_000_000;
const MIDNIGHT = Date.UTC(2023, 10, 14);

for (const [zone, offsetMinutes] of [['America/New_York', 300], ['Asia/Kolkata', -330]] as const) {
  describe(`on a host in ${zone}`, () => {
    it('the host really is in that zone (else this file proves nothing)', () => {
      process.env.TZ = zone;
      expect(new Date(T).getTimezoneOffset()).toBe(offsetMinutes);
    });

    it('text without an offset is read as UTC', () => {
      process.env.TZ = zone;
      expect(at('2023-11-14T22:13:20')).toBe(T);
      expect(at('2023-11-14 22:13:20')).toBe(T);
      expect(at('2023-11-14T22:13:20.250')).toBe(T + 250);
      expect(at('2023-11-14T22:13')).toBe(T - 20_000);
      expect(at('2023-11-14')).toBe(MIDNIGHT);
      expect(at('2023-W46-2')).toBe(MIDNIGHT); // ISO week date: Tuesday of week 46
      expect(at('2023-318')).toBe(MIDNIGHT); // ordinal date: day 318
      expect(at('20231114T221320')).toBe(T); // basic format with a time
      // A local time the host's zone skips (New York's clocks went from 2:00 to 3:00) is still 2:30 UTC.
      expect(at('2023-03-12T02:30:00')).toBe(Date.UTC(2023, 2, 12, 2, 30));
    });

    it('text with Z or an offset keeps it', () => {
      process.env.TZ = zone;
      expect(at('2023-11-14T22:13:20Z')).toBe(T);
      expect(at('2023-11-14T23:13:20+01:00')).toBe(T);
      expect(at('2023-11-14T17:13:20-0500')).toBe(T);
      expect(at('2023-11-15T03:43:20+05:30')).toBe(T);
      expect(at('2023-11-14T23:13:20+01')).toBe(T);
      expect(at('2023-11-14Z')).toBe(MIDNIGHT);
    });

    it('purely numeric text is epoch milliseconds, and what is not a date stays refused', () => {
      process.env.TZ = zone;
      expect(at(' 1700000000000 ')).toBe(T);
      expect(at('20231114')).toBe(20_231_114); // not ISO basic format: a number
      expect(at('-5')).toBe(-5);
      expect(at('2023-11-14T25:00:00')).toBe('timestamp "2023-11-14T25:00:00" is not an ISO-8601 date or epoch milliseconds');
      expect(at('1e3')).toBe('timestamp "1e3" is not an ISO-8601 date or epoch milliseconds');
      expect(at('yesterday')).toBe('timestamp "yesterday" is not an ISO-8601 date or epoch milliseconds');
      expect(at('2023-11-14T22:13:20+01:00Z')).toBe('timestamp "2023-11-14T22:13:20+01:00Z" is not an ISO-8601 date or epoch milliseconds');
    });

    it('an engine gives events the same time as on a host in UTC', () => {
      process.env.TZ = zone;
      const engine = new CepEngine<{ ts: string; k: string }>({ patterns: [{ name: 'p', pattern: Pattern.begin('a'), keyBy: 'k' }], time: { mode: 'event', timestamp: 'ts' } });
      const outputs = [...engine.push({ ts: '2023-11-14T22:13:20', k: 'x' }), ...engine.flush()];
      expect(outputs.map((o) => (o.kind === 'match' ? o.startTimestamp : o.kind))).toEqual([T]);
    });
  });
}
