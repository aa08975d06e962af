// Crash test: a job killed with SIGKILL at random moments and restarted from its latest
// checkpoint each time ends with an output file byte-for-byte equal to an uninterrupted run's.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir } from '../temp-dirs.js';

const child = fileURLToPath(new URL('./crash-child.mjs', import.meta.url));

// Inputs, outputs and checkpoint stores take tens of MB a test: removed after each.
afterEach(removeTempDirs);

function makeInput(path: string, lines: number): void {
  let seed = 12345;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const ts = i * 3 + Math.floor(random() * 40); // out of order within the 50 ms bound
    const orderId = `o${Math.floor(i / 2)}`;
    const type = i % 2 === 0 ? 'created' : random() < 0.85 ? 'paid' : 'cancelled';
    out.push(JSON.stringify({ ts, type, orderId, user: `u${Math.floor(random() * 50)}`, amount: Math.floor(i / 2) % 7 }));
    if (i % 5000 === 4999) out.push('this line is not JSON');
    // No order id and no user: both patterns report it, with its line, once the watermark passes
    // it — often after the checkpoint taken while it waited in the reorder buffer.
    if (i % 1000 === 500) out.push(JSON.stringify({ ts, type: 'created', amount: 1 }));
  }
  writeFileSync(path, out.join('\n') + '\n');
}

function runToEnd(args: string[]): void {
  const result = spawnSync(process.execPath, [child, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`child failed (${result.status}): ${result.stderr}`);
}

/**
 * Runs the child and kills it with SIGKILL once its output file has grown past `bytes`, so the
 * kill lands mid-run however fast or loaded the machine is.
 */
function runKilledAt(args: string[], output: string, bytes: number): Promise<'killed' | 'finished'> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setInterval(() => {
      let size = 0;
      try {
        size = statSync(output).size;
      } catch {
        // not created yet
      }
      if (size >= bytes) proc.kill('SIGKILL');
    }, 2);
    proc.on('exit', (code, signal) => {
      clearInterval(timer);
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve('finished');
      else reject(new Error(`child failed (${code}): ${stderr}`));
    });
  });
}

describe('crash recovery', () => {
  it('SIGKILL at random moments, restart from the latest checkpoint: the output equals an uninterrupted run', async () => {
    const dir = tempDir('cepheus-crash-');
    const input = join(dir, 'input.jsonl');
    makeInput(input, 60_000);

    runToEnd([input, join(dir, 'expected.jsonl'), join(dir, 'ckpt-expected'), '1000', 'fresh']);
    const expected = readFileSync(join(dir, 'expected.jsonl'));
    expect(expected.length).toBeGreaterThan(100_000);
    // Errors about records name their lines (60 keyless records, two patterns; 12 lines not JSON).
    const inputLines = readFileSync(input, 'utf8').split('\n');
    const errors = expected.toString('utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>).filter((out) => out['kind'] === 'error');
    expect(errors.map((out) => out['code'])).toEqual(expect.arrayContaining(['bad-key', 'bad-input']));
    expect(errors).toHaveLength(60 * 2 + 12);
    for (const error of errors) {
      const line = inputLines[(error['line'] as number) - 1]!;
      expect(error['code'] === 'bad-input' ? line : JSON.parse(line)).toEqual(error['record']);
    }

    const output = join(dir, 'actual.jsonl');
    const store = join(dir, 'ckpt-actual');
    let seed = 99;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    // Kill points spread over the run: each restart resumes from the latest checkpoint (which may
    // be before outputs already written: those are cut back and written again).
    const killAt = [0.15, 0.35, 0.55, 0.8].map((fraction) => Math.floor(expected.length * (fraction + 0.1 * random())));
    let kills = 0;
    let mode = 'fresh';
    for (const bytes of killAt) {
      const outcome = await runKilledAt([input, output, store, '1000', mode], output, bytes);
      mode = 'restore';
      if (outcome === 'finished') break;
      kills++;
    }
    runToEnd([input, output, store, '1000', 'restore']);
    expect(kills).toBeGreaterThanOrEqual(3);
    const actual = readFileSync(output);
    expect(actual.length).toBe(expected.length);
    expect(actual.equals(expected)).toBe(true);
  }, 120_000);
});

describe('a job killed before its first periodic checkpoint', () => {
  it('restarts with its output cut back to where it began', async () => {
    const dir = tempDir('cepheus-early-');
    const input = join(dir, 'input.jsonl');
    makeInput(input, 20_000);
    runToEnd([input, join(dir, 'expected.jsonl'), join(dir, 'ckpt-expected'), '1000000', 'fresh']);
    const expected = readFileSync(join(dir, 'expected.jsonl'));
    const output = join(dir, 'actual.jsonl');
    const store = join(dir, 'ckpt-actual');
    // Checkpoints every 1M records: none is taken before the kill, only the initial one.
    expect(await runKilledAt([input, output, store, '1000000', 'fresh'], output, Math.floor(expected.length / 2))).toBe('killed');
    runToEnd([input, output, store, '1000000', 'restore']);
    expect(readFileSync(output).equals(expected)).toBe(true);
  }, 60_000);
});
