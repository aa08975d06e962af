// Output files that would destroy what a run reads, or each other: `cepheus run` refuses them with
// a usage error (exit 2) before opening anything for writing, so no file is touched.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { removeTempDirs, repoFile, spawnCli, tempDir } from './support.js';

afterAll(removeTempDirs);

const EVENTS = repoFile('examples/data/orders.jsonl');
const PATTERN = repoFile('examples/unpaid-orders.cep');

/** A directory holding orders.cep and events.jsonl, the working directory of the runs. */
let dir: string;

beforeEach(() => {
  dir = tempDir('cepheus-clash-');
  writeFileSync(join(dir, 'orders.cep'), PATTERN);
  writeFileSync(join(dir, 'events.jsonl'), EVENTS);
});

/** Runs in `dir`; expects a refusal (exit 2, nothing on stdout, one line on stderr) and returns that line. */
function refused(argv: string[]): string {
  const result = spawnCli(['run', ...argv, '--no-summary'], { cwd: dir });
  expect([result.code, result.stdout]).toEqual([2, '']);
  expect(result.stderr.split('\n')).toHaveLength(2); // one line and its newline
  return result.stderr;
}

describe('an output file that is also read', () => {
  it('-o naming the input file is refused and the input is left whole', () => {
    const message = refused(['orders.cep', '-i', 'events.jsonl', '-o', 'events.jsonl']);
    expect(message).toBe('cepheus: -o and --input both name events.jsonl: writing the output there would destroy what is read; choose another output file\n');
    expect(readFileSync(join(dir, 'events.jsonl'), 'utf8')).toBe(EVENTS);
  });

  it('the same file spelt differently or reached through a symlink is still the input', () => {
    symlinkSync('events.jsonl', join(dir, 'link.jsonl'));
    expect(refused(['orders.cep', '-i', 'events.jsonl', '--matches', './events.jsonl'])).toMatch(/^cepheus: --matches and --input both name \.\/events\.jsonl: /);
    expect(refused(['orders.cep', '-i', 'events.jsonl', '--timeouts', 'link.jsonl'])).toMatch(/^cepheus: --timeouts and --input both name link\.jsonl: /);
    mkdirSync(join(dir, 'sub'));
    expect(refused(['orders.cep', '-i', 'events.jsonl', '--late', 'sub/../events.jsonl'])).toMatch(/^cepheus: --late and --input both name sub\/\.\.\/events\.jsonl: /);
    expect(readFileSync(join(dir, 'events.jsonl'), 'utf8')).toBe(EVENTS);
  });

  it('an output naming a pattern file, also one found in a directory, is refused and the pattern left whole', () => {
    expect(refused(['orders.cep', '-i', 'events.jsonl', '-o', 'orders.cep'])).toBe(
      'cepheus: -o and the pattern file both name orders.cep: writing the output there would destroy what is read; choose another output file\n',
    );
    expect(refused(['.', '-i', 'events.jsonl', '--errors', 'orders.cep'])).toMatch(/^cepheus: --errors and the pattern file both name orders\.cep: /);
    expect(readFileSync(join(dir, 'orders.cep'), 'utf8')).toBe(PATTERN);
  });
});

describe('two outputs naming one file', () => {
  it('--matches and --timeouts naming one file are refused, and it is not created', () => {
    const message = refused(['orders.cep', '-i', 'events.jsonl', '--matches', 'both.jsonl', '--timeouts', 'both.jsonl']);
    expect(message).toBe(
      'cepheus: --matches and --timeouts both name both.jsonl: each output file must be a different file (to get several kinds in one file, name it once with -o and leave those kinds without a flag of their own)\n',
    );
    expect(existsSync(join(dir, 'both.jsonl'))).toBe(false);
  });

  it('a kind and -o naming one existing file are refused, and the file is left as it was', () => {
    writeFileSync(join(dir, 'x.jsonl'), 'kept\n');
    expect(refused(['orders.cep', '-i', 'events.jsonl', '--matches', 'x.jsonl', '-o', './x.jsonl'])).toMatch(/^cepheus: -o and --matches both name x\.jsonl: /);
    expect(readFileSync(join(dir, 'x.jsonl'), 'utf8')).toBe('kept\n');
  });

  it('outputs that are not regular files may be shared: /dev/null takes both', () => {
    const result = spawnCli(['run', 'orders.cep', '-i', 'events.jsonl', '--late', '/dev/null', '--errors', '/dev/null', '--no-summary'], { cwd: dir });
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toBe(repoFile('examples/expected/unpaid-orders.jsonl'));
  });
});
