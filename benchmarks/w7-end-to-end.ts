// W7 end to end: W1's pattern over a 1M-line JSON Lines file, from bytes on disk to outputs on
// disk, without and with checkpoints. The target rows run the `cepheus` CLI as a user would (a
// spawned `cepheus run` of a .cep file, timed from spawn to exit, start-up included); the same jobs
// through the library's file runner, in this process, add per-line latency and are what a CPU
// profile of W7 sees.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileCheckpointStore, JsonLinesFileSink, readJsonLinesBatches, runJsonLines } from '../src/index.js';
import type { ChildStats } from './child-stats.js';
import { handWrittenUnpaidOrders } from './hand-written-unpaid-orders.js';
import { formatCount, measure, measureAsync, type BenchResult } from './harness.js';
import { sameCount, tagged, type Check, type JobContext, type JobOutput } from './job-output.js';
import { orderStream, type OrderEvent } from './order-stream.js';
import { unpaidOrdersEngine, W1_WINDOW_MS } from './w1-unpaid-orders.js';

/** One end-to-end run: W1's pattern over `inputPath`, outputs as JSON Lines to `outputPath`. */
interface EndToEndJob {
  readonly inputPath: string;
  readonly outputPath: string;
  /** Where checkpoints go, or null for none. */
  readonly checkpointDirectory: string | null;
  readonly checkpointEveryRecords: number;
  /** Called after each input line, when the runner can tell (a spawned CLI cannot). */
  readonly onLine?: () => void;
}

/** What a run reports; outputs are counted from the output file by the caller. */
interface EndToEndOutcome {
  readonly checkpoints: number;
}

/** The library's file runner: runJsonLines with a JsonLinesFileSink and a FileCheckpointStore. */
async function runWithLibrary(job: EndToEndJob): Promise<EndToEndOutcome> {
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
}

/** W1's pattern in the DSL, as a deployment would keep it in a .cep file. */
const W7_PATTERN = `event Order { ts: time, type: string, orderId: string }

pattern unpaid on Order {
  key by orderId
  time by ts
  within ${W1_WINDOW_MS / 60_000} minutes
  begin created where type == "created"
  followed by paid where type == "paid"
}
`;

/** The shipped `cepheus` bin (`npm run build` makes it; `npm run bench` builds it first). */
const CLI_PATH = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const CHILD_STATS_PATH = fileURLToPath(new URL('./child-stats.js', import.meta.url));

/** A spawned CLI run: wall time from spawn to exit, and what the child said about itself. */
interface CliRun {
  readonly seconds: number;
  readonly stats: ChildStats;
  readonly checkpoints: number;
}

/**
 * Runs `cepheus run <patternPath> -i … -o …` (with `--checkpoint-dir` and `--checkpoint-every`
 * when checkpointing) in a child process and waits for it to exit. Throws if it fails.
 */
function runCli(patternPath: string, job: EndToEndJob, statsPath: string): CliRun {
  const args = ['--import', CHILD_STATS_PATH, CLI_PATH, 'run', patternPath, '--input', job.inputPath, '--output', job.outputPath, '--no-summary'];
  if (job.checkpointDirectory !== null) {
    // Keep every checkpoint, so the directory tells how many were taken.
    args.push('--checkpoint-dir', job.checkpointDirectory, '--checkpoint-every', String(job.checkpointEveryRecords), '--keep-checkpoints', '1000');
  }
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, { env: { ...process.env, CEPHEUS_BENCH_STATS: statsPath }, encoding: 'utf8', maxBuffer: 1 << 24 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.error !== undefined) throw child.error;
  if (child.status !== 0) throw new Error(`cepheus run exited with ${child.status ?? child.signal}: ${child.stderr.trim()}`);
  const stats = JSON.parse(readFileSync(statsPath, 'utf8')) as ChildStats;
  const checkpoints = job.checkpointDirectory === null ? 0 : readdirSync(job.checkpointDirectory).filter((name) => name.endsWith('.ckpt')).length;
  return { seconds, stats, checkpoints };
}

/** Runs W7: the CLI rows (the targets), then the library runner's, the reader alone and the ceiling. */
export async function w7(ctx: JobContext): Promise<JobOutput> {
  const lines = ctx.quick ? 30_000 : 1_000_000;
  const directory = mkdtempSync(join(tmpdir(), 'cepheus-bench-w7-'));
  try {
    const events = orderStream({ events: lines + 1000, keys: 100_000, windowMs: W1_WINDOW_MS }).slice(0, lines);
    const inputPath = join(directory, 'orders.jsonl');
    writeJsonLines(inputPath, events);
    const patternPath = join(directory, 'unpaid-orders.cep');
    writeFileSync(patternPath, W7_PATTERN);
    const expected = expectedOutputs(events);
    const rows: BenchResult[] = [];
    const checks: Check[] = [];
    const every = ctx.quick ? 10_000 : 100_000;
    const jobFor = (checkpointed: boolean, runner: string): EndToEndJob => ({
      inputPath,
      outputPath: join(directory, `outputs-${runner}-${checkpointed ? 'checkpointed' : 'plain'}.jsonl`),
      checkpointDirectory: checkpointed ? join(directory, `checkpoints-${runner}`) : null,
      checkpointEveryRecords: every,
    });
    const describe = (checkpointed: boolean): string =>
      checkpointed ? `${formatCount(lines)}-line file, checkpoint every ${formatCount(every)} records (files)` : `${formatCount(lines)}-line file, no checkpoints`;
    const checkOutputs = (label: string, job: EndToEndJob, checkpoints: number): string => {
      const written = countLines(job.outputPath);
      checks.push(sameCount(`${label}: output lines = hand-written matches + timeouts`, expected, written));
      if (job.checkpointDirectory !== null) checks.push({ name: `${label}: checkpoints were taken`, ok: checkpoints > 0, detail: `${checkpoints} checkpoints` });
      rmSync(job.outputPath, { force: true });
      return [`${formatCount(written)} output lines`, job.checkpointDirectory === null ? '' : `${formatCount(checkpoints)} checkpoints`].filter((note) => note !== '').join(', ');
    };

    // A CPU profile of W7 (--engine-only) needs the work in this process: the CLI rows are skipped.
    if (!ctx.engineOnly) {
      if (!existsSync(CLI_PATH)) throw new Error(`W7 runs the built CLI, ${CLI_PATH}: run \`npm run build\` first (\`npm run bench\` does)`);
      for (const checkpointed of [false, true]) {
        const job = jobFor(checkpointed, 'cli');
        const run = runCli(patternPath, job, join(directory, 'child-stats.json'));
        const notes = `${checkOutputs(`W7 CLI ${checkpointed ? 'with' : 'without'} checkpoints`, job, run.checkpoints)}; process start to exit; latency is not visible from outside (see the library rows)`;
        rows.push(
          tagged(
            {
              name: `W7 end to end, \`cepheus run\` CLI, ${describe(checkpointed)}`,
              events: lines,
              seconds: run.seconds,
              eventsPerSecond: lines / run.seconds,
              p50Micros: NaN,
              p99Micros: NaN,
              p999Micros: NaN,
              peakRssMb: run.stats.peakRssMb,
              heapUsedMb: NaN,
              gcMillis: run.stats.gcMillis,
              notes,
            },
            checkpointed ? 'W7-checkpoints' : 'W7',
          ),
        );
      }
    }
    for (const checkpointed of [false, true]) {
      const job = jobFor(checkpointed, 'library');
      let checkpoints = 0;
      const result = await measureAsync(`W7 end to end, library file runner (runJsonLines), ${describe(checkpointed)}`, lines, async (tick) => {
        checkpoints = (await runWithLibrary({ ...job, onLine: tick })).checkpoints;
        return '';
      });
      const notes = checkOutputs(`W7 library runner ${checkpointed ? 'with' : 'without'} checkpoints`, job, checkpoints);
      rows.push(tagged({ ...result, notes }, checkpointed ? 'W7-checkpoints/library' : 'W7/library'));
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

/**
 * The library's JSON Lines reader alone, no engine: what reading and parsing costs in the runner,
 * which reads a chunk of lines per `await` as here (`readJsonLinesFile`, an item per `await`, is
 * about 40 % slower).
 */
async function readerOnly(path: string, lines: number): Promise<BenchResult> {
  let records = 0;
  return measureAsync('W7 reader only: readJsonLinesBatches, as the runner reads, no engine', lines, async (tick) => {
    for await (const batch of readJsonLinesBatches(path)) {
      for (const item of batch) {
        if (item.kind === 'record') records++;
        tick();
      }
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
