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
  it('counts events/s as changed only when they halved or doubled, and where both runs have rounds, only when their ranges do not overlap', () => {
    const before = recorded([
      { id: 'W3-relaxed', eventsPerSecond: 1_000_000, rounds: [900_000, 1_000_000, 1_100_000] },
      { id: 'W4', eventsPerSecond: 600_000, rounds: [590_000, 600_000, 610_000] },
      { id: 'W5', eventsPerSecond: 100_000 },
      { id: 'W6', eventsPerSecond: 100_000 },
      { id: 'W7', eventsPerSecond: 100_000, rounds: [90_000, 100_000, 110_000] },
      { id: 'W8', eventsPerSecond: 100_000 },
    ]);
    expect(
      verdicts(before, [
        // Halved, every round below the recorded lowest: regressed.
        row('W3-relaxed', 500_000, { rounds: [450_000, 500_000, 550_000] }),
        // Under half, but one round reaches the recorded range: within noise.
        row('W4', 280_000, { rounds: [270_000, 280_000, 600_000] }),
        // Measured once: 40 % slower is within the host's noise (short runs move by up to 1.7×).
        row('W5', 60_000),
        row('W6', 45_000),
        // Recorded in rounds, measured once now: the factor alone decides.
        row('W7', 50_000),
        row('W8', 210_000),
      ]),
    ).toEqual({
      'W3-relaxed events/s': 'regressed',
      'W4 events/s': 'within noise',
      'W5 events/s': 'within noise',
      'W6 events/s': 'regressed',
      'W7 events/s': 'regressed',
      'W8 events/s': 'improved',
    });
  });

  it('holds the engine to its hand-written detector, rounds paired, to a closer margin than raw events/s', () => {
    // Recorded: the engine 2.0× the detector's time in every round.
    const before = recorded([
      { id: 'W1', eventsPerSecond: 1_000, rounds: [1_000, 900, 1_100] },
      { id: 'W1/hand-written', eventsPerSecond: 2_000, rounds: [2_000, 1_800, 2_200] },
      { id: 'W2-relaxed', eventsPerSecond: 1_000, rounds: [1_000, 900, 1_100] },
      { id: 'W2-relaxed/hand-written', eventsPerSecond: 2_000, rounds: [2_000, 1_800, 2_200] },
      { id: 'W2-consecutive', eventsPerSecond: 1_000, rounds: [1_000, 900, 1_100] },
      { id: 'W2-consecutive/hand-written', eventsPerSecond: 2_000, rounds: [2_000, 1_800, 2_200] },
    ]);
    const changes = compareRuns(before, [
      // The host 30 % slower, the engine as before against its detector: nothing to report.
      row('W1', 700, { rounds: [700, 630, 770] }),
      row('W1/hand-written', 1_400, { rounds: [1_400, 1_260, 1_540] }),
      // Same host, the engine 2.5× its detector's time in every round: regressed, though its
      // events/s fell only 20 %.
      row('W2-relaxed', 800, { rounds: [800, 720, 880] }),
      row('W2-relaxed/hand-written', 2_000, { rounds: [2_000, 1_800, 2_200] }),
      // 2.5× at the median but 2.0× in one round: within noise.
      row('W2-consecutive', 800, { rounds: [800, 900, 880] }),
      row('W2-consecutive/hand-written', 2_000, { rounds: [2_000, 1_800, 2_200] }),
    ]);
    const ratio = (id: string) => changes.find((c) => c.id === id && c.figure === '× hand-written time')!;
    expect([ratio('W1').before, ratio('W1').now, ratio('W1').verdict]).toEqual([2, 2, 'within noise']);
    expect([ratio('W2-relaxed').now, ratio('W2-relaxed').verdict]).toEqual([2.5, 'regressed']);
    expect(changes.find((c) => c.id === 'W2-relaxed' && c.figure === 'events/s')!.verdict).toBe('within noise');
    expect(ratio('W2-consecutive').verdict).toBe('within noise');
    expect(comparisonSection(before, changes)).toContain('| W2-relaxed | × hand-written time | 2.00× | 2.50× | +25 % | ❌ regressed |');
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
    const section = comparisonSection(before, compareRuns(before, [row('W1', 200_000, { rounds: [180_000, 200_000, 220_000] })]));
    expect(section).toContain('commit abc1234, 2026-11-22 08:55 UTC');
    expect(section).toContain('| W1 | events/s | 500,000 | 200,000 | -60 % | ❌ regressed |');
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
