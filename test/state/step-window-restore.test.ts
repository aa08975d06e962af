// A step's own window is part of its fingerprint: restoring into a pattern whose step window
// changed treats that step as changed (its deadlines were set under the old window), while an
// unchanged window restores and goes on exactly as the uninterrupted engine.
import { describe, expect, it } from 'vitest';
import { CepEngine, Pattern, patternFingerprint, stepFingerprint, type EngineOutput } from '../../src/index.js';
import { CheckpointError, type CheckpointData } from '../../src/state/checkpoint.js';
import { decodeCheckpoint, encodeCheckpointSync } from '../../src/state/checkpoint-codec.js';
import { snapshotToCheckpointSync } from '../../src/state/snapshot.js';
import { stepFingerprints } from '../../src/state/fingerprint.js';

interface Ev {
  ts: number;
  key: string;
  type: 'a' | 'b' | 'c';
}

const is = (type: Ev['type']) => (e: Ev) => e.type === type;
const ev = (ts: number, key: string, type: Ev['type']): Ev => ({ ts, key, type });
const abc = (cWindow: number | null) => {
  const pattern = Pattern.begin<Ev>('a').where(is('a')).followedBy('b').where(is('b')).followedBy('c').where(is('c'));
  return (cWindow === null ? pattern : pattern.within(cWindow, 'previous-and-current')).within(50);
};

function engine(pattern: Pattern<Ev, Ev>): CepEngine<Ev> {
  return new CepEngine<Ev>({ patterns: [{ name: 'p', keyBy: 'key', pattern }], time: { mode: 'event', timestamp: 'ts', watermarks: 'source' } });
}

function lines(outputs: EngineOutput<Ev>[]): string[] {
  return outputs.map((o) => (o.kind === 'match' || o.kind === 'timeout' ? `${o.kind} ${o.key}${o.kind === 'timeout' ? ` @${o.timeoutTimestamp}` : ''}` : o.kind));
}

// k1 waits in c (took a@1, b@2); k2 waits in b (took a@3).
const BEFORE = [ev(1, 'k1', 'a'), ev(2, 'k1', 'b'), ev(3, 'k2', 'a')];
const AFTER = [ev(9, 'k2', 'b'), ev(20, 'k1', 'c'), ev(21, 'k2', 'c')];

function checkpointAfter(pattern: Pattern<Ev, Ev>): CheckpointData {
  const old = engine(pattern);
  BEFORE.forEach((e) => old.push(e));
  old.advanceWatermark(4);
  return decodeCheckpoint(encodeCheckpointSync(snapshotToCheckpointSync(old.captureSnapshot())));
}

describe('step windows and fingerprints', () => {
  it('a step without a window keeps the fingerprint it always had; one with a window differs', () => {
    const plain = abc(null).toModel();
    const windowed = abc(10).toModel();
    expect(stepFingerprint({ ...plain.steps[2]!, withinPreviousMs: null })).toBe(stepFingerprint(plain.steps[2]!));
    expect(stepFingerprint(windowed.steps[2]!)).not.toBe(stepFingerprint(plain.steps[2]!));
    expect(stepFingerprint(abc(11).toModel().steps[2]!)).not.toBe(stepFingerprint(windowed.steps[2]!));
    expect(patternFingerprint(windowed)).not.toBe(patternFingerprint(plain));
    const changed = stepFingerprints(windowed.steps).filter((s, i) => s.fingerprint !== stepFingerprints(plain.steps)[i]!.fingerprint);
    expect(changed.map((s) => s.name)).toEqual(['c']);
  });

  it('the same step window restores and goes on as the uninterrupted engine', () => {
    const target = engine(abc(10));
    expect(target.restore(checkpointAfter(abc(10)))).toEqual([]);
    const uninterrupted = engine(abc(10));
    BEFORE.forEach((e) => uninterrupted.push(e));
    uninterrupted.advanceWatermark(4);
    const after = (e: CepEngine<Ev>) => lines([...AFTER.flatMap((x) => e.push(x)), ...e.flush()]);
    const expected = after(uninterrupted);
    // k1's c window ended at 2 + 10; k2's at 9 + 10, before its c@21.
    expect(expected).toEqual(['timeout k1 @12', 'timeout k2 @19']);
    expect(after(target)).toEqual(expected);
  });

  it('a changed step window is a changed step: refused, or dropped on request', () => {
    const data = checkpointAfter(abc(10));
    let error: unknown;
    try {
      engine(abc(30)).restore(data);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as CheckpointError).message).toBe(
      "pattern 'p': 1 partial match is in steps that no longer fit (step 'c' changed); restore with { dropIncompatible: true } to drop them, or keep the old pattern until they have finished",
    );
    // k1 (waiting in c) is dropped; k2 (waiting in b) goes on under the new window.
    const target = engine(abc(30));
    expect(target.restore(data, { dropIncompatible: true })).toEqual([{ pattern: 'p', partialMatches: 1, reason: "step 'c' changed" }]);
    expect(lines([...AFTER.flatMap((x) => target.push(x)), ...target.flush()])).toEqual(['match k2']);
  });
});
