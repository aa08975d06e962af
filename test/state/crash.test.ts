// Crash test: a job killed with SIGKILL at random moments and restarted from its latest
// checkpoint each time ends with an output file byte-for-byte equal to an uninterrupted run's.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const child = fileURLToPath(new URL('./crash-child.mjs', import.meta.url));

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
  }
  writeFileSync(path, out.join('\n') + '\n');
}

function runToEnd(args: string[]): void {
  const result = spawnSync(process.execPath, [child, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`child failed (${result.status}): ${result.stderr}`);
}

function runKilledAfter(args: string[], ms: number): Promise<'killed' | 'finished'> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => proc.kill('SIGKILL'), ms);
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve('finished');
      else reject(new Error(`child failed (${code}): ${stderr}`));
    });
  });
}

describe('crash recovery', () => {
  it('SIGKILL at random moments, restart from the latest checkpoint: the output equals an uninterrupted run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cepheus-crash-'));
    const input = join(dir, 'input.jsonl');
    makeInput(input, 60_000);

    const started = Date.now();
    runToEnd([input, join(dir, 'expected.jsonl'), join(dir, 'ckpt-expected'), '1000', 'fresh']);
    const duration = Date.now() - started;
    const expected = readFileSync(join(dir, 'expected.jsonl'));
    expect(expected.length).toBeGreaterThan(100_000);

    const output = join(dir, 'actual.jsonl');
    const store = join(dir, 'ckpt-actual');
    let seed = 99;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    let kills = 0;
    let outcome = await runKilledAfter([input, output, store, '1000', 'fresh'], Math.max(30, duration * (0.1 + 0.3 * random())));
    if (outcome === 'killed') kills++;
    while (outcome === 'killed' && kills < 12) {
      outcome = await runKilledAfter([input, output, store, '1000', 'restore'], Math.max(30, duration * (0.2 + 0.5 * random())));
      if (outcome === 'killed') kills++;
    }
    if (outcome === 'killed') runToEnd([input, output, store, '1000', 'restore']);
    expect(kills).toBeGreaterThanOrEqual(2);
    const actual = readFileSync(output);
    expect(actual.length).toBe(expected.length);
    expect(actual.equals(expected)).toBe(true);
  }, 120_000);
});
