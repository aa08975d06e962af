// `cepheus run`: load .cep files, read JSON Lines events, write outputs as JSON Lines.
import { existsSync, statSync } from 'node:fs';
import { Command, Option } from 'commander';
import { SingleBar } from 'cli-progress';
import { engineOptionsFor, type DslTimeOptions } from '../../dsl/definition.js';
import { JsonLinesFileSink, type OutputSink } from '../../io/jsonl-sink.js';
import { RoutingSink, StreamSink } from '../../io/routing-sink.js';
import { OutputFileError } from '../../io/output-file-error.js';
import { runJsonLines, type JobEvent } from '../../io/run-json-lines.js';
import { parseDuration } from '../../pattern/duration.js';
import { CepEngine } from '../../runtime/engine.js';
import type { EngineOutput } from '../../runtime/outputs.js';
import type { EventRecord } from '../../dsl/compile-expression.js';
import { FileCheckpointStore } from '../../state/checkpoint-store.js';
import { CheckpointError } from '../../state/checkpoint.js';
import { CliError, EXIT } from '../exit-codes.js';
import { describeThrown } from '../../text/describe.js';
import { DEFAULT_MAX_PARTIAL_MATCHES_PER_KEY } from '../../runtime/engine-options.js';
import type { Io } from '../io.js';
import { loadOrReport } from '../load.js';
import { formatOutputText } from '../format-output.js';
import { counted } from '../../text/counted.js';
import { isFieldPath } from '../../runtime/record-fields.js';
import { findPatternFiles } from '../../dsl/pattern-files.js';
import { refuseClashingFiles, type NamedFile } from '../output-clashes.js';

interface RunOptions {
  input?: string;
  output?: string;
  matches?: string;
  timeouts?: string;
  late?: string;
  errors?: string;
  timeField?: string;
  maxOutOfOrderness?: string;
  idleTimeout?: string;
  allowedLateness?: string;
  processingTime?: boolean;
  checkpointDir?: string;
  checkpointEvery?: string;
  keepCheckpoints: number;
  restore?: string;
  dropIncompatible?: boolean;
  dropUnknownPatterns?: boolean;
  timeoutOutput: boolean;
  maxPartialMatches?: number;
  summary: boolean;
  format: 'json' | 'text';
}

/** The `run` command. */
export function runCommand(io: Io): Command {
  return new Command('run')
    .description('run the patterns of .cep files over JSON Lines events and write matches, timeouts, late events and errors')
    .argument('<patterns...>', '.cep files or directories of them')
    .option('-i, --input <file>', "JSON Lines events (default, or '-': stdin; a file can be resumed from a checkpoint)")
    .option('-o, --output <file>', 'write every output here instead of stdout')
    .option('--matches <file>', 'write matches to this file')
    .option('--timeouts <file>', 'write timed-out partial matches to this file')
    .option('--late <file>', 'write late events to this file')
    .option('--errors <file>', 'write errors to this file')
    .option('--time-field <path>', "the events' time field (default: the patterns' `time by`, else `timestamp`)")
    .option('--max-out-of-orderness <duration>', "how late events may arrive and still be in order, e.g. '5s'", '0')
    .option('--idle-timeout <duration>', "after this much silence, time moves with the wall clock, e.g. '30s'")
    .option('--allowed-lateness <duration>', 'wait this much longer for stragglers before processing')
    .option('--processing-time', "use the wall clock's time instead of the events' time")
    .option('--checkpoint-dir <dir>', 'keep checkpoints here (needs --input and output files for exactly-once)')
    .option('--checkpoint-every <n|duration>', "checkpoint every N events ('100000') or every duration ('10s')", '10s')
    .addOption(new Option('--keep-checkpoints <n>', 'how many checkpoints to keep').default(3).argParser((text) => positiveInteger(text, '--keep-checkpoints')))
    .addOption(new Option('--restore <which>', 'resume from a checkpoint of --checkpoint-dir').choices(['latest']))
    .option('--drop-incompatible', 'on restore, drop partial matches in steps that changed, or of patterns whose key changed, instead of refusing')
    .option('--drop-unknown-patterns', 'on restore, drop the state of patterns no longer run instead of refusing')
    .option('--no-timeout-output', 'do not report timed-out partial matches')
    .addOption(new Option('--max-partial-matches <n>', `cap on partial matches per key and pattern (default ${DEFAULT_MAX_PARTIAL_MATCHES_PER_KEY.toLocaleString('en')}); the oldest are dropped and reported as capped`).argParser((text) => positiveInteger(text, '--max-partial-matches')))
    .option('--no-summary', 'do not print the summary on stderr')
    .addOption(new Option('--format <format>', 'json: one JSON object per line; text: one readable line per output').choices(['json', 'text']).default('json'))
    .addHelpText(
      'after',
      `
Examples:
  cepheus run examples/unpaid-orders.cep --input examples/data/orders.jsonl --format text
  cepheus run patterns/ -i events.jsonl --matches m.jsonl --timeouts t.jsonl --max-out-of-orderness 5s
  cat events.jsonl | cepheus run patterns/ > outputs.jsonl
  cepheus run patterns/ -i events.jsonl -o out.jsonl --checkpoint-dir ckpt --checkpoint-every 100000 --restore latest

Each output is one JSON line with a "kind": match, timeout, late, error or capped.`,
    )
    .action(async (patterns: string[], options: RunOptions, command: Command) => {
      refuseIdleFlags(options, (name) => command.getOptionValueSource(name) === 'cli');
      await run(io, patterns, options);
    });
}

async function run(io: Io, patternPaths: string[], given: RunOptions): Promise<void> {
  // `-i -` is stdin, as for most tools that read files.
  const options: RunOptions = given.input === '-' ? { ...given, input: undefined } : given;
  const definitions = loadOrReport(io, patternPaths);
  if (definitions === null) return;
  if (options.input !== undefined && !existsSync(options.input)) throw new CliError(`${options.input}: no such file`);
  if (options.input !== undefined && statSync(options.input).isDirectory()) throw new CliError(`${options.input}: is a directory, not a JSON Lines file`);
  if (options.checkpointDir !== undefined && options.input === undefined) {
    throw new CliError('--checkpoint-dir needs --input <file>: stdin cannot be resumed from a checkpoint', EXIT.usage);
  }
  refuseClashingFiles(readFiles(options, patternPaths), outputFiles(options));

  if (options.timeField !== undefined && !isFieldPath(options.timeField)) {
    throw new CliError(`--time-field: '${options.timeField}' is not a field path: write names joined by dots, with [n] for an array item (e.g. ts, meta.time)`, EXIT.usage);
  }

  const time: DslTimeOptions = options.processingTime === true
    ? { mode: 'processing' }
    : {
        mode: 'event',
        ...(options.timeField === undefined ? {} : { timestamp: options.timeField }),
        maxOutOfOrderness: duration(options.maxOutOfOrderness ?? '0', '--max-out-of-orderness'),
        ...(options.idleTimeout === undefined ? {} : { idleTimeout: positiveDuration(options.idleTimeout, '--idle-timeout') }),
        ...(options.allowedLateness === undefined ? {} : { allowedLateness: duration(options.allowedLateness, '--allowed-lateness') }),
      };
  let engineOptions;
  try {
    engineOptions = engineOptionsFor(definitions, time, {
      timeouts: options.timeoutOutput,
      ...(options.maxPartialMatches === undefined ? {} : { maxPartialMatchesPerKey: options.maxPartialMatches }),
    });
  } catch (error) {
    // The library names its option; here the flag is what a user can change.
    if (error instanceof RangeError) throw new CliError(error.message.replace('with time.timestamp', 'with --time-field'), EXIT.usage);
    throw error;
  }
  const engine = new CepEngine(engineOptions);

  const resuming = options.restore === 'latest';
  const format = options.format === 'text' ? formatOutputText : (output: EngineOutput<EventRecord>): string => JSON.stringify(output);
  const outputFile = (path: string): OutputSink<EngineOutput<EventRecord>> =>
    new JsonLinesFileSink(path, format, {
      append: resuming,
      onRepeat: () => io.err(`cepheus: note: ${path} is not a regular file and cannot be cut back to the checkpoint; the outputs since it are written to it again`),
    });
  const stdout = new StreamSink<EngineOutput<EventRecord>>(process.stdout, format, () =>
    io.err('cepheus: note: outputs to stdout since the checkpoint will be written again; use output files for exactly-once'),
  );
  const output = new RoutingSink<EventRecord>(
    {
      ...(options.matches === undefined ? {} : { match: outputFile(options.matches) }),
      ...(options.timeouts === undefined ? {} : { timeout: outputFile(options.timeouts) }),
      ...(options.late === undefined ? {} : { late: outputFile(options.late) }),
      ...(options.errors === undefined ? {} : { error: outputFile(options.errors) }),
    },
    options.output === undefined ? stdout : outputFile(options.output),
  );

  // The policy is read first: a bad --checkpoint-every must not leave a new directory behind.
  const every = checkpointPolicy(options.checkpointEvery ?? '10s');
  const store = options.checkpointDir === undefined ? undefined : checkpointStore(options.checkpointDir, options.keepCheckpoints);
  const abort = new AbortController();
  const onSigint = (): void => {
    if (abort.signal.aborted) process.exit(EXIT.interrupted); // a second Ctrl-C does not wait
    io.err('cepheus: interrupted; flushing outputs' + (store === undefined ? '' : ' and taking a checkpoint'));
    abort.abort();
  };
  process.on('SIGINT', onSigint);

  // While the input is quiet, the engine must still see time pass (idle timeout, processing time).
  const tickMs = options.processingTime === true ? 100 : time.mode === 'event' && time.idleTimeout !== undefined ? Math.max(10, Math.floor(Number(time.idleTimeout) / 4)) : undefined;
  const inputBytes = options.input === undefined ? 0 : statSync(options.input).size;
  const bar = io.errIsTTY && options.input !== undefined && inputBytes > 0 ? new SingleBar({ format: 'cepheus |{bar}| {percentage}% {value}/{total} bytes, {eta_formatted} left', hideCursor: true }) : null;
  bar?.start(inputBytes, 0);
  let peakRss = process.memoryUsage.rss();
  let lines = 0;
  const started = performance.now();
  try {
    const result = await runJsonLines({
      engine,
      input: options.input ?? (io.stdin as AsyncIterable<Uint8Array>),
      output,
      ...(store === undefined ? {} : { store, every }),
      restore: resuming,
      restoreOptions: { dropIncompatible: options.dropIncompatible === true, dropUnknownPatterns: options.dropUnknownPatterns === true },
      ...(tickMs === undefined ? {} : { tickMs }),
      signal: abort.signal,
      onEvent: (event) => report(io, event, time.mode),
      onProgress: (position) => {
        if ((++lines & 4095) === 0) {
          peakRss = Math.max(peakRss, process.memoryUsage.rss());
          bar?.update(position.offset);
        }
      },
    });
    bar?.update(result.position.offset);
    if (result.outcome === 'stopped') io.setExitCode?.(EXIT.interrupted);
  } catch (error) {
    if (error instanceof CheckpointError) {
      // The library names its options; here the flags are what a user can change.
      throw new CliError(
        error.message
          .replace('restore with { dropIncompatible: true }', 'run with --drop-incompatible')
          .replace('restore with { dropUnknownPatterns: true }', 'run with --drop-unknown-patterns')
          .replace('restore it into an engine in event time', 'run without --processing-time')
          .replace('restore it into an engine in processing time', 'run with --processing-time')
          .replace('restore it with the old timestamp setting', "run with the old time field (the pattern file's `time by`, or --time-field)"),
      );
    }
    // An output file shortened since the checkpoint: the user's to repair, in one line.
    if (error instanceof OutputFileError) throw new CliError(error.message);
    throw error;
  } finally {
    bar?.stop();
    process.off('SIGINT', onSigint);
    output.close();
  }
  if (options.summary) {
    const seconds = (performance.now() - started) / 1000;
    const stats = engine.stats;
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    io.err(
      `cepheus: ${counted(stats.records, 'event')}, ${counted(stats.matches, 'match', 'matches')}, ${counted(stats.timeouts, 'timeout')}, ${stats.late} late, ${counted(stats.errors, 'error')}` +
        `${stats.capped > 0 ? `, ${stats.capped} capped` : ''} in ${seconds.toFixed(2)} s (${Math.round(lines / Math.max(seconds, 1e-9)).toLocaleString('en-US')} events/s), peak memory ${(peakRss / 2 ** 20).toFixed(0)} MB`,
    );
  }
}

/**
 * Refuses flags that would do nothing with the others given: a user who writes them expects an
 * effect, and silence would hide the mistake. `given(name)` tells whether a flag was on the
 * command line (flags with defaults always have a value).
 */
function refuseIdleFlags(options: RunOptions, given: (name: keyof RunOptions) => boolean): void {
  const needs = (flag: string, other: string): never => {
    throw new CliError(`${flag} needs ${other}`, EXIT.usage);
  };
  if (options.restore !== undefined && options.checkpointDir === undefined) needs('--restore', '--checkpoint-dir');
  if (given('keepCheckpoints') && options.checkpointDir === undefined) needs('--keep-checkpoints', '--checkpoint-dir');
  if (given('checkpointEvery') && options.checkpointDir === undefined) needs('--checkpoint-every', '--checkpoint-dir');
  if (options.dropIncompatible === true && options.restore === undefined) needs('--drop-incompatible', '--restore (it only applies when resuming from a checkpoint)');
  if (options.dropUnknownPatterns === true && options.restore === undefined) needs('--drop-unknown-patterns', '--restore (it only applies when resuming from a checkpoint)');
  if (options.processingTime === true) {
    const eventTimeFlags: [keyof RunOptions, string][] = [
      ['timeField', '--time-field'],
      ['maxOutOfOrderness', '--max-out-of-orderness'],
      ['allowedLateness', '--allowed-lateness'],
      ['idleTimeout', '--idle-timeout'],
    ];
    for (const [name, flag] of eventTimeFlags) {
      if (given(name)) throw new CliError(`${flag} does not go with --processing-time: it applies to event time, which --processing-time replaces with the wall clock`, EXIT.usage);
    }
  }
}

/** The files a run reads, which no output may overwrite: the input and every pattern file. */
function readFiles(options: RunOptions, patternPaths: readonly string[]): NamedFile[] {
  return [
    ...(options.input === undefined ? [] : [{ flag: '--input', path: options.input }]),
    ...findPatternFiles(patternPaths).files.map((file) => ({ flag: 'the pattern file', path: file })),
  ];
}

/** The output files named on the command line, with their flags. */
function outputFiles(options: RunOptions): NamedFile[] {
  const flags: [string | undefined, string][] = [
    [options.output, '-o'],
    [options.matches, '--matches'],
    [options.timeouts, '--timeouts'],
    [options.late, '--late'],
    [options.errors, '--errors'],
  ];
  return flags.filter((entry): entry is [string, string] => entry[0] !== undefined).map(([path, flag]) => ({ flag, path }));
}

function report(io: Io, event: JobEvent, timeMode: DslTimeOptions['mode']): void {
  switch (event.kind) {
    case 'restored':
      io.err(`cepheus: restored ${event.checkpoint.location}, resuming at line ${event.position.line}`);
      // Lateness is measured against the watermark in event time only.
      if (event.flushed && timeMode === 'event') {
        io.err(
          'cepheus: warning: this checkpoint is of a run that reached the end of its input, where time moved to +∞: every event read from here on is late. ' +
            'To process the input again, run without --restore or with a fresh --checkpoint-dir.',
        );
      }
      for (const dropped of event.dropped) {
        io.err(`cepheus: dropped ${counted(dropped.partialMatches, 'partial match', 'partial matches')} of pattern '${dropped.pattern}': ${dropped.reason}`);
      }
      break;
    case 'skipped-checkpoint':
      io.err(`cepheus: skipping damaged checkpoint: ${event.error.message}`);
      break;
    case 'nothing-to-restore':
      // A first start with --restore (an empty directory) is the usual case, and says nothing.
      if (event.damaged > 0) io.err('cepheus: no usable checkpoint to restore: starting from the beginning of the input');
      break;
    case 'checkpoint':
      break;
  }
}

/** The store of --checkpoint-dir; a directory that cannot be one is a one-line error naming the flag. */
function checkpointStore(directory: string, keep: number): FileCheckpointStore {
  try {
    return new FileCheckpointStore(directory, keep);
  } catch (error) {
    throw new CliError(`--checkpoint-dir: ${describeThrown(error)}`);
  }
}

/** `100000` → every 100 000 events; `10s` → every 10 seconds. */
function checkpointPolicy(text: string): { records?: number; ms?: number } {
  if (/^\d+$/.test(text.trim())) return { records: positiveInteger(text, '--checkpoint-every') };
  return { ms: duration(text, '--checkpoint-every') };
}

function duration(text: string, flag: string): number {
  try {
    return parseDuration(text);
  } catch (error) {
    throw new CliError(`${flag}: ${(error as Error).message}`, EXIT.usage);
  }
}

/** A duration above zero: the engine refuses an idle timeout of 0, and here the flag is what to name. */
function positiveDuration(text: string, flag: string): number {
  const ms = duration(text, flag);
  if (ms === 0) throw new CliError(`${flag}: must be above zero, not '${text}' (leave the flag out for none)`, EXIT.usage);
  return ms;
}

function positiveInteger(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new CliError(`${flag}: expected a whole number >= 1, not '${text}'`, EXIT.usage);
  return value;
}
