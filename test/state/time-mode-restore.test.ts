// A checkpoint carries the time line of the engine that took it: event timestamps in event time,
// clock readings in processing time. Restoring partial matches or buffered events into an engine
// on the other time line would mix the two or strand the events, so it is refused; and a
// processing-time engine restored on a host whose clock is behind does not go back in time.
import { describe, expect, it } from 'vitest';
import { CepEngine, ManualClock, Pattern, type EngineOptions } from '../../src/index.js';
import { CheckpointError, type CheckpointData } from '../../src/state/checkpoint.js';
import { decodeCheckpoint, encodeCheckpointSync } from '../../src/state/checkpoint-codec.js';
import { snapshotToCheckpointSync } from '../../src/state/snapshot.js';
import type { TimestampSelector } from '../../src/runtime/record-fields.js';

interface Ev {
  ts: number;
  user: string;
  type: 'fail' | 'login';
  /** A second time field, for restores that read times from it instead. */
  at?: number;
}

const ev = (ts: number, user: string, type: Ev['type']): Ev => ({ ts, user, type });
const failThenLogin = Pattern.begin<Ev>('fail')
  .where((e) => e.type === 'fail')
  .followedBy('login')
  .where((e) => e.type === 'login')
  .within(30);
const patterns: EngineOptions<Ev>['patterns'] = [{ name: 'login', keyBy: 'user', pattern: failThenLogin }];
const SOURCE = 'checkpoint-0000000003.ckpt';

const eventTime = (clock = new ManualClock(0)) => new CepEngine<Ev>({ patterns, time: { mode: 'event', timestamp: 'ts', watermarks: 'source', clock } });
const processingTime = (clock: ManualClock) => new CepEngine<Ev>({ patterns, time: { mode: 'processing', clock } });

/** The engine's checkpoint, through the codec, as a restore reads it. */
function checkpointOf(engine: CepEngine<Ev>): CheckpointData {
  return decodeCheckpoint(encodeCheckpointSync(snapshotToCheckpointSync(engine.captureSnapshot())));
}

/** Restores and returns the error, checking the target kept its state. */
function refusal(target: CepEngine<Ev>, data: CheckpointData): CheckpointError {
  const before = { partialMatches: target.partialMatches, bufferedEvents: target.bufferedEvents, stats: target.stats };
  let error: unknown = null;
  try {
    target.restore(data, { source: SOURCE });
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(CheckpointError);
  expect({ partialMatches: target.partialMatches, bufferedEvents: target.bufferedEvents, stats: target.stats }).toEqual(before);
  return error as CheckpointError;
}

describe('a checkpoint restored into an engine on another time line', () => {
  it('event time into processing time: refused, naming what it holds and what to do', () => {
    const saving = eventTime();
    [ev(1, 'ann', 'fail'), ev(2, 'bob', 'fail'), ev(9, 'cy', 'fail')].forEach((e) => saving.push(e));
    saving.advanceWatermark(5); // ann and bob are partial matches; cy's event waits in the buffer
    const error = refusal(processingTime(new ManualClock(1_000)), checkpointOf(saving));
    expect(error.code).toBe('time-mode-changed');
    expect(error.message).toBe(
      `${SOURCE}: the checkpoint was taken in event time and this engine runs in processing time: the 2 partial matches and 1 buffered event it holds carry event-time timestamps; restore it into an engine in event time, or let them finish first`,
    );
  });

  it('processing time into event time: refused, since clock readings are not event timestamps', () => {
    const saving = processingTime(new ManualClock(5_000_000));
    saving.push(ev(0, 'ann', 'fail'));
    const target = eventTime();
    const error = refusal(target, checkpointOf(saving));
    expect(error).toMatchObject({ code: 'time-mode-changed', message: expect.stringContaining('taken in processing time and this engine runs in event time: the 1 partial match it holds') });
    // Had it been taken, the event at ts 0 would have completed a match that "ended" before it began.
    expect(target.push(ev(0, 'ann', 'login'))).toEqual([]);
  });

  it('a checkpoint holding no partial match and no buffered event restores in either mode', () => {
    const saving = eventTime();
    saving.push(ev(1, 'ann', 'login'));
    saving.advanceWatermark(5);
    const clock = new ManualClock(1_000);
    const target = processingTime(clock);
    expect(target.restore(checkpointOf(saving))).toEqual([]);
    expect(target.stats.records).toBe(1);
    target.push(ev(0, 'ann', 'fail'));
    clock.advance(10);
    expect(target.push(ev(0, 'ann', 'login'))).toMatchObject([{ kind: 'match', id: 0, startTimestamp: 1_000, endTimestamp: 1_010 }]);
  });

  it('a checkpoint from before the mode was recorded is refused only where it would lose buffered events', () => {
    const saving = eventTime();
    [ev(1, 'ann', 'fail'), ev(9, 'cy', 'fail')].forEach((e) => saving.push(e));
    saving.advanceWatermark(5);
    const { mode: _mode, clock: _clock, ...oldTime } = checkpointOf(saving).time;
    const old: CheckpointData = { ...checkpointOf(saving), time: oldTime };
    expect(refusal(processingTime(new ManualClock(0)), old)).toMatchObject({
      code: 'time-mode-changed',
      message: `${SOURCE}: the checkpoint holds 1 event waiting for an event-time watermark, and this engine runs in processing time, which has none to release them; restore it into an engine in event time`,
    });
    const target = eventTime();
    target.restore(old);
    expect(target.flush().map((out) => `${out.kind} ${'key' in out ? out.key : ''}`)).toEqual(['timeout ann', 'timeout cy']);
  });
});

describe('processing time restored where the clock is behind', () => {
  it("goes on from the saving engine's last reading, not back to the new clock's", () => {
    const saving = processingTime(new ManualClock(5_000_000));
    saving.push(ev(0, 'ann', 'fail'));
    const clock = new ManualClock(1_000); // another host, or the clock set back
    const restored = processingTime(clock);
    restored.restore(checkpointOf(saving));
    expect(restored.push(ev(0, 'ann', 'login'))).toMatchObject([{ kind: 'match', startTimestamp: 5_000_000, endTimestamp: 5_000_000 }]);
    // Time stands at the saved reading until the clock passes it, then follows the clock.
    restored.push(ev(0, 'bob', 'fail'));
    clock.set(5_000_020);
    expect(restored.push(ev(0, 'bob', 'login'))).toMatchObject([{ kind: 'match', startTimestamp: 5_000_000, endTimestamp: 5_000_020 }]);
  });
});

describe('an event-time checkpoint restored with another timestamp setting', () => {
  const timedBy = (timestamp: TimestampSelector<Ev>) => new CepEngine<Ev>({ patterns, time: { mode: 'event', timestamp, watermarks: 'source', clock: new ManualClock(0) } });

  it('is refused while it holds partial matches or buffered events: their times were read the old way', () => {
    const saving = timedBy('ts');
    saving.push({ ...ev(1, 'ann', 'fail'), at: 900 });
    saving.advanceWatermark(5);
    const data = decodeCheckpoint(encodeCheckpointSync(snapshotToCheckpointSync(saving.captureSnapshot())));
    const target = timedBy('at');
    expect(() => target.restore(data, { source: SOURCE })).toThrow(
      expect.objectContaining({
        code: 'timestamp-changed',
        message: `${SOURCE}: the checkpoint was taken by an engine that read event times another way (another timestamp field or function): the 1 partial match it holds carry times read that way; restore it with the old timestamp setting, or let them finish first`,
      }),
    );
    expect(target.partialMatches).toBe(0);
    // The same field, or a function of the same source, is the same setting.
    expect(timedBy('ts').restore(data)).toEqual([]);
        const fromFunction = timedBy((e: { ts: number }) => e.ts);
    fromFunction.push({ ...ev(1, 'ann', 'fail'), at: 900 });
    const functionData = decodeCheckpoint(encodeCheckpointSync(snapshotToCheckpointSync(fromFunction.captureSnapshot())));
    expect(timedBy((e: { ts: number }) => e.ts).restore(functionData)).toEqual([]);
    expect(() => timedBy('ts').restore(functionData)).toThrow(expect.objectContaining({ code: 'timestamp-changed' }));
  });

  it('restores when nothing timed is carried', () => {
    const saving = timedBy('ts');
    saving.push({ ...ev(1, 'ann', 'login'), at: 900 });
    saving.advanceWatermark(5);
    const target = timedBy('at');
    expect(target.restore(decodeCheckpoint(encodeCheckpointSync(snapshotToCheckpointSync(saving.captureSnapshot()))))).toEqual([]);
    expect(target.stats.records).toBe(1);
  });
});
