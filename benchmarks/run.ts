// The suite runner behind `npm run bench`: runs every job in its own process, checks the targets,
// profiles the missed ones, draws the scaling chart and writes benchmarks/RESULTS.md.
//   --quick        small sizes (< 1 min), writes RESULTS-quick.md, no chart file, no profiles
//   --only W1,W3   just these jobs, report printed instead of written
//   --no-profile   skip profiling missed targets; --profile forces it (e.g. with --quick)
//   --fail-on-regression   exit 1 when an engine row regressed against benchmarks/results.json
// Every full-size run compares its rows with the last recorded run (benchmarks/results.json);
// the full suite records its own there. Quick runs are too short to compare: they do neither.
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertWellFormedXml, renderScalingChart } from './chart.js';
import type { CheckpointResult } from './checkpoint-workloads.js';
import { summarizeCpuProfile } from './cpu-profile-summary.js';
import { formatCount, type BenchResult } from './harness.js';
import type { Check, JobOutput, ScalingPoint } from './job-output.js';
import { suiteJobs } from './jobs.js';
import { compareRuns, comparisonSection, isBaseline, parseRecordedRun, recordRun, type Change, type RecordedRun } from './compare.js';
import { renderReport, type SuiteResults } from './report.js';
import { evaluateTargets } from './targets.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex === -1 ? null : (args[onlyIndex + 1] ?? '').split(',').filter((id) => id !== '');
const profiling = args.includes('--profile') || (!quick && !args.includes('--no-profile'));
const failOnRegression = args.includes('--fail-on-regression');
const runJobScript = fileURLToPath(new URL('./run-job.js', import.meta.url));
const benchmarksDir = fileURLToPath(new URL('../../benchmarks/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'cepheus-bench-'));

const startedAt = new Date();
const loadAtStart = loadavg();
const commit = describeCommit(); // read at the start: the tree may change while the suite runs
const rows: BenchResult[] = [];
const checks: Check[] = [];
const points: ScalingPoint[] = [];
const checkpoints: CheckpointResult[] = [];
const skipped: { job: string; reason: string }[] = [];
const failures: { job: string; error: string }[] = [];

/** Runs one job in a child process; returns its output, or records why it failed. */
function runJob(job: string, flags: readonly string[] = [], nodeFlags: readonly string[] = []): JobOutput | null {
  const out = join(scratch, `${job.replace(/[^\w.-]/g, '_')}.json`);
  const started = Date.now();
  console.log(`▶ ${job}${flags.length > 0 ? ` ${flags.join(' ')}` : ''}`);
  const child = spawnSync(process.execPath, ['--expose-gc', ...nodeFlags, runJobScript, job, ...(quick ? ['--quick'] : []), ...flags, '--out', out], {
    stdio: 'inherit',
    timeout: 30 * 60_000,
  });
  console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (child.status !== 0 || !existsSync(out)) {
    failures.push({ job, error: child.error?.message ?? `exit code ${child.status ?? child.signal}` });
    return null;
  }
  return JSON.parse(readFileSync(out, 'utf8')) as JobOutput;
}

for (const job of only ?? suiteJobs(quick)) {
  const output = runJob(job);
  if (output === null) continue;
  rows.push(...output.rows);
  checks.push(...output.checks);
  points.push(...(output.points ?? []));
  checkpoints.push(...(output.checkpoints ?? []));
  if (output.skipped !== undefined) skipped.push({ job, reason: output.skipped });
}

const targets = evaluateTargets(rows, checkpoints);
const profiles: SuiteResults['profiles'][number][] = [];
const heaps: SuiteResults['heaps'][number][] = [];
if (profiling) {
  const missed = targets.filter((t) => t.met === false);
  for (const job of new Set(missed.flatMap((t) => (t.profileJob === undefined ? [] : [t.profileJob])))) {
    const directory = join(scratch, `profile-${job}`);
    if (runJob(job, ['--engine-only'], ['--cpu-prof', `--cpu-prof-dir=${directory}`]) === null) continue;
    const file = readdirSync(directory).find((name) => name.endsWith('.cpuprofile'));
    if (file === undefined) continue;
    const summary = summarizeCpuProfile(readFileSync(join(directory, file), 'utf8'), 15);
    profiles.push({ job, targets: missed.filter((t) => t.profileJob === job).map((t) => t.target), ...summary });
  }
  for (const id of missed.flatMap((t) => (t.heapProbe === undefined ? [] : [t.heapProbe]))) {
    const output = runJob(`heap:${id}`);
    if (output?.heap !== undefined) heaps.push({ id, ...output.heap });
  }
}

const svg = renderScalingChart(points, `Cepheus scaling, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}`);
assertWellFormedXml(svg);
const writeFiles = only === null;
const chart = writeFiles && !quick && points.length > 0 ? 'scaling.svg' : null;
if (chart !== null) writeFileSync(join(benchmarksDir, chart), svg);

const machine = `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM`;
const recordPath = join(benchmarksDir, 'results.json');
const recorded = quick ? null : readRecordedRun(recordPath);
const changes: Change[] = recorded === null ? [] : compareRuns(recorded, rows);

const notesPath = join(benchmarksDir, 'profile-notes.md');
const report = renderReport({
  info: {
    quick,
    command: `npm run bench${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`,
    startedAt,
    seconds: (Date.now() - startedAt.getTime()) / 1000,
    machine,
    os: `${type()} ${release()} ${arch()}`,
    node: process.version,
    commit,
    loadAtStart,
    loadAtEnd: loadavg(),
  },
  comparison: recorded === null ? null : comparisonSection(recorded, changes),
  rows,
  checks,
  skipped,
  failures,
  points,
  checkpoints,
  targets,
  profiles,
  heaps,
  notes: !quick && existsSync(notesPath) ? readFileSync(notesPath, 'utf8') : null,
  chart,
});
rmSync(scratch, { recursive: true, force: true });

if (writeFiles) {
  const target = join(benchmarksDir, quick ? 'RESULTS-quick.md' : 'RESULTS.md');
  writeFileSync(target, report);
  if (!quick) writeFileSync(recordPath, `${JSON.stringify(recordRun({ commit, startedAt, node: process.version, machine }, rows), null, 2)}\n`);
  console.log(`\nwritten ${target}${chart === null ? '' : ` and ${join(benchmarksDir, chart)}`}${quick ? '' : `, recorded in ${recordPath}`}`);
} else {
  console.log(`\n${report}`);
}
for (const t of targets) console.log(`${t.met === null ? '—' : t.met ? 'met    ' : 'NOT MET'} ${t.target}: ${t.measured} (goal ${t.goal})`);
for (const change of changes.filter((c) => c.verdict !== 'within noise')) {
  console.log(`${change.verdict.toUpperCase()}: ${change.id} ${change.figure} ${formatCount(change.before)} → ${formatCount(change.now)} since ${recorded!.commit}`);
}
const failedChecks = checks.filter((check) => !check.ok);
const regressions = changes.filter((change) => change.verdict === 'regressed' && !isBaseline(change.id));
if (failures.length > 0 || failedChecks.length > 0) {
  console.error(`\n${failures.length} job(s) failed, ${failedChecks.length} check(s) failed`);
  process.exitCode = 1;
}
if (failOnRegression && regressions.length > 0) {
  console.error(`\n${regressions.length} engine figure(s) regressed since the recorded run (--fail-on-regression)`);
  process.exitCode = 1;
}

/** The last recorded run, or null if there is none or it cannot be read (said, not fatal). */
function readRecordedRun(path: string): RecordedRun | null {
  if (!existsSync(path)) return null;
  try {
    return parseRecordedRun(readFileSync(path, 'utf8'), path);
  } catch (error) {
    console.error(`note: no comparison with the recorded run: ${(error as Error).message}`);
    return null;
  }
}

/** The commit measured, and whether the working tree differs from it (read-only git calls). */
function describeCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} with uncommitted changes` : head;
  } catch {
    return 'unknown (not a git checkout)';
  }
}
