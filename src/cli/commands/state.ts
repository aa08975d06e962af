// `cepheus state`: look into checkpoints and edit them, Flink's State Processor API from a shell.
import { Command, Option } from 'commander';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDuration } from '../../pattern/duration.js';
import { verifyCheckpoint } from '../../state/checkpoint-codec.js';
import { CheckpointError } from '../../state/checkpoint.js';
import { listPartialMatches, removeKey, removePartialMatchesOlderThan, summarizeCheckpoint } from '../../state/inspect.js';
import { readFileSync } from 'node:fs';
import { loadCheckpoint, saveEdited, type LoadedCheckpoint } from '../checkpoint-files.js';
import { CliError, EXIT } from '../exit-codes.js';
import { toTimestamp } from '../../runtime/record-fields.js';
import type { Io } from '../io.js';
import { counted } from '../../text/counted.js';

/** Adds the `state` command and its subcommands. */
export function stateCommand(io: Io): Command {
  const warn = (message: string): void => io.err(`cepheus: ${message}`);
  const state = new Command('state')
    .description('inspect and edit checkpoints (a file, or a checkpoint directory: its newest valid one)')
    .addHelpText(
      'after',
      `
Examples:
  cepheus state ls checkpoints/
  cepheus state show checkpoints/
  cepheus state list checkpoints/ --pattern unpaidOrders --key o-42
  cepheus state remove-key checkpoints/ --pattern unpaidOrders --key o-42
  cepheus state expire checkpoints/ --older-than 1h`,
    );

  state
    .command('ls')
    .addHelpText('after', '\nExamples:\n  cepheus state ls checkpoints/')
    .description('list the checkpoints of a directory, newest last, with their headers')
    .argument('<directory>', 'a checkpoint directory')
    .option('--json', 'print JSON Lines')
    .action((directory: string, options: { json?: boolean }) => {
      if (!existsSync(directory)) throw new CliError(`${directory}: no such directory`);
      if (!statSync(directory).isDirectory()) throw new CliError(`${directory}: not a directory (state ls lists a checkpoint directory; use state show for one checkpoint file)`);
      const names = readdirSync(directory).filter((name) => /^checkpoint-\d{10}\.ckpt$/.test(name)).sort();
      if (names.length === 0) io.err(`${directory}: no checkpoints`);
      for (const name of names) {
        const path = join(directory, name);
        let line: Record<string, unknown>;
        try {
          const header = verifyCheckpoint(readFileSync(path), path);
          line = { file: name, createdAt: header.createdAt, position: header.position, patterns: header.patterns };
        } catch (error) {
          if (!(error instanceof CheckpointError)) throw error;
          line = { file: name, damaged: error.message };
        }
        io.out(options.json === true ? JSON.stringify(line) : describeHeader(line));
      }
    });

  state
    .command('show')
    .addHelpText('after', '\nExamples:\n  cepheus state show checkpoints/checkpoint-0000000007.ckpt --json')
    .description('summarise a checkpoint: patterns, keys, partial matches, watermark, source position')
    .argument('<checkpoint>', 'checkpoint file or directory')
    .option('--json', 'print JSON')
    .action((path: string, options: { json?: boolean }) => {
      const loaded = loadCheckpoint(path, warn);
      const summary = summarizeCheckpoint(loaded.data);
      if (options.json === true) {
        io.out(JSON.stringify({ file: loaded.location, ...summary }, null, 2));
        return;
      }
      io.out(`${loaded.location}`);
      io.out(`  created ${summary.createdAt}, format v${summary.version}, source position ${JSON.stringify(summary.position)}`);
      io.out(`  watermark ${summary.flushed ? '+∞ (flushed)' : summary.watermark === null ? 'none yet' : summary.watermark}, ${counted(summary.bufferedEvents, 'buffered event')}`);
      io.out(`  ${counted(summary.partialMatches, 'partial match', 'partial matches')} sharing ${counted(summary.nodes, 'taken event')} (${counted(summary.events, 'distinct event')})`);
      for (const pattern of summary.patterns) {
        io.out(
          `  pattern ${pattern.name}: ${counted(pattern.keys, 'key')}, ${counted(pattern.partialMatches, 'partial match', 'partial matches')}${pattern.heldMatches > 0 ? ` (${pattern.heldMatches} held)` : ''}${pattern.oldestStartTimestamp === null ? '' : `, oldest started at ${pattern.oldestStartTimestamp}`}`,
        );
      }
    });

  state
    .command('list')
    .addHelpText('after', '\nExamples:\n  cepheus state list checkpoints/ --key o-42')
    .description('list partial matches with their steps, events and ages')
    .argument('<checkpoint>', 'checkpoint file or directory')
    .option('--pattern <name>', 'only this pattern')
    .option('--key <key>', 'only this key')
    .option('--json', 'print JSON Lines')
    .action((path: string, options: { pattern?: string; key?: string; json?: boolean }) => {
      const loaded = loadCheckpoint(path, warn);
      if (options.pattern !== undefined) requirePattern(loaded, options.pattern);
      const key = options.key === undefined ? undefined : findKey(loaded.data, options.pattern, options.key);
      if (options.key !== undefined && key === undefined) return;
      for (const match of listPartialMatches(loaded.data, { pattern: options.pattern, key })) {
        if (options.json === true) {
          io.out(JSON.stringify(match));
        } else {
          const events = match.events.map((event) => `${event.step}@${event.timestamp}`).join(' ');
          const age = match.ageMs === null ? '' : `, age ${match.ageMs} ms`;
          io.out(`${match.pattern} ${JSON.stringify(match.key)}: ${match.held ? 'held match' : `waiting in ${match.waitingIn}`}${age} — ${events}`);
        }
      }
    });

  state
    .command('remove-key')
    .addHelpText('after', '\nExamples:\n  cepheus state remove-key checkpoints/ --pattern unpaidOrders --key o-42')
    .description('drop every partial match of one key, and write the checkpoint back')
    .argument('<checkpoint>', 'checkpoint file or directory')
    .requiredOption('--pattern <name>', 'the pattern')
    .requiredOption('--key <key>', 'the key')
    .option('--output <file>', 'write here (default: as the newest checkpoint of the directory)')
    .action((path: string, options: { pattern: string; key: string; output?: string }) => {
      const loaded = loadCheckpoint(path, warn);
      requirePattern(loaded, options.pattern);
      const key = findKey(loaded.data, options.pattern, options.key);
      if (key === undefined) throw new CliError(`pattern '${options.pattern}' holds nothing for key ${options.key} in ${loaded.location}`);
      const before = summarizeCheckpoint(loaded.data).partialMatches;
      const edited = removeKey(loaded.data, options.pattern, key);
      const written = saveEdited(loaded, edited, options.output);
      io.err(`removed ${counted(before - summarizeCheckpoint(edited).partialMatches, 'partial match', 'partial matches')} of key ${options.key}; written ${written}`);
    });

  state
    .command('expire')
    .addHelpText('after', '\nExamples:\n  cepheus state expire checkpoints/ --older-than 15m --output edited.ckpt')
    .description('drop partial matches older than a duration (by the checkpoint watermark, or --now)')
    .argument('<checkpoint>', 'checkpoint file or directory')
    .requiredOption('--older-than <duration>', "e.g. '1h', '15m', '90s'")
    .option('--pattern <name>', 'only this pattern')
    .addOption(new Option('--now <time>', 'the time ages are measured from: epoch milliseconds or ISO-8601').argParser(nowTime))
    .option('--output <file>', 'write here (default: as the newest checkpoint of the directory)')
    .action((path: string, options: { olderThan: string; pattern?: string; now?: number; output?: string }) => {
      const loaded = loadCheckpoint(path, warn);
      if (options.pattern !== undefined) requirePattern(loaded, options.pattern);
      let ms: number;
      try {
        ms = parseDuration(options.olderThan);
      } catch (error) {
        throw new CliError((error as Error).message, EXIT.usage);
      }
      const before = summarizeCheckpoint(loaded.data).partialMatches;
      let edited;
      try {
        edited = removePartialMatchesOlderThan(loaded.data, ms, { now: options.now, pattern: options.pattern });
      } catch (error) {
        if (error instanceof RangeError) throw new CliError(error.message);
        throw error;
      }
      const written = saveEdited(loaded, edited, options.output);
      io.err(`removed ${counted(before - summarizeCheckpoint(edited).partialMatches, 'partial match', 'partial matches')} older than ${options.olderThan}; written ${written}`);
    });

  return state;
}

/**
 * Throws a usage error when the checkpoint has no pattern `name`, listing those it has: a
 * misspelt name would otherwise look like a pattern that holds nothing.
 */
function requirePattern(loaded: LoadedCheckpoint, name: string): void {
  const names = loaded.data.patterns.map((saved) => saved.name);
  if (names.includes(name)) return;
  const has = names.length === 0 ? 'it has no patterns' : `it has ${names.map((known) => `'${known}'`).join(', ')}`;
  throw new CliError(`--pattern: there is no pattern '${name}' in ${loaded.location}; ${has}`, EXIT.usage);
}

/** `--now`: epoch milliseconds or ISO-8601 text, as event times are written. */
function nowTime(text: string): number {
  const read = toTimestamp(text, '--now');
  if (!read.ok) throw new CliError(`--now: '${text}' is not a time: write epoch milliseconds (1700000000000) or ISO-8601 (2023-11-14T22:13:20Z)`, EXIT.usage);
  return read.value;
}

/** The key as stored (a string or a number) that the command-line text names. */
function findKey(data: ReturnType<typeof loadCheckpoint>['data'], pattern: string | undefined, text: string): string | number | undefined {
  for (const saved of data.patterns) {
    if (pattern !== undefined && saved.name !== pattern) continue;
    for (const { key } of saved.keys) if (String(key) === text) return key;
  }
  return undefined;
}

function describeHeader(line: Record<string, unknown>): string {
  if ('damaged' in line) return `${line['file']}  DAMAGED: ${line['damaged']}`;
  const patterns = (line['patterns'] as { name: string; keys: number; partialMatches: number }[])
    .map((p) => `${p.name} ${counted(p.partialMatches, 'partial match', 'partial matches')} / ${counted(p.keys, 'key')}`)
    .join(', ');
  return `${line['file']}  ${line['createdAt']}  position ${JSON.stringify(line['position'])}  ${patterns}`;
}
