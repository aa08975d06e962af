// `cepheus run` outputs: one JSON object per line with a `kind`, on stdout or per kind in files
// (--matches, --timeouts, --late, --errors, -o), from a file or stdin, JSON or text.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliBin, jsonLines, removeTempDirs, repoFile, repoRoot, spawnCli, tempDir } from './support.js';

afterAll(removeTempDirs);

let dir: string;
let input: string;
/** stdout of the plain run over `input`: every output, in order. */
let everything: string;

// The orders example plus a line that is not JSON, a record without a time and an order that
// arrives after time has passed it: outputs of all four kinds.
const extraLines = [
  'this is not JSON',
  '{"type":"created","orderId":"o-7","amount":5}',
  '{"ts": 1700000000000, "type": "created", "orderId": "o-late", "amount": 1}',
];

beforeAll(() => {
  dir = tempDir();
  input = join(dir, 'orders.jsonl');
  writeFileSync(input, `${repoFile('examples/data/orders.jsonl')}${extraLines.join('\n')}\n`);
  const result = spawnCli(['run', 'examples/unpaid-orders.cep', '-i', input, '--no-summary']);
  expect([result.code, result.stderr]).toEqual([0, '']);
  everything = result.stdout;
});

const kinds = (text: string): string[] => jsonLines(text).map((output) => String(output['kind']));

describe('cepheus run outputs', () => {
  it('writes every kind to stdout, one JSON object per line, numbered in order', () => {
    const outputs = jsonLines(everything);
    expect(new Set(kinds(everything))).toEqual(new Set(['match', 'timeout', 'late', 'error']));
    expect(outputs.map((output) => output['id'])).toEqual(outputs.map((_, index) => index));
    // Without the extra lines, the matches and timeouts are those of the example.
    const example = jsonLines(repoFile('examples/expected/unpaid-orders.jsonl'));
    const strip = (output: Record<string, unknown>): Record<string, unknown> => ({ ...output, id: 0 });
    expect(outputs.filter((output) => output['kind'] === 'match' || output['kind'] === 'timeout').map(strip)).toEqual(example.map(strip));
  });

  it('describes each kind with its fields', () => {
    const outputs = jsonLines(everything);
    const byKind = (kind: string): Record<string, unknown>[] => outputs.filter((output) => output['kind'] === kind);
    expect(Object.keys(byKind('match')[0]!)).toEqual(['id', 'kind', 'pattern', 'key', 'events', 'startTimestamp', 'endTimestamp']);
    expect(Object.keys(byKind('timeout')[0]!)).toEqual(['id', 'kind', 'pattern', 'key', 'events', 'startTimestamp', 'timeoutTimestamp']);
    expect(byKind('late')).toEqual([
      {
        id: expect.any(Number),
        kind: 'late',
        record: { ts: 1700000000000, type: 'created', orderId: 'o-late', amount: 1 },
        line: 13,
        timestamp: 1700000000000,
        watermark: 1700002399999, // the largest time seen (o-6, created) minus 1 ms
      },
    ]);
    expect(byKind('error')).toEqual([
      {
        id: expect.any(Number),
        kind: 'error',
        code: 'bad-input',
        message: expect.stringMatching(/^line 11: not JSON: /),
        record: 'this is not JSON',
        line: 11,
      },
      { id: expect.any(Number), kind: 'error', code: 'bad-timestamp', message: "line 12: timestamp field 'ts' is missing", record: { type: 'created', orderId: 'o-7', amount: 5 }, line: 12 },
    ]);
  });

  it('--matches, --timeouts, --late and --errors split the outputs into files, none left on stdout', () => {
    const files = { match: join(dir, 'm.jsonl'), timeout: join(dir, 't.jsonl'), late: join(dir, 'l.jsonl'), error: join(dir, 'e.jsonl') };
    const result = spawnCli(['run', 'examples/unpaid-orders.cep', '-i', input, '--matches', files.match, '--timeouts', files.timeout, '--late', files.late, '--errors', files.error, '--no-summary']);
    expect([result.code, result.stdout, result.stderr]).toEqual([0, '', '']);
    const all = jsonLines(everything);
    for (const [kind, file] of Object.entries(files)) {
      const text = readFileSync(file, 'utf8');
      expect(text).toBe(all.filter((output) => output['kind'] === kind).map((output) => `${JSON.stringify(output)}\n`).join(''));
    }
  });

  it('kinds without a file of their own stay on stdout', () => {
    const matches = join(dir, 'only-matches.jsonl');
    const result = spawnCli(['run', 'examples/unpaid-orders.cep', '-i', input, '--matches', matches, '--no-summary']);
    expect(result.code).toBe(0);
    expect(kinds(readFileSync(matches, 'utf8'))).toEqual(['match', 'match', 'match']);
    expect(new Set(kinds(result.stdout))).toEqual(new Set(['timeout', 'late', 'error']));
  });

  it('-o writes to a file what would go to stdout; an existing file is replaced', () => {
    const output = join(dir, 'all.jsonl');
    writeFileSync(output, 'old content that must go\n'.repeat(100));
    const result = spawnCli(['run', 'examples/unpaid-orders.cep', '-i', input, '-o', output, '--no-summary']);
    expect([result.code, result.stdout]).toEqual([0, '']);
    expect(readFileSync(output, 'utf8')).toBe(everything);
  });

  it('reads events from stdin when there is no --input', () => {
    const result = spawnCli(['run', 'examples/unpaid-orders.cep', '--no-summary'], { input: readFileSync(input) });
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).toBe(everything);
  });

  it('reads stdin that arrives without a final newline and with Windows line ends', () => {
    const text = repoFile('examples/data/orders.jsonl').trimEnd().split('\n').join('\r\n');
    const result = spawnCli(['run', 'examples/unpaid-orders.cep', '--no-summary'], { input: text });
    expect(result.stdout).toBe(repoFile('examples/expected/unpaid-orders.jsonl'));
  });

  it('--no-timeout-output drops timeouts; --no-summary keeps stderr quiet', () => {
    const result = spawnCli(['run', 'examples/unpaid-orders.cep', '-i', input, '--no-timeout-output', '--no-summary']);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(kinds(result.stdout)).not.toContain('timeout');
    expect(kinds(result.stdout).filter((kind) => kind === 'match')).toHaveLength(3);
  });

  it('prints a summary on stderr: events, matches, timeouts, late, errors, events/s, peak memory', () => {
    const result = spawnCli(['run', 'examples/unpaid-orders.cep', '-i', input]);
    expect(result.stdout).toBe(everything);
    // Every input line counts as an event, the one that is not JSON too (it is also an error).
    expect(result.stderr).toMatch(/^cepheus: 13 events, 3 matches, 3 timeouts, 1 late, 2 errors in [\d.]+ s \([\d,]+ events\/s\), peak memory \d+ MB\n$/);
  });

  it('--max-partial-matches caps partial matches per key, reported as capped outputs', () => {
    const result = spawnCli(['run', 'examples/spam-comments.cep', '-i', 'examples/data/comments.jsonl', '--max-partial-matches', '1']);
    expect(result.code).toBe(0);
    const capped = jsonLines(result.stdout).filter((output) => output['kind'] === 'capped');
    expect(capped.length).toBeGreaterThan(0);
    expect(Object.keys(capped[0]!)).toEqual(['id', 'kind', 'pattern', 'key', 'policy', 'dropped', 'timestamp']);
    expect(capped[0]).toMatchObject({ pattern: 'spamBurst', policy: 'drop-oldest' });
    expect(result.stderr).toMatch(/, \d+ capped in /);
  });

  it('runs every pattern of a directory over one stream, each keyed by its own field', () => {
    const result = spawnCli(['run', 'examples/', '-i', 'examples/data/orders.jsonl', '--no-summary']);
    expect(result.code).toBe(0);
    const outputs = jsonLines(result.stdout);
    // The other patterns' key fields are missing from orders: one error per pattern and record.
    expect(outputs.filter((output) => output['kind'] === 'error').map((output) => output['pattern'])).toContain('failedLogins');
    const strip = (output: Record<string, unknown>): Record<string, unknown> => ({ ...output, id: 0 });
    expect(outputs.filter((output) => output['kind'] !== 'error').map(strip)).toEqual(jsonLines(repoFile('examples/expected/unpaid-orders.jsonl')).map(strip));
  });

  // `script` (util-linux) runs the command on a pseudo-terminal, so stderr is a terminal.
  const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!hasScript)('draws a progress bar on stderr when it is a terminal and the input is a file', () => {
    const output = join(dir, 'progress-out.jsonl');
    const command = [process.execPath, cliBin, 'run', 'examples/unpaid-orders.cep', '-i', input, '-o', output].map((word) => `'${word}'`).join(' ');
    const result = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: repoRoot, encoding: 'utf8' });
    expect(result.status).toBe(0);
    const size = readFileSync(input).length;
    expect(result.stdout).toContain(`cepheus |`);
    expect(result.stdout).toContain(`| 100% ${size}/${size} bytes`);
    expect(result.stdout).toMatch(/cepheus: 13 events, 3 matches/);
    expect(readFileSync(output, 'utf8')).toBe(everything);
  });

  it('draws no progress bar when stderr is not a terminal', () => {
    const result = spawnCli(['run', 'examples/unpaid-orders.cep', '-i', input, '-o', join(dir, 'quiet.jsonl')]);
    expect(result.stderr.split('\n')).toHaveLength(2); // the summary line only
    expect(result.stderr).not.toContain('|');
  });
});
