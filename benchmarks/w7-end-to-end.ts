// W7 end to end: W1's pattern over a 1M-line JSON Lines file, from bytes on disk to outputs on
// disk, without and with checkpoints. The `cepheus` CLI does not exist yet, so the job runs
// through the library's file runner; `EndToEndRunner` is the one seam to swap for a spawned CLI.
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileCheckpointStore, JsonLinesFileSink, readJsonLinesFile, runJsonLines } from '../src/index.js';
import { handWrittenUnpaidOrders } from './hand-written-unpaid-orders.js';
import { formatCount, measure, measureAsync, type BenchResult } from './harness.js';
import { sameCount, tagged, type Check, type JobContext, type JobOutput } from './job-output.js';
import { orderStream, type OrderEvent } from './order-stream.js';
import { unpaidOrdersEngine, W1_WINDOW_MS } from './w1-unpaid-orders.js';

/** One end-to-end run: W1's pattern over `inputPath`, outputs as JSON Lines to `outputPath`. */
export interface EndToEndJob {
  readonly inputPath: string;
  readonly outputPath: string;
  /** Where checkpoints go, or null for none. */
  readonly checkpointDirectory: string | null;
  readonly checkpointEveryRecords: number;
  /** Called after each input line, when the runner can tell (a spawned CLI cannot). */
  readonly onLine?: () => void;
}

/** What a run reports; outputs are counted from the output file by the caller. */
export interface EndToEndOutcome {
  readonly checkpoints: number;
}

/**
 * Runs an end-to-end job. Today `runWithLibrary`; when the CLI exists, a runner that spawns
 * `cepheus run <pattern> --input … --output … --checkpoints …` and awaits its exit replaces it.
 */
export type EndToEndRunner = (job: EndToEndJob) => Promise<EndToEndOutcome>;

/** The library's file runner: runJsonLines with a JsonLinesFileSink and a FileCheckpointStore. */
export const runWithLibrary: EndToEndRunner = async (job) => {
  const output = new JsonLinesFileSink(job.outputPath);
  try {
    const result = await runJsonLines({
      engine: unpaidOrdersEngine(W1_WINDOW_MS),
      input: job.inputPath,
      output,
      ...(job.checkpointDirectory === null ? {} : { store: new FileCheckpointStore(job.checkpointDirectory), every: { records: job.checkpointEveryRecords } }),
      ...(job.onLine === undefined ? {} : { onProgress: job.onLine }),
    });
    return { checkpoints: result.checkpoints };
  } finally {
    output.close();
  }
};

/** Runs W7 with `runner` (default the library) and the file-reading ceilings. */
export async function w7(ctx: JobContext, runner: EndToEndRunner = runWithLibrary): Promise<JobOutput> {
  const lines = ctx.quick ? 30_000 : 1_000_000;
  const directory = mkdtempSync(join(tmpdir(), 'cepheus-bench-w7-'));
  try {
    const events = orderStream({ events: lines + 1000, keys: 100_000, windowMs: W1_WINDOW_MS }).slice(0, lines);
    const inputPath = join(directory, 'orders.jsonl');
    writeJsonLines(inputPath, events);
    const expected = expectedOutputs(events);
    const rows: BenchResult[] = [];
    const checks: Check[] = [];
    const every = ctx.quick ? 10_000 : 100_000;
    for (const checkpointed of [false, true]) {
      const outputPath = join(directory, `outputs-${checkpointed ? 'checkpointed' : 'plain'}.jsonl`);
      let checkpoints = 0;
      const result = await measureAsync(
        checkpointed
          ? `W7 end to end, ${formatCount(lines)}-line file, checkpoint every ${formatCount(every)} records (files)`
          : `W7 end to end, ${formatCount(lines)}-line file, no checkpoints`,
        lines,
        async (tick) => {
          const outcome = await runner({
            inputPath,
            outputPath,
            checkpointDirectory: checkpointed ? join(directory, 'checkpoints') : null,
            checkpointEveryRecords: every,
            onLine: tick,
          });
          checkpoints = outcome.checkpoints;
          return checkpointed ? `${formatCount(checkpoints)} checkpoints` : '';
        },
      );
      const written = countLines(outputPath);
      rows.push(tagged({ ...result, notes: [`${formatCount(written)} output lines`, result.notes].filter((s) => s !== '').join(', ') }, checkpointed ? 'W7-checkpoints' : 'W7'));
      checks.push(sameCount(`W7 ${checkpointed ? 'with' : 'without'} checkpoints: output lines = hand-written matches + timeouts`, expected, written));
      if (checkpointed) checks.push({ name: 'W7 checkpoints were taken', ok: checkpoints > 0, detail: `${checkpoints} checkpoints` });
      rmSync(outputPath, { force: true });
    }
    if (!ctx.engineOnly) rows.push(tagged(await readerOnly(inputPath, lines), 'W7/reader'), tagged(parseCeiling(inputPath), 'W7/ceiling'));
    return { rows, checks };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Matches plus timeouts the hand-written detector finds in the same events. */
function expectedOutputs(events: readonly OrderEvent[]): number {
  let outputs = 0;
  const detector = handWrittenUnpaidOrders(W1_WINDOW_MS, () => outputs++, () => outputs++);
  for (const event of events) detector.push(event);
  detector.flush();
  return outputs;
}

function writeJsonLines(path: string, events: readonly OrderEvent[]): void {
  const fd = openSync(path, 'w');
  try {
    for (let i = 0; i < events.length; i += 10_000) {
      const chunk = events.slice(i, i + 10_000).map((event) => `${JSON.stringify(event)}\n`).join('');
      writeSync(fd, chunk);
    }
  } finally {
    closeSync(fd);
  }
}

function countLines(path: string): number {
  const bytes = readFileSync(path);
  let lines = 0;
  for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) lines++;
  return lines;
}

/** The library's JSON Lines reader alone, no engine: what reading and parsing costs in the runner. */
async function readerOnly(path: string, lines: number): Promise<BenchResult> {
  let records = 0;
  return measureAsync('W7 reader only: readJsonLinesFile, no engine', lines, async (tick) => {
    for await (const item of readJsonLinesFile(path)) {
      if (item.kind === 'record') records++;
      tick();
    }
    return `${formatCount(records)} records`;
  });
}

/** The ceiling: read the whole file, split lines, JSON.parse each and touch it. */
function parseCeiling(path: string): BenchResult {
  let text = '';
  let start = 0;
  let checksum = 0;
  let lines = 0;
  const result = measure(
    'W7 ceiling: readFileSync + split + JSON.parse each line',
    1,
    () => {
      text = readFileSync(path, 'utf8');
      for (let end = text.indexOf('\n', start); end !== -1; end = text.indexOf('\n', start)) {
        const event = JSON.parse(text.slice(start, end)) as OrderEvent;
        checksum = (checksum + event.ts + event.orderId.length) | 0;
        lines++;
        start = end + 1;
      }
    },
    () => `checksum ${checksum}; latency is for the whole file`,
  );
  return { ...result, events: lines, eventsPerSecond: lines / result.seconds, p50Micros: NaN, p99Micros: NaN, p999Micros: NaN };
}
