// Restarting `cepheus run` from its checkpoints: a run killed with SIGKILL (or stopped with
// Ctrl-C) and restarted with --restore latest leaves exactly the output files of a run that was
// never interrupted; outputs on stdout are written again from the checkpoint (at-least-once).
// Runs are stopped when their checkpoints show progress, never after a fixed time.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, repoFile, type RunningCli, seededRandom, spawnCli, startCli, tempDir, waitForProgress } from './support.js';

afterAll(removeTempDirs);

/**
 * Orders in time order, from a seeded generator: most paid within 20 minutes (some for the wrong
 * amount), some never; every 5000 lines a line that is not JSON, an order far in the past
 * (late) and an order without its id (a `bad-key` error once the watermark passes it, possibly
 * after a restart). Large enough that a run takes a while after its first periodic checkpoint.
 */
function orderStream(orders: number, seed: number): string {
  const random = seededRandom(seed);
  const records: { ts: number; type: string; orderId: string; amount: number }[] = [];
  let ts = 1_700_000_000_000;
  for (let i = 0; i < orders; i++) {
    ts += 1 + Math.floor(random() * 2000);
    const amount = 1 + Math.floor(random() * 200);
    records.push({ ts, type: 'created', orderId: `o-${i}`, amount });
    if (random() < 0.7) records.push({ ts: ts + Math.floor(random() * 20 * 60_000), type: 'paid', orderId: `o-${i}`, amount: random() < 0.9 ? amount : amount + 1 });
  }
  records.sort((a, b) => a.ts - b.ts);
  const lines: string[] = [];
  records.forEach((record, index) => {
    lines.push(JSON.stringify(record));
    if (index % 5000 === 4999) {
      lines.push(`garbage line ${index}`);
      lines.push(JSON.stringify({ ts: 1_600_000_000_000 + index, type: 'created', orderId: `late-${index}`, amount: 1 }));
      lines.push(JSON.stringify({ ts: record.ts, type: 'created', amount: 1 }));
    }
  });
  return `${lines.join('\n')}\n`;
}

const KINDS = ['matches', 'timeouts', 'late', 'errors'] as const;
const PATTERN = 'examples/unpaid-orders.cep';

let input: string;
/** The output files of an uninterrupted run, by flag. */
let reference: Record<(typeof KINDS)[number] | 'other', string>;
/** stdout of an uninterrupted run writing everything to stdout. */
let referenceStdout: string;

/** Flags writing each kind of output to its own file in `dir`, and anything else (capped) to one more. */
function outputFlags(dir: string): string[] {
  return [...KINDS.flatMap((kind) => [`--${kind}`, join(dir, `${kind}.jsonl`)]), '--output', join(dir, 'other.jsonl')];
}

function outputsOf(dir: string): Record<(typeof KINDS)[number] | 'other', string> {
  return Object.fromEntries([...KINDS, 'other'].map((kind) => [kind, readFileSync(join(dir, `${kind}.jsonl`), 'utf8')])) as Record<(typeof KINDS)[number] | 'other', string>;
}

/** The checkpoint files of a checkpoint directory, oldest first. */
function checkpoints(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((name) => /^checkpoint-\d+\.ckpt$/.test(name)).sort() : [];
}

/** The number of the newest checkpoint (0 when there is none). */
function newestCheckpoint(dir: string): number {
  const last = checkpoints(dir).at(-1);
  return last === undefined ? 0 : Number(/\d+/.exec(last)![0]);
}

/** Waits until the run has taken a checkpoint numbered above `after`, then sends `signal`. */
async function stopAfterCheckpoint(running: RunningCli, checkpointDir: string, after: number, signal: NodeJS.Signals): Promise<void> {
  const progressed = await waitForProgress(running, () => newestCheckpoint(checkpointDir) > after);
  if (!progressed) {
    const result = await running.done;
    throw new Error(`the run ended (code ${result.code}) before it could be stopped mid-way; make the generated input larger\n${result.stderr}`);
  }
  running.child.kill(signal);
}

/**
 * Runs PATTERN with checkpoints into a new directory and kills it after its first periodic one.
 * Returns the directory and the command line of a run of `pattern` with the same outputs and
 * checkpoints, to restore into a changed pattern.
 */
async function killedAfterCheckpoint(prefix: string): Promise<{ dir: string; argv: (pattern: string) => string[] }> {
  const dir = tempDir(prefix);
  const ckpt = join(dir, 'checkpoints');
  const argv = (pattern: string): string[] => ['run', pattern, '-i', input, ...outputFlags(dir), '--checkpoint-dir', ckpt, '--checkpoint-every', '5000', '--no-summary'];
  const running = startCli(argv(PATTERN));
  await stopAfterCheckpoint(running, ckpt, 1, 'SIGKILL');
  await running.done;
  return { dir, argv };
}

beforeAll(() => {
  const dir = tempDir('cepheus-restore-');
  input = join(dir, 'orders.jsonl');
  writeFileSync(input, orderStream(100_000, 42));
  const result = spawnCli(['run', PATTERN, '-i', input, ...outputFlags(dir), '--no-summary']);
  expect([result.code, result.stdout, result.stderr]).toEqual([0, '', '']);
  reference = outputsOf(dir);
  for (const kind of KINDS) expect(reference[kind].length, kind).toBeGreaterThan(0);
  expect(reference.other).toBe('');
  const toStdout = spawnCli(['run', PATTERN, '-i', input, '--no-summary']);
  expect(toStdout.code).toBe(0);
  referenceStdout = toStdout.stdout;
});

describe('cepheus run --checkpoint-dir / --restore latest', () => {
  it('a run killed twice with SIGKILL and restored each time writes exactly the files of an uninterrupted run', async () => {
    const dir = tempDir('cepheus-kill-');
    const ckpt = join(dir, 'checkpoints');
    const argv = ['run', PATTERN, '-i', input, ...outputFlags(dir), '--checkpoint-dir', ckpt, '--checkpoint-every', '5000', '--no-summary'];

    // First run: killed once it has taken a periodic checkpoint (number 1 is the one at the start).
    const first = startCli(argv);
    await stopAfterCheckpoint(first, ckpt, 1, 'SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    expect(statSync(join(dir, 'matches.jsonl')).size).toBeLessThan(reference.matches.length);

    // Second run: restored, then killed again after a checkpoint of its own.
    const restoredAt = newestCheckpoint(ckpt);
    const second = startCli([...argv, '--restore', 'latest']);
    await stopAfterCheckpoint(second, ckpt, restoredAt, 'SIGKILL');
    const secondResult = await second.done;
    expect(secondResult.signal).toBe('SIGKILL');
    expect(secondResult.stderr).toMatch(/^cepheus: restored .*checkpoint-\d+\.ckpt, resuming at line [1-9]\d+\n/);

    // Third run: restored and left to finish.
    const third = spawnCli([...argv, '--restore', 'latest']);
    expect(third.code).toBe(0);
    const line = Number(/resuming at line (\d+)/.exec(third.stderr)?.[1]);
    expect(line).toBeGreaterThan(1);
    expect(outputsOf(dir)).toEqual(reference);
    expect(checkpoints(ckpt)).toHaveLength(3); // --keep-checkpoints defaults to 3
  });

  it('every error and late output names the input line of its record, which restored runs reproduce exactly', () => {
    const inputLines = readFileSync(input, 'utf8').split('\n');
    const about = [...reference.errors.trim().split('\n'), ...reference.late.trim().split('\n')].map((text) => JSON.parse(text) as Record<string, unknown>);
    const codes = new Map<string, number>();
    for (const output of about) {
      const code = String(output['code'] ?? output['kind']);
      codes.set(code, (codes.get(code) ?? 0) + 1);
      const line = output['line'] as number;
      // The line holds the record the output is about (a bad line: its text).
      const text = inputLines[line - 1]!;
      expect(output['code'] === 'bad-input' ? text : JSON.parse(text), `${code} on line ${line}`).toEqual(output['record']);
      if (output['kind'] === 'error') expect(output['message']).toMatch(new RegExp(`^line ${line}: `));
    }
    expect(Object.fromEntries(codes)).toEqual({ 'bad-input': 34, 'bad-key': 34, late: 34 });
  });

  it('Ctrl-C (SIGINT) flushes the outputs, takes a checkpoint and exits 130; --restore latest finishes the job', async () => {
    const dir = tempDir('cepheus-sigint-');
    const ckpt = join(dir, 'checkpoints');
    const argv = ['run', PATTERN, '-i', input, ...outputFlags(dir), '--checkpoint-dir', ckpt, '--checkpoint-every', '5000', '--keep-checkpoints', '2'];
    const running = startCli(argv);
    await stopAfterCheckpoint(running, ckpt, 1, 'SIGINT');
    const stopped = await running.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('cepheus: interrupted; flushing outputs and taking a checkpoint\n');
    // What was written is complete lines, each file a prefix of the uninterrupted run's.
    const partial = outputsOf(dir);
    for (const kind of KINDS) {
      expect(reference[kind].startsWith(partial[kind]), kind).toBe(true);
      expect(partial[kind] === '' || partial[kind].endsWith('\n')).toBe(true);
    }
    expect(partial.matches.length).toBeLessThan(reference.matches.length);
    expect(checkpoints(ckpt).length).toBeLessThanOrEqual(2);

    const resumed = spawnCli([...argv, '--restore', 'latest']);
    expect(resumed.code).toBe(0);
    expect(outputsOf(dir)).toEqual(reference);
  });

  it('outputs on stdout are at-least-once: a restored run writes again from its checkpoint, and says so', async () => {
    const dir = tempDir('cepheus-stdout-');
    const ckpt = join(dir, 'checkpoints');
    const argv = ['run', PATTERN, '-i', input, '--checkpoint-dir', ckpt, '--checkpoint-every', '5000', '--no-summary'];
    const running = startCli(argv);
    await stopAfterCheckpoint(running, ckpt, 1, 'SIGKILL');
    const killed = await running.done;
    // A write cut by the kill may leave half a line: keep the complete ones.
    const before = killed.stdout.slice(0, killed.stdout.lastIndexOf('\n') + 1);
    expect(referenceStdout.startsWith(before)).toBe(true);

    const resumed = spawnCli([...argv, '--restore', 'latest']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain('cepheus: note: outputs to stdout since the checkpoint will be written again; use output files for exactly-once');
    // The restored run writes exactly the tail of the uninterrupted output, from the checkpoint on;
    // with what the killed run wrote, nothing is missing (some lines may come twice).
    expect(referenceStdout.endsWith(resumed.stdout)).toBe(true);
    expect(before.length + resumed.stdout.length).toBeGreaterThanOrEqual(referenceStdout.length);
    expect(resumed.stdout.length).toBeLessThan(referenceStdout.length);
  });

  // BUG (src/io/jsonl-sink.ts): with --restore latest, output files are opened 'r+' even when they
  // do not exist yet, so the first run of a job started with --restore latest fails with ENOENT
  // and a stack trace. Remove `.fails` once fixed.
  it('--restore latest with no checkpoint and no output file yet starts from the beginning', () => {
    const dir = tempDir('cepheus-fresh-');
    const result = spawnCli(['run', 'examples/unpaid-orders.cep', '-i', 'examples/data/orders.jsonl', '-o', join(dir, 'out.jsonl'), '--checkpoint-dir', join(dir, 'ckpt'), '--restore', 'latest', '--no-summary']);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(readFileSync(join(dir, 'out.jsonl'), 'utf8')).toBe(repoFile('examples/expected/unpaid-orders.jsonl'));
  });

  // BUG (src/cli/commands/run.ts opens output files for appending whenever --restore is given, and
  // src/io/run-json-lines.ts only cuts them back when a checkpoint was restored): with --restore
  // latest and no usable checkpoint, the run starts from the beginning but appends to the output
  // files of an earlier run, so every line is there twice. Expected: the files are replaced.
  it('--restore latest with no checkpoint replaces output files an earlier run left', () => {
    const dir = tempDir('cepheus-fresh-');
    const out = join(dir, 'out.jsonl');
    writeFileSync(out, repoFile('examples/expected/unpaid-orders.jsonl'));
    const result = spawnCli(['run', 'examples/unpaid-orders.cep', '-i', 'examples/data/orders.jsonl', '-o', out, '--checkpoint-dir', join(dir, 'ckpt'), '--restore', 'latest', '--no-summary']);
    expect(result.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(repoFile('examples/expected/unpaid-orders.jsonl'));
  });

  it('--checkpoint-every takes a duration; a finished run restored again adds nothing', () => {
    const dir = tempDir('cepheus-duration-');
    const argv = ['run', 'examples/unpaid-orders.cep', '-i', 'examples/data/orders.jsonl', '-o', join(dir, 'out.jsonl'), '--checkpoint-dir', join(dir, 'ckpt'), '--checkpoint-every', '10s', '--no-summary'];
    expect(spawnCli(argv).code).toBe(0);
    expect(checkpoints(join(dir, 'ckpt')).length).toBeGreaterThan(0);
    const again = spawnCli([...argv, '--restore', 'latest']);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/resuming at line 11\n/);
    expect(readFileSync(join(dir, 'out.jsonl'), 'utf8')).toBe(repoFile('examples/expected/unpaid-orders.jsonl'));
  });

  it('the checkpoints of a run can be inspected with cepheus state', async () => {
    const dir = tempDir('cepheus-inspect-');
    const ckpt = join(dir, 'checkpoints');
    const running = startCli(['run', PATTERN, '-i', input, ...outputFlags(dir), '--checkpoint-dir', ckpt, '--checkpoint-every', '5000']);
    await stopAfterCheckpoint(running, ckpt, 1, 'SIGKILL');
    await running.done;
    const show = spawnCli(['state', 'show', ckpt]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/source position \{"offset":\d+,"line":\d+\}/);
    expect(show.stdout).toMatch(/pattern unpaidOrders: \d+ keys, \d+ partial matches/);
    const ls = spawnCli(['state', 'ls', ckpt, '--json']);
    expect(ls.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { patterns: unknown }).patterns)).not.toContain(undefined);
  });

  it('refuses to restore into a pattern whose steps changed, unless --drop-incompatible', async () => {
    const { dir, argv } = await killedAfterCheckpoint('cepheus-changed-');

    const changed = join(dir, 'changed.cep');
    writeFileSync(changed, repoFile(PATTERN).replace('followed by paid where type == "paid" and amount == created.amount', 'followed by payment where type == "paid"'));
    const refused = spawnCli([...argv(changed), '--restore', 'latest']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/^cepheus: pattern 'unpaidOrders': \d+ partial matches are in steps that no longer fit \(step 'paid' was removed\)/);

    const dropped = spawnCli([...argv(changed), '--restore', 'latest', '--drop-incompatible']);
    expect(dropped.code).toBe(0);
    expect(dropped.stderr).toMatch(/^cepheus: restored .*\ncepheus: dropped \d+ partial match(es)? of pattern 'unpaidOrders': step 'paid' was removed\n/);
  });

  it('refuses to restore into a pattern whose key by changed, unless --drop-incompatible', async () => {
    const { dir, argv } = await killedAfterCheckpoint('cepheus-rekeyed-');

    const rekeyed = join(dir, 'rekeyed.cep');
    writeFileSync(rekeyed, repoFile(PATTERN).replace('key by orderId', 'key by amount'));
    const refused = spawnCli([...argv(rekeyed), '--restore', 'latest']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(
      /^cepheus: pattern 'unpaidOrders': its key changed since the checkpoint \(it holds \d+ partial match(es)? keyed the old way\); run with --drop-incompatible to drop them, or keep the old key until they have finished\n$/,
    );

    const dropped = spawnCli([...argv(rekeyed), '--restore', 'latest', '--drop-incompatible']);
    expect(dropped.code).toBe(0);
    expect(dropped.stderr).toMatch(/^cepheus: restored .*\ncepheus: dropped \d+ partial match(es)? of pattern 'unpaidOrders': its key changed\n/);
  });

  it('skips a damaged newest checkpoint, says so, and resumes from the one before', () => {
    const dir = tempDir('cepheus-damaged-');
    const ckpt = join(dir, 'checkpoints');
    const argv = ['run', 'examples/unpaid-orders.cep', '-i', 'examples/data/orders.jsonl', '-o', join(dir, 'out.jsonl'), '--checkpoint-dir', ckpt, '--checkpoint-every', '3', '--no-summary'];
    expect(spawnCli(argv).code).toBe(0);
    const files = checkpoints(ckpt);
    expect(files.length).toBeGreaterThanOrEqual(2);
    writeFileSync(join(ckpt, files.at(-1)!), 'CEPHEUS-CHECKPOINT\n{"truncated');
    // `state` reads the directory as a restore does, and says the same.
    expect(spawnCli(['state', 'show', ckpt]).stderr).toMatch(/^cepheus: skipping damaged checkpoint: /);
    const resumed = spawnCli([...argv, '--restore', 'latest']);
    expect(resumed.code).toBe(0);
    const [skipped, restored, ...rest] = resumed.stderr.split('\n');
    expect(skipped).toMatch(/^cepheus: skipping damaged checkpoint: /);
    expect(restored).toMatch(new RegExp(`^cepheus: restored .*${files.at(-2)!.replace('.', '\\.')}, resuming at line \\d+$`));
    expect(rest).toEqual(['']);
    expect(readFileSync(join(dir, 'out.jsonl'), 'utf8')).toBe(repoFile('examples/expected/unpaid-orders.jsonl'));
  });
});
