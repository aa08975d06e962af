// Restores that cannot do what was asked: output files shortened since the checkpoint are
// refused in one line with every file left as it was.
import { appendFileSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, repoFile, spawnCli, tempDir } from './support.js';

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
});
});
