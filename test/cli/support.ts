// Runs the cepheus program in-process with captured output, or as a real process.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { allCommands } from '../../src/cli/commands/index.js';
import { runCli } from '../../src/cli/program.js';

/** What a command printed and how it ended. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `cepheus <argv>` in this process. */
export async function cli(argv: string[], stdin = ''): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line), stdin: Readable.from([stdin]), errIsTTY: false }, allCommands);
  return { code, stdout: out.length === 0 ? '' : `${out.join('\n')}\n`, stderr: err.length === 0 ? '' : `${err.join('\n')}\n` };
}

/** The repository's root directory (the working directory of spawned commands unless told). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The built executable, dist/cli/main.js. */
export const cliBin = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** Runs the built `cepheus` executable as a separate process (dist/ is built by the global setup). */
export function spawnCli(argv: string[], options: { cwd?: string; input?: string | Buffer } = {}): CliResult {
  const result = spawnSync(process.execPath, [cliBin, ...argv], { encoding: 'utf8', cwd: options.cwd ?? repoRoot, input: options.input ?? '', maxBuffer: 1 << 30 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A running `cepheus` process, its output collected as it comes. */
export interface RunningCli {
  readonly child: ChildProcess;
  /** Resolves when the process has ended: its exit code (null when killed) and signal. */
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** Whether the process has ended. */
  exited(): boolean;
  /** What it has printed on stdout so far. */
  stdout(): string;
}

/** Starts the built executable without waiting for it; stdin is closed unless `input` is `'pipe'`. */
export function startCli(argv: string[], options: { cwd?: string; input?: 'pipe' } = {}): RunningCli {
  const child = spawn(process.execPath, [cliBin, ...argv], { cwd: options.cwd ?? repoRoot, stdio: [options.input === 'pipe' ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let ended = false;
  child.stdout!.setEncoding('utf8').on('data', (text: string) => void (stdout += text));
  child.stderr!.setEncoding('utf8').on('data', (text: string) => void (stderr += text));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      ended = true;
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done, exited: () => ended, stdout: () => stdout };
}

/**
 * Polls `condition` (e.g. "the output file has grown") until it holds or the process ends.
 * Returns whether it held while the process was still running: progress decides, not the clock.
 */
export async function waitForProgress(running: RunningCli, condition: () => boolean): Promise<boolean> {
  for (;;) {
    if (running.exited()) return false;
    if (condition()) return !running.exited();
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

// CLI tests write inputs, outputs and checkpoint stores to temporary directories.
export { removeTempDirs, tempDir } from '../temp-dirs.js';

/** A file of the repository, as text. */
export function repoFile(path: string): string {
  return readFileSync(join(repoRoot, path), 'utf8');
}

/** The non-empty lines of JSON Lines text, parsed. */
export function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A small deterministic random number generator (mulberry32), for generated test data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The lines of JSON Lines text in a shuffled arrival order, each line at most `boundMs` later than
 * in time order: sorted by `time(record) + jitter` with jitter in `[0, boundMs]`. A run with
 * `--max-out-of-orderness` of at least `boundMs` sees no late event.
 */
export function shuffleWithin(text: string, boundMs: number, time: (record: Record<string, unknown>) => number, seed = 1): string {
  const random = seededRandom(seed);
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const keyed = lines.map((line) => ({ line, at: time(JSON.parse(line) as Record<string, unknown>) + Math.floor(random() * (boundMs + 1)) }));
  keyed.sort((a, b) => a.at - b.at);
  return keyed.map((entry) => `${entry.line}\n`).join('');
}
