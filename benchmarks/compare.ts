// Keeps the engine from regressing unnoticed: every full suite run records its figures in
// benchmarks/results.json, and the next run compares its own with them, workload by workload.
// Throughput on this kind of host moves by up to 1.5× from one minute to the next, all rounds of
// a job together, so raw events/s count as changed only well past that; the engine's time over its
// hand-written detector's, measured in rounds side by side, cancels the host out and is held to
// a much closer margin. See the constants below.
import type { BenchResult } from './harness.js';
import { formatCount, median, pairedRatios } from './harness.js';

/** The figures of one workload row, as recorded. */
export interface RecordedRow {
  readonly id: string;
  readonly eventsPerSecond: number;
  /** Events/s of every round, when the row ran several. */
  readonly rounds?: readonly number[];
  readonly bytesPerPartialMatch?: number;
}

/** One suite run's figures, as recorded in results.json. */
export interface RecordedRun {
  readonly commit: string;
  /** When the run started, ISO 8601. */
  readonly date: string;
  readonly node: string;
  readonly machine: string;
  readonly rows: readonly RecordedRow[];
}

/** What happened to one figure between the recorded run and this one. */
export interface Change {
  readonly id: string;
  readonly figure: 'events/s' | '× hand-written time' | 'bytes per live partial match';
  readonly before: number;
  readonly now: number;
  /**
   * `host slower`: an engine row that regressed while the hand-written detector of its workload
   * (`W2/hand-written` for `W2-relaxed`) regressed as well.
   */
  readonly verdict: 'regressed' | 'improved' | 'within noise' | 'host slower';
}

/**
 * Events/s count as changed when they moved by this factor or more (and, when both runs have
 * rounds, when no round of one reaches the range of the other): the host's speed moves by up to
 * 1.5× between minutes, and runs of a fraction of a second (W6, the ceilings) by up to 1.7×.
 */
export const THROUGHPUT_FACTOR = 2;
/**
 * The engine's time over its hand-written detector's (the median of rounds run side by side)
 * counts as changed past this share, when the paired rounds' ranges do not overlap either.
 */
export const RATIO_SHARE = 0.15;
/**
 * Bytes per live partial match are measured from heap snapshots after a full collection, and
 * repeat to within a few bytes: more than this share and `MEMORY_SLACK_BYTES` is a change.
 */
export const MEMORY_SHARE = 0.05;
export const MEMORY_SLACK_BYTES = 4;

/** The record of a run's rows (the engine rows and their baselines; rows without an id are left out). */
export function recordRun(info: { readonly commit: string; readonly startedAt: Date; readonly node: string; readonly machine: string }, rows: readonly BenchResult[]): RecordedRun {
  return {
    commit: info.commit,
    date: info.startedAt.toISOString(),
    node: info.node,
    machine: info.machine,
    rows: rows.flatMap((row) =>
      row.id === undefined
        ? []
        : [
            {
              id: row.id,
              eventsPerSecond: Math.round(row.eventsPerSecond),
              ...(row.rounds === undefined ? {} : { rounds: row.rounds.map((value) => Math.round(value)) }),
              ...(row.bytesPerPartialMatch === undefined || Number.isNaN(row.bytesPerPartialMatch) ? {} : { bytesPerPartialMatch: Math.round(row.bytesPerPartialMatch) }),
            },
          ],
    ),
  };
}

/**
 * Reads a recorded run from results.json's text. Throws an error that says what is wrong (the
 * caller reports it and carries on without a comparison): a file edited by hand or written by
 * another version must not stop the suite.
 */
export function parseRecordedRun(text: string, where: string): RecordedRun {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where}: not JSON (${(error as Error).message})`);
  }
  const run = value as Partial<RecordedRun> | null;
  if (run === null || typeof run !== 'object' || Array.isArray(run)) throw new Error(`${where}: not a recorded run (an object with commit, date and rows)`);
  for (const field of ['commit', 'date', 'node', 'machine'] as const) {
    if (typeof run[field] !== 'string') throw new Error(`${where}: "${field}" is missing or not a string`);
  }
  if (!Array.isArray(run.rows)) throw new Error(`${where}: "rows" is missing or not an array`);
  run.rows.forEach((row: Partial<RecordedRow> | null, index) => {
    const at = `${where}: rows[${index}]`;
    if (row === null || typeof row !== 'object') throw new Error(`${at} is not an object`);
    if (typeof row.id !== 'string') throw new Error(`${at}: "id" is missing or not a string`);
    if (!isPositive(row.eventsPerSecond)) throw new Error(`${at} (${row.id}): "eventsPerSecond" is not a positive number`);
    if (row.rounds !== undefined && !(Array.isArray(row.rounds) && row.rounds.length > 0 && row.rounds.every(isPositive))) {
      throw new Error(`${at} (${row.id}): "rounds" is not a list of positive numbers`);
    }
    if (row.bytesPerPartialMatch !== undefined && !isPositive(row.bytesPerPartialMatch)) {
      throw new Error(`${at} (${row.id}): "bytesPerPartialMatch" is not a positive number`);
    }
  });
  return run as RecordedRun;
}

function isPositive(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

/** Whether a row is a baseline (hand-written detector) or a ceiling (raw loop), not the engine. */
export function isBaseline(id: string): boolean {
  return id.endsWith('/hand-written') || id.endsWith('/ceiling');
}

/** The workload a row belongs to: `W2` for `W2-relaxed` and `W2/ceiling`. */
function workloadOf(id: string): string {
  return id.split(/[-/]/)[0]!;
}

/**
 * Compares this run's rows with a recorded run's, figure by figure, for the ids both have.
 * Baseline and ceiling rows are compared too. An engine row that regressed together with the
 * hand-written detector of its workload is marked `host slower` (the host moved, maybe not the
 * engine); ceilings are raw loops of a tenth of a second, too short to say that.
 */
export function compareRuns(before: RecordedRun, rows: readonly BenchResult[]): Change[] {
  const changes = compareFigures(before, rows);
  const slowerHost = new Set(changes.filter((c) => c.figure === 'events/s' && c.verdict === 'regressed' && c.id.endsWith('/hand-written')).map((c) => workloadOf(c.id)));
  return changes.map((change) =>
    change.figure === 'events/s' && change.verdict === 'regressed' && !isBaseline(change.id) && slowerHost.has(workloadOf(change.id)) ? { ...change, verdict: 'host slower' } : change,
  );
}

function compareFigures(before: RecordedRun, rows: readonly BenchResult[]): Change[] {
  const recorded = new Map(before.rows.map((row) => [row.id, row]));
  const current = new Map(rows.flatMap((row) => (row.id === undefined ? [] : [[row.id, row] as const])));
  const changes: Change[] = [];
  for (const row of rows) {
    const old = row.id === undefined ? undefined : recorded.get(row.id);
    if (old === undefined) continue;
    changes.push({ id: old.id, figure: 'events/s', before: old.eventsPerSecond, now: row.eventsPerSecond, verdict: throughputVerdict(old, row) });
    const ratioBefore = pairedRatios(old, recorded.get(`${old.id}/hand-written`));
    const ratioNow = pairedRatios(row, current.get(`${old.id}/hand-written`));
    if (ratioBefore !== null && ratioNow !== null) {
      changes.push({ id: old.id, figure: '× hand-written time', before: median(ratioBefore), now: median(ratioNow), verdict: ratioVerdict(ratioBefore, ratioNow) });
    }
    const bytes = row.bytesPerPartialMatch;
    if (old.bytesPerPartialMatch !== undefined && bytes !== undefined && !Number.isNaN(bytes)) {
      changes.push({ id: old.id, figure: 'bytes per live partial match', before: old.bytesPerPartialMatch, now: bytes, verdict: memoryVerdict(old.bytesPerPartialMatch, bytes) });
    }
  }
  return changes;
}

function throughputVerdict(before: RecordedRow, now: BenchResult): Change['verdict'] {
  const factor = now.eventsPerSecond / before.eventsPerSecond;
  const bothInRounds = before.rounds !== undefined && before.rounds.length > 1 && now.rounds !== undefined && now.rounds.length > 1;
  if (factor <= 1 / THROUGHPUT_FACTOR && (!bothInRounds || Math.max(...now.rounds!) < Math.min(...before.rounds!))) return 'regressed';
  if (factor >= THROUGHPUT_FACTOR && (!bothInRounds || Math.min(...now.rounds!) > Math.max(...before.rounds!))) return 'improved';
  return 'within noise';
}

/** A larger ratio is a slower engine. */
function ratioVerdict(before: readonly number[], now: readonly number[]): Change['verdict'] {
  const share = median(now) / median(before) - 1;
  if (share >= RATIO_SHARE && Math.min(...now) > Math.max(...before)) return 'regressed';
  if (share <= -RATIO_SHARE && Math.max(...now) < Math.min(...before)) return 'improved';
  return 'within noise';
}


function memoryVerdict(before: number, now: number): Change['verdict'] {
  const slack = Math.max(before * MEMORY_SHARE, MEMORY_SLACK_BYTES);
  if (now > before + slack) return 'regressed';
  return now < before - slack ? 'improved' : 'within noise';
}

/** The comparison as a Markdown section for the report. */
export function comparisonSection(before: RecordedRun, changes: readonly Change[]): string {
  const lines = [
    '## Change since the recorded run',
    `Against \`benchmarks/results.json\`: commit ${before.commit}, ${before.date.replace('T', ' ').slice(0, 16)} UTC, Node ${before.node}, ${before.machine}. ` +
      `Events/s count as changed when they halved or doubled (the host alone moves them by up to 1.5×, short runs by up to 1.7×), with rounds that do not overlap where both runs have rounds; ` +
      `the engine's time over its hand-written detector's (rounds run side by side, which cancels the host out) past ${RATIO_SHARE * 100} % with paired rounds that do not overlap; ` +
      `memory past ${MEMORY_SHARE * 100} % and ${MEMORY_SLACK_BYTES} bytes. ` +
      'An engine row that regressed together with the hand-written detector of its workload is marked "host slower".',
    '',
  ];
  if (changes.length === 0) {
    lines.push('No workload of this run was recorded there.');
    return lines.join('\n');
  }
  lines.push('| id | figure | recorded | now | change | verdict |', '|---|---|---:|---:|---:|---|');
  for (const change of changes) {
    const percent = (change.now / change.before - 1) * 100;
    const mark = change.verdict === 'regressed' ? '❌ regressed' : change.verdict === 'improved' ? '✅ improved' : change.verdict;
    const show = (value: number): string => (change.figure === '× hand-written time' ? `${value.toFixed(2)}×` : formatCount(value));
    lines.push(`| ${change.id} | ${change.figure} | ${show(change.before)} | ${show(change.now)} | ${percent >= 0 ? '+' : ''}${percent.toFixed(0)} % | ${mark} |`);
  }
  return lines.join('\n');
}
