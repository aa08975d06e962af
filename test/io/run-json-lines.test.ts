// runJsonLines gives the engine every record's line: the outputs about a record name the line it
// was read from (blank lines counted), also for a record that waited in the reorder buffer while
// the job was stopped, checkpointed and resumed in a fresh engine.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CepEngine, MemoryCheckpointStore, Pattern, runJsonLines, type EngineOutput, type OutputSink } from '../../src/index.js';
import { removeTempDirs, tempDir } from '../temp-dirs.js';

afterAll(removeTempDirs);

interface Order {
  ts: number;
  type: string;
  orderId?: string;
}

const INPUT = [
  '{"ts":1,"type":"created","orderId":"a"}',
  '',
  '{"ts":2,"type":"created"}', // no key: reported when the watermark passes 2, on line 6
  'not json',
  '{"ts":"xx","type":"created","orderId":"b"}',
  '{"ts":30,"type":"paid","orderId":"a"}',
  '{"ts":3,"type":"paid","orderId":"a"}', // behind the watermark (19): late
].join('\n');

const newEngine = (): CepEngine<Order> =>
  new CepEngine<Order>({
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
  });

/** Outputs in memory, cut back on restore as a file sink is. */
class MemorySink implements OutputSink<EngineOutput<Order>> {
  readonly outputs: EngineOutput<Order>[] = [];
  write(output: EngineOutput<Order>): void {
    this.outputs.push(output);
  }
  commit(): number {
    return this.outputs.length;
  }
  rollback(position: unknown): void {
    this.outputs.length = position === null ? 0 : (position as number);
  }
  close(): void {}
}

/** `[id, kind or error code, line, message]` per output (`-` where there is none). */
function summary(outputs: readonly EngineOutput<Order>[]): (string | number)[][] {
  return outputs.map((out) => {
    switch (out.kind) {
      case 'error':
        return [out.id, out.code, out.line ?? '-', out.message];
      case 'late':
        return [out.id, 'late', out.line ?? '-', '-'];
      default:
        return [out.id, out.kind, 'line' in out ? 'has a line' : '-', '-'];
    }
  });
}

const expected = [
  [0, 'bad-input', 4, `line 4: not JSON: ${jsonParseMessage('not json')}`],
  [1, 'bad-timestamp', 5, `line 5: timestamp field 'ts' "xx" is not an ISO-8601 date or epoch milliseconds`],
  [2, 'bad-key', 3, "line 3: pattern 'unpaid': key field 'orderId' is missing"],
  [3, 'timeout', '-', '-'],
  [4, 'late', 7, '-'],
];

function jsonParseMessage(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('parses');
}

describe('runJsonLines and input lines', () => {
  it('every output about a record names its line (blank lines counted)', async () => {
    const input = join(tempDir(), 'orders.jsonl');
    writeFileSync(input, INPUT);
    const sink = new MemorySink();
    await runJsonLines({ engine: newEngine(), input, output: sink });
    expect(summary(sink.outputs)).toEqual(expected);
  });

  it('a record buffered when the job stops keeps its line after the job resumes in a fresh engine', async () => {
    const input = join(tempDir(), 'orders.jsonl');
    writeFileSync(input, INPUT);
    const store = new MemoryCheckpointStore();
    const sink = new MemorySink();
    const stop = new AbortController();
    const first = await runJsonLines({
      engine: newEngine(),
      input,
      output: sink,
      store,
      signal: stop.signal,
      // Stop once line 3 (the keyless record) is read: it waits in the reorder buffer.
      onProgress: (position) => {
        if (position.line > 3) stop.abort();
      },
    });
    expect([first.outcome, first.position.line]).toEqual(['stopped', 4]);
    expect(sink.outputs).toEqual([]);
    const second = await runJsonLines({ engine: newEngine(), input, output: sink, store, restore: true });
    expect(second.outcome).toBe('completed');
    expect(summary(sink.outputs)).toEqual(expected);
  });
});
