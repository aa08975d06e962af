// Restores that cannot do what was asked, or that do something a user would not expect: output
// files shortened since the checkpoint are refused in one line with every file left as it was,
// and a checkpoint of a finished run warns that everything read after it is late.
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonLines, removeTempDirs, repoFile, spawnCli, tempDir } from './support.js';

afterAll(removeTempDirs);

const PATTERN = 'examples/unpaid-orders.cep';

/** A finished checkpointed run over the orders example, and the command line that ran it. */
function finishedRun(): { dir: string; argv: string[]; file: (name: string) => string } {
  const dir = tempDir('cepheus-refusal-');
  const file = (name: string): string => join(dir, name);
  writeFileSync(file('events.jsonl'), repoFile('examples/data/orders.jsonl'));
  const argv = ['run', PATTERN, '-i', file('events.jsonl'), '-o', file('rest.jsonl'), '--matches', file('m.jsonl'), '--timeouts', file('t.jsonl'), '--checkpoint-dir', file('ckpt'), '--no-summary'];
  expect(spawnCli(argv).code).toBe(0);
  return { dir, argv, file };
}

/** A run checkpointed every 4 lines whose final checkpoint is gone: the latest holds open orders. */
function midRun(): { argv: string[]; file: (name: string) => string } {
  const dir = tempDir('cepheus-refusal-');
  const file = (name: string): string => join(dir, name);
  writeFileSync(file('events.jsonl'), repoFile('examples/data/orders.jsonl'));
  const argv = ['run', PATTERN, '-i', file('events.jsonl'), '-o', file('out.jsonl'), '--checkpoint-dir', file('ckpt'), '--checkpoint-every', '4', '--keep-checkpoints', '10', '--no-summary'];
  expect(spawnCli(argv).code).toBe(0);
  const checkpoints = readdirSync(file('ckpt')).filter((name) => name.endsWith('.ckpt')).sort();
  rmSync(join(file('ckpt'), checkpoints.at(-1)!)); // as if killed before the end
  return { argv, file };
}

describe('cepheus run --restore latest', () => {
  it('an output file shorter than the checkpoint committed is one line, exit 3, and no file is cut back', () => {
    const { argv, file } = finishedRun();
    // -o is cut back first: give it more than it committed, so an early cut would show.
    appendFileSync(file('rest.jsonl'), '{"written":"by someone else"}\n');
    truncateSync(file('t.jsonl'), 10);
    const before = { rest: readFileSync(file('rest.jsonl'), 'utf8'), m: readFileSync(file('m.jsonl'), 'utf8') };
    const result = spawnCli([...argv, '--restore', 'latest']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^cepheus: .*t\.jsonl is shorter \(10 bytes\) than the checkpoint committed \(\d+\); it was changed outside Cepheus\n$/);
    expect(result.stderr).not.toMatch(/RangeError|\n\s+at /);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect({ rest: readFileSync(file('rest.jsonl'), 'utf8'), m: readFileSync(file('m.jsonl'), 'utf8') }).toEqual(before);
    expect(readFileSync(file('t.jsonl'), 'utf8')).toHaveLength(10);
  });

  it('restoring the checkpoint of a finished run warns that every later event is late', () => {
    const { argv, file } = finishedRun();
    appendFileSync(file('events.jsonl'), '{"ts": 1700009000000, "type": "created", "orderId": "o-9", "amount": 3}\n');
    const result = spawnCli([...argv, '--restore', 'latest']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'cepheus: warning: this checkpoint is of a run that reached the end of its input, where time moved to +∞: every event read from here on is late. To process the input again, run without --restore or with a fresh --checkpoint-dir.\n',
    );
    // The engine is unchanged: the new line is late.
    expect(jsonLines(readFileSync(file('rest.jsonl'), 'utf8')).map((output) => output['kind'])).toEqual(['late']);
  });

  it('restoring a checkpoint taken mid-run does not warn', () => {
    const { argv } = midRun();
    const result = spawnCli([...argv, '--restore', 'latest']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^cepheus: restored .*checkpoint-\d+\.ckpt, resuming at line \d+\n$/);
  });
});

describe('cepheus run --restore latest, with the time settings changed', () => {

  it('--processing-time added: refused in one line, exit 3, naming the flag to drop', () => {
    const { argv } = midRun();
    const result = spawnCli([...argv, '--restore', 'latest', '--processing-time']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^cepheus: .*checkpoint was taken in event time and this engine runs in processing time: the 2 partial matches and 1 buffered event it holds carry event-time timestamps; run without --processing-time, or let them finish first\n$/);
  });

  it('another time field: refused, naming the flag and the pattern file setting', () => {
    const { argv } = midRun();
    const result = spawnCli([...argv, '--restore', 'latest', '--time-field', 'amount']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/read event times another way .* run with the old time field \(the pattern file's `time by`, or --time-field\), or let them finish first\n$/);
  });
});

describe('cepheus run --checkpoint-dir', () => {
  it('naming a file, not a directory: one line naming the flag, exit 3', () => {
    const dir = tempDir('cepheus-refusal-');
    writeFileSync(join(dir, 'notadir'), '');
    const result = spawnCli(['run', PATTERN, '-i', 'examples/data/orders.jsonl', '-o', join(dir, 'out.jsonl'), '--checkpoint-dir', join(dir, 'notadir'), '--no-summary']);
    expect([result.code, result.stderr]).toEqual([3, `cepheus: --checkpoint-dir: checkpoint directory ${join(dir, 'notadir')} is a file, not a directory: give a directory (it is created if missing)\n`]);
  });

  it('--restore with every checkpoint damaged says it starts from the beginning', () => {
    const dir = tempDir('cepheus-refusal-');
    mkdirSync(join(dir, 'ckpt'));
    writeFileSync(join(dir, 'ckpt', 'checkpoint-0000000001.ckpt'), 'garbage');
    const result = spawnCli(['run', PATTERN, '-i', 'examples/data/orders.jsonl', '-o', join(dir, 'out.jsonl'), '--checkpoint-dir', join(dir, 'ckpt'), '--restore', 'latest', '--no-summary']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^cepheus: skipping damaged checkpoint: .*\ncepheus: no usable checkpoint to restore: starting from the beginning of the input\n$/);
  });
});
