// The input line of a buffered record in checkpoints: written as the buffer's optional `line`
// column, restored with the record, and absent (bytes as before lines were kept) when no buffered
// record has one — such checkpoints, older ones included, restore as they always did.
import { describe, expect, it } from 'vitest';
import { CepEngine, CheckpointError, Pattern, compactCheckpoint, type CheckpointData, type EngineOptions, type EngineOutput } from '../../src/index.js';
import { decodeCheckpoint, encodeCheckpointSync } from '../../src/state/checkpoint-codec.js';
import { snapshotToCheckpointSync } from '../../src/state/snapshot.js';

interface Order {
  ts: number;
  type: string;
  orderId?: string;
}

const options: EngineOptions<Order> = {
  patterns: [
    {
      name: 'unpaid',
      keyBy: 'orderId',
      pattern: Pattern.begin<Order>('created')
        .where((e) => e.type === 'created')
        .followedBy('paid')
        .where((e) => e.type === 'paid')
        .within(15),
    },
  ],
  time: { mode: 'event', timestamp: 'ts', maxOutOfOrderness: 10 },
};

/** Three records still in the reorder buffer: lines 3 and 5 (without a key), and one pushed without a line. */
function engineHoldingLines(): CepEngine<Order> {
  const engine = new CepEngine<Order>(options);
  engine.push({ ts: 1, type: 'created', orderId: 'a' }, 3);
  engine.push({ ts: 2, type: 'created' }, 5);
  engine.push({ ts: 3, type: 'created' });
  return engine;
}

const checkpointOf = (engine: CepEngine<Order>): Uint8Array => encodeCheckpointSync(snapshotToCheckpointSync(engine.captureSnapshot()));

function flushedAfterRestore(data: CheckpointData): EngineOutput<Order>[] {
  const engine = new CepEngine<Order>(options);
  engine.restore(data);
  return engine.flush();
}

describe('lines of buffered records in checkpoints', () => {
  it('a record without a key, buffered across a checkpoint, is reported after the restore with its line, as an uninterrupted run reports it', () => {
    const data = decodeCheckpoint(checkpointOf(engineHoldingLines()));
    expect(data.buffer).toEqual([
      [1, 0, 0, 3],
      [2, 1, 1, 5],
      [3, 2, 2],
    ]);
    const restored = flushedAfterRestore(data);
    expect(restored).toStrictEqual(engineHoldingLines().flush());
    expect(restored.flatMap((out) => (out.kind === 'error' ? [[out.code, out.message, 'line' in out ? out.line : null]] : []))).toEqual([
      ['bad-key', "line 5: pattern 'unpaid': key field 'orderId' is missing", 5],
      ['bad-key', "pattern 'unpaid': key field 'orderId' is missing", null],
    ]);
  });

  it('the line column holds 0 for an entry without a line, and is not written when no entry has one', () => {
    const withLines = Buffer.from(checkpointOf(engineHoldingLines())).toString('utf8');
    expect(withLines).toContain('"buffer":{"timestamp":[1,2,3],"arrival":[0,1,2],"event":[0,1,2],"line":[3,5,0]}');
    const engine = new CepEngine<Order>(options);
    engine.push({ ts: 1, type: 'created', orderId: 'a' });
    const withoutLines = Buffer.from(checkpointOf(engine)).toString('utf8');
    expect(withoutLines).toContain('"buffer":{"timestamp":[1],"arrival":[0],"event":[0]},');
    expect(decodeCheckpoint(Buffer.from(withoutLines)).buffer).toEqual([[1, 0, 0]]);
  });

  it('a checkpoint written before lines were kept (no line column) restores, and its records are reported without a line', () => {
    const data = decodeCheckpoint(checkpointOf(engineHoldingLines()));
    // The same state as an older Cepheus wrote it: entries of three, encoded without the column.
    const older = decodeCheckpoint(encodeCheckpointSync({ ...data, buffer: data.buffer.map(([timestamp, arrival, event]) => [timestamp, arrival, event] as const) }));
    expect(Buffer.from(encodeCheckpointSync(older)).toString('utf8')).not.toContain('"line":');
    const errors = flushedAfterRestore(older).filter((out) => out.kind === 'error');
    expect(errors.map((out) => [out.kind === 'error' && out.message, 'line' in out])).toEqual([
      ["pattern 'unpaid': key field 'orderId' is missing", false],
      ["pattern 'unpaid': key field 'orderId' is missing", false],
    ]);
  });

  it('decoded data written back and compacted keeps each entry’s line', () => {
    const data = decodeCheckpoint(checkpointOf(engineHoldingLines()));
    expect(decodeCheckpoint(encodeCheckpointSync(compactCheckpoint(data))).buffer).toEqual(data.buffer);
  });

  it('a buffered entry whose line is not a whole number from 1 is a corrupt checkpoint, refused before anything changes', () => {
    const data = decodeCheckpoint(checkpointOf(engineHoldingLines()));
    for (const line of [0, -2, 1.5, 'x' as unknown as number]) {
      const damaged: CheckpointData = { ...data, buffer: [[1, 0, 0, line], ...data.buffer.slice(1)] };
      const engine = new CepEngine<Order>(options);
      engine.push({ ts: 100, type: 'created', orderId: 'z' }, 1);
      let error: unknown;
      try {
        engine.restore(damaged);
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(CheckpointError);
      expect((error as CheckpointError).code).toBe('corrupt');
      expect((error as CheckpointError).message).toMatch(/^checkpoint buffer entry 0 has line .+, not a whole number from 1$/);
      expect(engine.bufferedEvents).toBe(1);
    }
  });
});
