// The regression comparison of the benchmark suite: what counts as a change through the host's
// noise, how a slower host is told from a slower engine, and that a bad record is refused with
// a message rather than stopping the suite.
import { describe, expect, it } from 'vitest';
import { compareRuns, comparisonSection, parseRecordedRun, recordRun, type RecordedRun } from '../../benchmarks/compare.js';
import type { BenchResult } from '../../benchmarks/harness.js';

function row(id: string, eventsPerSecond: number, extra: Partial<BenchResult> = {}): BenchResult {
  return { name: id, id, events: 1000, seconds: 1, eventsPerSecond, p50Micros: 1, p99Micros: 2, p999Micros: 3, peakRssMb: 100, heapUsedMb: 50, gcMillis: 10, notes: '', ...extra };
}

function recorded(rows: RecordedRun['rows']): RecordedRun {
  return { commit: 'abc1234', date: '2026-11-22T08:55:00.000Z', node: 'v20.20.2', machine: 'test machine', rows };
}

const verdicts = (before: RecordedRun, rows: BenchResult[]): Record<string, string> =>
  Object.fromEntries(compareRuns(before, rows).map((change) => [`${change.id} ${change.figure}`, change.verdict]));

describe('compareRuns', () => {
  it('counts a throughput in rounds as changed only when the median moved past the share and the rounds do not overlap', () => {
    const before = recorded([
      { id: 'W1', eventsPerSecond: 500_000, rounds: [450_000, 500_000, 540_000] },
      { id: 'W2-relaxed', eventsPerSecond: 1_000_000, rounds: [900_000, 1_000_000, 1_100_000] },
      { id: 'W3-relaxed', eventsPerSecond: 800_000, rounds: [700_000, 800_000, 820_000] },
      { id: 'W4', eventsPerSecond: 600_000, rounds: [590_000, 600_000, 610_000] },
    ]);
    expect(
      verdicts(before, [
        // 20 % slower, every round below the recorded lowest: regressed.
        row('W1', 400_000, { rounds: [380_000, 400_000, 420_000] }),
        // 20 % slower but one round reaches the recorded range: within noise.
        row('W2-relaxed', 800_000, { rounds: [700_000, 800_000, 950_000] }),
        // 25 % faster, rounds apart: improved.
        row('W3-relaxed', 1_000_000, { rounds: [900_000, 1_000_000, 1_050_000] }),
        // Rounds apart but only 5 % faster: within noise.
        row('W4', 630_000, { rounds: [620_000, 630_000, 640_000] }),
      ]),
    ).toEqual({ 'W1 events/s': 'regressed', 'W2-relaxed events/s': 'within noise', 'W3-relaxed events/s': 'improved', 'W4 events/s': 'within noise' });
  });

  it('asks more of rows measured once', () => {
    const before = recorded([
      { id: 'W5', eventsPerSecond: 100_000 },
      { id: 'W6', eventsPerSecond: 100_000 },
      { id: 'W7', eventsPerSecond: 100_000, rounds: [90_000, 100_000, 110_000] },
    ]);
    expect(verdicts(before, [row('W5', 70_000), row('W6', 60_000), row('W7', 64_000)])).toEqual({
      'W5 events/s': 'within noise',
      'W6 events/s': 'regressed',
      // Recorded in rounds, measured once now: the single-run share applies.
      'W7 events/s': 'regressed',
    });
  });

  it('marks an engine regression as the host when a baseline of the same workload regressed too', () => {
    const before = recorded([
      { id: 'W2-relaxed', eventsPerSecond: 1_000_000 },
      { id: 'W2/hand-written', eventsPerSecond: 4_000_000 },
      { id: 'W1', eventsPerSecond: 500_000 },
      { id: 'W1/hand-written', eventsPerSecond: 2_500_000 },
      { id: 'W3-relaxed', eventsPerSecond: 1_000_000 },
      { id: 'W3/ceiling', eventsPerSecond: 20_000_000 },
    ]);
    expect(
      verdicts(before, [
        row('W2-relaxed', 500_000),
        row('W2/hand-written', 2_000_000),
        row('W1', 250_000),
        row('W1/hand-written', 2_400_000),
        row('W3-relaxed', 500_000),
        row('W3/ceiling', 10_000_000),
      ]),
    ).toEqual({
      'W2-relaxed events/s': 'host slower',
      'W2/hand-written events/s': 'regressed',
      'W1 events/s': 'regressed',
      'W1/hand-written events/s': 'within noise',
      // A ceiling is a raw loop of a tenth of a second: too short to speak for the host.
      'W3-relaxed events/s': 'regressed',
      'W3/ceiling events/s': 'regressed',
    });
  });

  it('compares memory per live partial match to a few bytes, and skips rows the record does not have', () => {
    const before = recorded([
      { id: 'W1', eventsPerSecond: 500_000, bytesPerPartialMatch: 133 },
      { id: 'W2-relaxed', eventsPerSecond: 1_000_000, bytesPerPartialMatch: 296 },
      { id: 'W4', eventsPerSecond: 500_000, bytesPerPartialMatch: 266 },
    ]);
    expect(
      verdicts(before, [
        row('W1', 500_000, { bytesPerPartialMatch: 136 }),
        row('W2-relaxed', 1_000_000, { bytesPerPartialMatch: 320 }),
        row('W4', 500_000, { bytesPerPartialMatch: 240 }),
        row('W9', 1, { bytesPerPartialMatch: 10_000 }),
      ]),
    ).toEqual({
      'W1 events/s': 'within noise',
      'W1 bytes per live partial match': 'within noise',
      'W2-relaxed events/s': 'within noise',
      'W2-relaxed bytes per live partial match': 'regressed',
      'W4 events/s': 'within noise',
      'W4 bytes per live partial match': 'improved',
    });
  });

  it('renders the changes as a table, and says so when nothing was recorded', () => {
    const before = recorded([{ id: 'W1', eventsPerSecond: 500_000, rounds: [450_000, 500_000, 540_000] }]);
    const section = comparisonSection(before, compareRuns(before, [row('W1', 400_000, { rounds: [380_000, 400_000, 420_000] })]));
    expect(section).toContain('commit abc1234, 2026-11-22 08:55 UTC');
    expect(section).toContain('| W1 | events/s | 500,000 | 400,000 | -20 % | ❌ regressed |');
    expect(comparisonSection(before, [])).toContain('No workload of this run was recorded there.');
  });
});

describe('recordRun and parseRecordedRun', () => {
  it('records the rows with an id, rounded, and reads the record back', () => {
    const record = recordRun({ commit: 'abc1234', startedAt: new Date('2026-11-22T08:55:00Z'), node: 'v20.20.2', machine: 'm' }, [
      row('W1', 487_203.4, { rounds: [376_449.2, 487_203.4, 551_251.9], bytesPerPartialMatch: 133.4 }),
      { ...row('unnamed', 5), id: undefined },
      row('W7', 169_074.6, { bytesPerPartialMatch: Number.NaN }),
    ]);
    expect(record.rows).toEqual([
      { id: 'W1', eventsPerSecond: 487_203, rounds: [376_449, 487_203, 551_252], bytesPerPartialMatch: 133 },
      { id: 'W7', eventsPerSecond: 169_075 },
    ]);
    expect(parseRecordedRun(JSON.stringify(record), 'results.json')).toEqual(record);
  });

  it('refuses a record that is not one, saying where and what', () => {
    const good = recorded([{ id: 'W1', eventsPerSecond: 5 }]);
    const attempt = (text: string): string => {
      try {
        parseRecordedRun(text, 'benchmarks/results.json');
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(attempt('{"commit":')).toMatch(/^benchmarks\/results\.json: not JSON \(/);
    expect(attempt('[]')).toBe('benchmarks/results.json: not a recorded run (an object with commit, date and rows)');
    expect(attempt(JSON.stringify({ ...good, commit: 7 }))).toBe('benchmarks/results.json: "commit" is missing or not a string');
    expect(attempt(JSON.stringify({ ...good, rows: {} }))).toBe('benchmarks/results.json: "rows" is missing or not an array');
    expect(attempt(JSON.stringify({ ...good, rows: [{ id: 'W1', eventsPerSecond: 0 }] }))).toBe('benchmarks/results.json: rows[0] (W1): "eventsPerSecond" is not a positive number');
    expect(attempt(JSON.stringify({ ...good, rows: [{ id: 'W1', eventsPerSecond: 5, rounds: [] }] }))).toBe('benchmarks/results.json: rows[0] (W1): "rounds" is not a list of positive numbers');
    expect(attempt(JSON.stringify({ ...good, rows: [null] }))).toBe('benchmarks/results.json: rows[0] is not an object');
    expect(attempt(JSON.stringify(good))).toBe('accepted');
  });
});
