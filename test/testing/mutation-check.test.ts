// The mutation check (docs/testing.md) as part of the suite: the control run must pass and every
// mutant must make some property fail. A mutant that stops biting because the engine changed
// under it (a patched method that no longer does what the mutant assumed) is a check that can no
// longer fail, and this is where that shows.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir } from '../temp-dirs.js';
import { MUTANT_NAMES } from './mutation/mutants.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const vitestBin = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const reports = tempDir('cepheus-mutation-');

afterAll(removeTempDirs);

interface MutantRun {
  readonly passed: number;
  readonly failed: number;
  readonly failures: readonly string[];
}

/** Runs the mutation config with `CEPHEUS_MUTANT=name` in a child process and reads its JSON report. */
function runMutant(name: string): MutantRun {
  const report = join(reports, `${name}.json`);
  const child = spawnSync(process.execPath, [vitestBin, 'run', '-c', 'test/testing/mutation/vitest.config.ts', '--reporter=json', `--outputFile=${report}`], {
    cwd: root,
    env: { ...process.env, CEPHEUS_MUTANT: name },
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  let parsed: { numPassedTests: number; numFailedTests: number; testResults: { assertionResults: { status: string; fullName: string }[] }[] };
  try {
    parsed = JSON.parse(readFileSync(report, 'utf8'));
  } catch {
    throw new Error(`the mutation run for '${name}' wrote no report (exit ${child.status}): ${child.stderr.slice(-2000)}`);
  }
  const failures = parsed.testResults.flatMap((file) => file.assertionResults.filter((test) => test.status === 'failed').map((test) => test.fullName));
  return { passed: parsed.numPassedTests, failed: parsed.numFailedTests, failures };
}

describe('the mutation check', () => {
  it('passes everything with no mutant (the control run)', () => {
    const run = runMutant('none');
    expect(run.failures).toEqual([]);
    expect(run.passed).toBeGreaterThan(0);
  }, 300_000);

  for (const mutant of MUTANT_NAMES.filter((name) => name !== 'none')) {
    it(`catches ${mutant} in at least two properties`, () => {
      const run = runMutant(mutant);
      expect(run.failed, `${mutant} made no property fail: the mutant no longer breaks the engine, or the properties stopped seeing it`).toBeGreaterThanOrEqual(2);
    }, 300_000);
  }
});
