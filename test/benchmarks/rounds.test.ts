// Workloads with throughput targets run in rounds: a row reports its median round, and a ratio to
// the hand-written detector is the median of the ratios of rounds run side by side.
import { describe, expect, it } from 'vitest';
import { checkpointTable, medianCheckpointRound, type CheckpointResult } from '../../benchmarks/checkpoint-workloads.js';
import { median, medianRound, type BenchResult } from '../../benchmarks/harness.js';
import { evaluateTargets, handWrittenRatio } from '../../benchmarks/targets.js';

function round(id: string, eventsPerSecond: number, p99Micros = 1): BenchResult {
  return { name: id, id, events: 1000, seconds: 1000 / eventsPerSecond, eventsPerSecond, p50Micros: 1, p99Micros, p999Micros: 3, peakRssMb: 1, heapUsedMb: 1, gcMillis: 1, notes: '' };
}

describe('medianRound', () => {
  it('takes the whole median round (its latency and GC with it) and lists every round in the order run', () => {
    const result = medianRound([round('W1', 500, 10), round('W1', 300, 30), round('W1', 400, 20)]);
    expect(result.eventsPerSecond).toBe(400);
    expect(result.p99Micros).toBe(20);
    expect(result.rounds).toEqual([500, 300, 400]);
  });

  it('takes the lower middle round of an even count, and leaves a single run as it is', () => {
    expect(medianRound([round('W1', 100), round('W1', 400), round('W1', 200), round('W1', 300)]).eventsPerSecond).toBe(200);
    expect(medianRound([round('W1', 100)])).toEqual(round('W1', 100));
    expect(() => medianRound([])).toThrow(RangeError);
  });

  it('median of numbers, like medianRound', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2);
  });
});

describe('handWrittenRatio and the ratio targets', () => {
  // Round by round the engine is 2×, 2×, 4× slower than the detector, while the host's speed
  // moves: the ratio of the medians (500 / 150 = 3.3×) would mix different minutes.
  const engine = { ...round('W1', 150), rounds: [100, 150, 100] };
  const hand = { ...round('W1/hand-written', 500), rounds: [200, 300, 400] };

  it('is the median of the paired rounds', () => {
    expect(handWrittenRatio(engine, hand)).toBe(2);
  });

  it('falls back to the ratio of the rows when the rounds do not pair up', () => {
    expect(handWrittenRatio(round('W1', 100), round('W1/hand-written', 300))).toBe(3);
    expect(handWrittenRatio(engine, { ...hand, rounds: [200, 300] })).toBeCloseTo(500 / 150);
  });

  it('reports the paired median against the 2× goal, with the range of the rounds', () => {
    const outcome = evaluateTargets([engine, hand]).find((t) => t.target === 'W1 engine vs hand-written detector')!;
    expect(outcome.met).toBe(true);
    expect(outcome.measured).toBe('2.0× (150 vs 500 events/s) (median of 3 rounds; 2.0×–4.0×)');
    const throughput = evaluateTargets([engine, hand]).find((t) => t.target === 'W1 unpaid orders throughput')!;
    expect(throughput.measured).toBe('150 events/s (median of 3 rounds; 100–150)');
  });
});

describe('checkpoint rounds', () => {
  const result = (pause: number, after: number, floor: number): CheckpointResult => ({
    partialMatches: 1_000_000,
    baselinePauseMs: floor,
    baselineFullCollections: 1,
    baselineMs: 6000,
    captureMs: 0.5,
    maxPauseMs: pause,
    maxPauseAfterMs: after,
    bytes: 90e6,
    bytesPerPartialMatch: 90,
    encodeMBps: 70 + pause,
    decodeMs: 1,
    restoreMs: 1,
  });

  it('takes the round whose larger pause is the median, and checks the target on it', () => {
    const median = medianCheckpointRound([result(52, 10, 72), result(9, 14, 17), result(11, 8, 20)]);
    // Larger pauses 52, 14, 11: the median round is the second, encoding figures and all.
    expect([median.maxPauseMs, median.maxPauseAfterMs, median.encodeMBps]).toEqual([9, 14, 79]);
    expect(median.rounds).toEqual([
      { pauseMs: 52, pauseAfterMs: 10, floorMs: 72 },
      { pauseMs: 9, pauseAfterMs: 14, floorMs: 17 },
      { pauseMs: 11, pauseAfterMs: 8, floorMs: 20 },
    ]);
    const outcome = evaluateTargets([], [median]).find((t) => t.target.startsWith('Checkpoint pause'))!;
    expect(outcome.met).toBe(true);
    expect(outcome.measured).toBe('14.0 ms (no checkpoint: 17.0 ms, 1 full GC in 6.0 s; median of 3 rounds: 52.0, 14.0, 11.0 ms)');
    expect(checkpointTable([median])).toContain('every round (pause while encoding and writing / 0.5 s after / no checkpoint, ms, in the order run): 52.0 / 10.0 / 72.0; 9.0 / 14.0 / 17.0; 11.0 / 8.0 / 20.0.');
  });
});
