import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CepEngine, decodeCheckpoint, FileCheckpointStore, keyFingerprint, Pattern, saveCheckpoint } from '../../src/index.js';
import { cli, removeTempDirs, spawnCli, tempDir } from './support.js';

afterAll(removeTempDirs);

interface Ev {
  ts: number;
  id: string;
  type: string;
}

async function checkpointDirectory(): Promise<string> {
  const dir = tempDir('cepheus-state-');
  const engine = new CepEngine<Ev>({
    patterns: [
      {
        name: 'unpaid',
        keyBy: 'id',
        pattern: Pattern.begin<Ev>('created').where((e) => e.type === 'created').followedBy('paid').where((e) => e.type === 'paid').within(1000),
      },
    ],
    time: { mode: 'event', timestamp: 'ts', watermarks: 'source' },
  });
  engine.push({ ts: 10, id: 'o1', type: 'created' });
  engine.push({ ts: 20, id: 'o2', type: 'created' });
  engine.push({ ts: 30, id: 'o2', type: 'other' });
  engine.advanceWatermark(100);
  await saveCheckpoint(engine, new FileCheckpointStore(dir), { offset: 42, line: 4 });
  return dir;
}

describe('cepheus state', () => {
  it('show summarises the newest checkpoint of a directory', async () => {
    const dir = await checkpointDirectory();
    const result = await cli(['state', 'show', dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('source position {"offset":42,"line":4}');
    expect(result.stdout).toContain('watermark 100, 0 buffered events');
    expect(result.stdout).toContain('pattern unpaid: 2 keys, 2 partial matches, oldest started at 10');
  });

  it('list shows partial matches with their steps and ages, filtered by key', async () => {
    const dir = await checkpointDirectory();
    expect((await cli(['state', 'list', dir])).stdout).toBe('unpaid "o1": waiting in paid, age 90 ms — created@10\nunpaid "o2": waiting in paid, age 80 ms — created@20\n');
    expect((await cli(['state', 'list', dir, '--key', 'o2', '--json'])).stdout).toContain('"key":"o2"');
  });

  it('remove-key writes a new newest checkpoint without that key', async () => {
    const dir = await checkpointDirectory();
    const result = await cli(['state', 'remove-key', dir, '--pattern', 'unpaid', '--key', 'o1']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('removed 1 partial match of key o1; written');
    expect((await cli(['state', 'list', dir])).stdout).toBe('unpaid "o2": waiting in paid, age 80 ms — created@20\n');
    expect((await cli(['state', 'ls', dir])).stdout.trim().split('\n')).toHaveLength(2);
  });

  it('an edit keeps the fingerprint of how the pattern was keyed, so a restore still checks the key', async () => {
    const dir = await checkpointDirectory();
    expect((await cli(['state', 'expire', dir, '--older-than', '85ms'])).code).toBe(0);
    const edited = new FileCheckpointStore(dir, 10).list().at(-1)!.location;
    expect(decodeCheckpoint(readFileSync(edited)).patterns.map((pattern) => pattern.keyFingerprint)).toEqual([keyFingerprint('id')]);
  });

  it('expire drops partial matches older than a duration', async () => {
    const dir = await checkpointDirectory();
    expect((await cli(['state', 'expire', dir, '--older-than', '85ms'])).code).toBe(0);
    expect((await cli(['state', 'list', dir])).stdout).toBe('unpaid "o2": waiting in paid, age 80 ms — created@20\n');
  });

  it('an edit adds the newest checkpoint and leaves every older one in place', async () => {
    const dir = await checkpointDirectory();
    const store = new FileCheckpointStore(dir, 10);
    const first = store.list()[0]!.location;
    for (let id = 2; id <= 5; id++) copyFileSync(first, join(dir, `checkpoint-${String(id).padStart(10, '0')}.ckpt`));
    const before = store.list().map((checkpoint) => checkpoint.location);
    expect(before).toHaveLength(5);
    expect((await cli(['state', 'expire', dir, '--older-than', '85ms'])).code).toBe(0);
    const after = store.list().map((checkpoint) => checkpoint.location);
    expect(after.slice(0, 5)).toEqual(before);
    expect(after).toHaveLength(6);
  });

  it('ls shows a truncated or corrupted checkpoint as damaged, not with its header as if sound', async () => {
    const dir = await checkpointDirectory();
    const first = new FileCheckpointStore(dir, 10).list()[0]!.location;
    const bytes = readFileSync(first);
    writeFileSync(join(dir, 'checkpoint-0000000002.ckpt'), bytes.subarray(0, bytes.length - 5));
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 3] = flipped[flipped.length - 3]! ^ 0x01;
    writeFileSync(join(dir, 'checkpoint-0000000003.ckpt'), flipped);
    const lines = (await cli(['state', 'ls', dir, '--json'])).stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => [line['file'], 'damaged' in line])).toEqual([
      ['checkpoint-0000000001.ckpt', false],
      ['checkpoint-0000000002.ckpt', true],
      ['checkpoint-0000000003.ckpt', true],
    ]);
    expect(lines[1]!['damaged']).toMatch(/checkpoint is truncated: the header announces \d+ body bytes/);
    expect(lines[2]!['damaged']).toMatch(/checkpoint is corrupted: its SHA-256 is/);
  });

  it('ls names a missing directory or a file given for one, without a system error', async () => {
    const dir = await checkpointDirectory();
    const missing = await cli(['state', 'ls', join(dir, 'nope')]);
    expect([missing.code, missing.stderr]).toEqual([3, `cepheus: ${join(dir, 'nope')}: no such directory\n`]);
    const file = new FileCheckpointStore(dir).list()[0]!.location;
    const notDirectory = await cli(['state', 'ls', file]);
    expect([notDirectory.code, notDirectory.stderr]).toEqual([3, `cepheus: ${file}: not a directory (state ls lists a checkpoint directory; use state show for one checkpoint file)\n`]);
  });

  it('reports bad input with a clear message and exit code', async () => {
    const dir = await checkpointDirectory();
    const missing = await cli(['state', 'show', join(dir, 'nope')]);
    expect([missing.code, missing.stderr]).toEqual([3, `cepheus: ${join(dir, 'nope')}: no such file or directory\n`]);
    const bogus = join(dir, 'bogus.ckpt');
    writeFileSync(bogus, 'hello');
    const foreign = await cli(['state', 'show', bogus]);
    expect(foreign.code).toBe(3);
    expect(foreign.stderr).toContain('not a Cepheus checkpoint');
    const badDuration = await cli(['state', 'expire', dir, '--older-than', 'soon']);
    expect(badDuration.code).toBe(2);
    expect((await cli(['state', 'remove-key', dir, '--pattern', 'unpaid'])).code).toBe(2); // missing --key
  });

  it('expire --now takes epoch milliseconds or ISO-8601, and refuses anything else as a usage error', async () => {
    const dir = await checkpointDirectory();
    for (const now of ['abc', '', '12:00']) {
      const result = await cli(['state', 'expire', dir, '--older-than', '1s', '--now', now]);
      expect([result.code, result.stderr]).toEqual([2, `cepheus: --now: '${now}' is not a time: write epoch milliseconds (1700000000000) or ISO-8601 (2023-11-14T22:13:20Z)\n`]);
    }
    expect(new FileCheckpointStore(dir, 10).list()).toHaveLength(1); // nothing written
    expect((await cli(['state', 'expire', dir, '--older-than', '85ms', '--now', '1970-01-01T00:00:00.100Z'])).code).toBe(0);
    expect((await cli(['state', 'list', dir])).stdout).toBe('unpaid "o2": waiting in paid, age 80 ms — created@20\n');
  });

  it('a --pattern the checkpoint does not have is a usage error listing the patterns it has', async () => {
    const dir = await checkpointDirectory();
    const location = new FileCheckpointStore(dir, 10).list()[0]!.location;
    const message = `cepheus: --pattern: there is no pattern 'nope' in ${location}; it has 'unpaid'\n`;
    for (const argv of [['list', dir, '--pattern', 'nope'], ['remove-key', dir, '--pattern', 'nope', '--key', 'o1'], ['expire', dir, '--pattern', 'nope', '--older-than', '1s']]) {
      const result = await cli(['state', ...argv]);
      expect([result.code, result.stdout, result.stderr]).toEqual([2, '', message]);
    }
    // A pattern that exists but holds nothing for the key still says so.
    expect((await cli(['state', 'remove-key', dir, '--pattern', 'unpaid', '--key', 'o9'])).stderr).toMatch(/pattern 'unpaid' holds nothing for key o9/);
  });

  it('works as the real executable, with --help and --version', async () => {
    const dir = await checkpointDirectory();
    expect(spawnCli(['state', 'show', dir]).stdout).toContain('pattern unpaid: 2 keys');
    const help = spawnCli(['--help']);
    expect([help.code, help.stdout.includes('Exit codes:')]).toEqual([0, true]);
    expect(spawnCli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const unknown = spawnCli(['frobnicate']);
    expect([unknown.code, unknown.stderr.includes("unknown command 'frobnicate'")]).toEqual([2, true]);
  });
});
