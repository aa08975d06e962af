// Writes the suite's results as Markdown: header (machine, load, command), targets, workloads,
// checks, scaling, checkpoints, the measurement method, and profiles of missed targets.
import type { CheckpointResult } from './checkpoint-workloads.js';
import { checkpointTable } from './checkpoint-workloads.js';
import type { ProfileSummary } from './cpu-profile-summary.js';
import { profileTable } from './cpu-profile-summary.js';
import type { HeapShare } from './heap-breakdown.js';
import { formatCount, type BenchResult } from './harness.js';
import type { Check, ScalingPoint } from './job-output.js';
import { handWrittenRatio, type TargetOutcome } from './targets.js';

/** Where and how the suite ran. */
export interface RunInfo {
  readonly quick: boolean;
  readonly command: string;
  readonly startedAt: Date;
  readonly seconds: number;
  readonly machine: string;
  readonly os: string;
  readonly node: string;
  readonly commit: string;
  readonly loadAtStart: readonly number[];
  readonly loadAtEnd: readonly number[];
}

/** Everything the report shows. */
export interface SuiteResults {
  readonly info: RunInfo;
  /** The comparison with the last recorded run (see compare.ts), or null when there is none. */
  readonly comparison: string | null;
  readonly rows: readonly BenchResult[];
  readonly checks: readonly Check[];
  readonly skipped: readonly { job: string; reason: string }[];
  readonly failures: readonly { job: string; error: string }[];
  readonly points: readonly ScalingPoint[];
  readonly checkpoints: readonly CheckpointResult[];
  readonly targets: readonly TargetOutcome[];
  readonly profiles: readonly ({ job: string; targets: string[] } & ProfileSummary)[];
  readonly heaps: readonly { id: string; live: number; shares: HeapShare[] }[];
  /** Hand-written reading of the profiles (benchmarks/profile-notes.md), or null. */
  readonly notes: string | null;
  /** The chart's file name next to the report, or null when not written. */
  readonly chart: string | null;
}

/** Renders the whole report. */
export function renderReport(results: SuiteResults): string {
  const { info } = results;
  const load = (values: readonly number[]): string => values.map((v) => v.toFixed(2)).join(' / ');
  const sections = [
    `# Benchmark results${info.quick ? ' (quick smoke run)' : ''}`,
    [
      `- Date: ${info.startedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC, suite took ${info.seconds.toFixed(0)} s`,
      `- Machine: ${info.machine}; ${info.os}`,
      `- Node: ${info.node}`,
      `- Command: \`${info.command}\``,
      `- Commit: ${info.commit}`,
      `- Load average (1 / 5 / 15 min): ${load(info.loadAtStart)} at start, ${load(info.loadAtEnd)} at end. ` +
        `With more runnable processes than cores, other work shares the CPU: read small differences as noise.`,
    ].join('\n'),
    info.quick
      ? '> Quick mode: small sizes to check that nothing is broken. The figures are not comparable with RESULTS.md (shorter runs stay in warm-up longer, state is smaller).'
      : '',
    '## Targets',
    targetsTable(results.targets),
    results.comparison ?? '',
    '## Workloads',
    'Engine only, events already in memory (W7 reads a file: its target rows spawn the `cepheus run` CLI, the `/library` rows run the same job through `runJsonLines` in process), one process per workload. "× hand-written" is the engine\'s time divided by the ' +
      'hand-written detector\'s on the same events (lower is better; the target is ≤ 2). "B / live PM" is heap bytes per live partial match ' +
      '(for hand-written rows: per pending item) beyond the events themselves — see *Method*. ' +
      'The workloads with throughput targets (W1, W2, W3 relaxed) run 5 rounds in the full suite, each engine round followed by a hand-written round on the same events: ' +
      'a row shows its median round (throughput, latency and GC are that round\'s) and lists every round; a ratio is the median of the ratios of the rounds run side by side.',
    workloadTable(results.rows),
    checksSection(results),
    scalingSection(results),
    results.checkpoints.length === 0
      ? ''
      : [
          '## Checkpoints',
          'One live partial match per key. An event loop keeps processing events, 50 per turn (25 keys each complete their partial match and start a new one, so the live count stays the same), and "max pause" is the longest gap between two of its turns: with no checkpoint, for at least a second and until V8 has finished a full collection of the heap or 15 s have passed (the floor the engine\'s own garbage collection sets; "full GCs seen" says whether one came), while the checkpoint is taken as a service takes one (`saveCheckpoint` to a `FileCheckpointStore` in a temporary directory: converted, encoded and written, fsync and rename included), and in the half second after it is done (the garbage collection the checkpoint\'s memory starts can run on past it). Processing runs for a second before the floor is measured. Encode MB/s is the whole conversion and encoding of a fresh state of the same size, run without pausing (the median of three). The target (pause < 20 ms) is checked on the larger of the two checkpoint columns at 1,000,000, which runs three rounds (each with its own state and floor): the table shows the round of median pause, and every round is listed under it.',
          checkpointTable(results.checkpoints),
        ].join('\n\n'),
    METHOD,
    profilesSection(results),
    reproduceSection(),
  ];
  return sections.filter((s) => s !== '').join('\n\n') + '\n';
}

function targetsTable(targets: readonly TargetOutcome[]): string {
  const met = (value: boolean | null): string => (value === null ? '— not run' : value ? '✅ met' : '❌ not met');
  return [
    '| target | goal | measured | status |',
    '|---|---|---|---|',
    ...targets.map((t) => `| ${t.target} | ${t.goal} | ${t.measured} | ${met(t.met)} |`),
  ].join('\n');
}

function workloadTable(rows: readonly BenchResult[]): string {
  const byId = new Map(rows.filter((r) => r.id !== undefined).map((r) => [r.id!, r]));
  const number = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : '—');
  const versus = (row: BenchResult): string => {
    if (row.id === undefined) return '';
    if (row.id.endsWith('/hand-written')) return 'baseline';
    if (row.id.endsWith('/ceiling')) return 'ceiling';
    const hand = byId.get(`${row.id}/hand-written`);
    return hand === undefined ? '' : `${handWrittenRatio(row, hand).toFixed(1)}×`;
  };
  const rounds = (row: BenchResult): string =>
    row.rounds === undefined ? '' : `; median of ${row.rounds.length} rounds (${row.rounds.map((value) => formatCount(value)).join(', ')} events/s, in the order run)`;
  return [
    '| id | workload | events | events/s | × hand-written | p50 µs | p99 µs | p99.9 µs | peak RSS MB | B / live PM | GC ms | notes |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.id ?? ''} | ${r.name} | ${formatCount(r.events)} | ${formatCount(r.eventsPerSecond)} | ${versus(r)} | ${number(r.p50Micros, 2)} | ${number(r.p99Micros, 2)} | ${number(r.p999Micros, 2)} | ${number(r.peakRssMb, 0)} | ${r.bytesPerPartialMatch === undefined ? '' : number(r.bytesPerPartialMatch, 0)} | ${number(r.gcMillis, 0)} | ${r.notes}${rounds(r)} |`,
    ),
  ].join('\n');
}

function checksSection(results: SuiteResults): string {
  const lines = ['## Checks', 'The engine and the hand-written detectors must produce the same outputs on the same events; a failed check fails the run.', ''];
  for (const check of results.checks) lines.push(`- ${check.ok ? '✅' : '❌'} ${check.name}: ${check.detail}`);
  for (const skipped of results.skipped) lines.push(`- ⏭️ ${skipped.job} skipped: ${skipped.reason}`);
  for (const failure of results.failures) lines.push(`- ❌ job ${failure.job} failed: ${failure.error}`);
  return lines.join('\n');
}

function scalingSection(results: SuiteResults): string {
  if (results.points.length === 0) return '';
  const lines = ['## Scaling', results.chart === null ? '(chart written by the full run only)' : `![scaling curves](${results.chart})`, ''];
  lines.push(
    'Keys: W1\'s pattern with N order ids, each holding one order at a time (window 15 min). Window: W3\'s `a b+ c` relaxed over 1,000 keys with a window of N events per key. ' +
      'Length: a chain of N `followedBy` steps over 1,000 keys, event types uniform over 32. State is the heap held by the engine three quarters through the stream, after a full GC.',
    '',
    '| curve | x | events | events/s | live partial matches | state MB | bytes / live PM | peak RSS MB |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
  );
  for (const p of results.points) {
    const perMatch = p.livePartialMatches === 0 ? '—' : ((p.stateMb * 2 ** 20) / p.livePartialMatches).toFixed(0);
    lines.push(`| ${p.curve} | ${p.label} | ${formatCount(p.events)} | ${formatCount(p.eventsPerSecond)} | ${formatCount(p.livePartialMatches)} | ${p.stateMb.toFixed(1)} | ${perMatch} | ${p.peakRssMb.toFixed(0)} |`);
  }
  return lines.join('\n');
}

function profilesSection(results: SuiteResults): string {
  const missed = results.targets.filter((t) => t.met === false);
  if (missed.length === 0) return '## Missed targets\n\nNone.';
  const lines = ['## Missed targets: profiles and findings'];
  if (results.profiles.length === 0 && results.heaps.length === 0) {
    lines.push('', 'Not profiled in this run (quick mode or `--no-profile`); the full run profiles every missed target.');
  }
  for (const profile of results.profiles) {
    lines.push(
      '',
      `### CPU profile: job ${profile.job} (${profile.targets.join('; ')})`,
      '',
      `\`node --expose-gc --cpu-prof .build/benchmarks/run-job.js ${profile.job} --engine-only\`, summarised by \`cpu-profile-summary.js\`: ` +
        `top functions by self time, of ${profile.totalMs.toFixed(0)} ms sampled (including generating the events).`,
      '',
      profileTable(profile),
    );
  }
  for (const heap of results.heaps) {
    lines.push(
      '',
      `### Heap breakdown: ${heap.id} (${formatCount(heap.live)} live partial matches)`,
      '',
      'Two heap snapshots, before and after building the probe\'s state, diffed by object kind (`Object` is every plain object literal: states, partial matches, nodes, timers).',
      '',
      '| kind | objects / live PM | bytes / live PM |',
      '|---|---:|---:|',
      ...heap.shares.filter((s) => s.bytesPerItem >= 1).map((s) => `| \`${s.kind === '' ? '(unnamed)' : s.kind}\` | ${s.objectsPerItem.toFixed(2)} | ${s.bytesPerItem.toFixed(0)} |`),
    );
  }
  if (results.notes !== null) lines.push('', results.notes.trim());
  return lines.join('\n');
}

function reproduceSection(): string {
  return [
    '## Reproduce',
    '```sh',
    'npm run bench              # full suite, writes benchmarks/RESULTS.md, scaling.svg and results.json',
    'npm run bench -- --quick   # smoke run (< 1 min), writes benchmarks/RESULTS-quick.md',
    'npm run bench -- --only W1,W3   # some jobs only, printed, no files written',
    '# every run compares itself with the recorded results.json; to fail on an engine regression:',
    'npm run bench -- --only W1,W2,W3 --no-profile --fail-on-regression',
    '# one job by hand, and its CPU profile:',
    'npm run build && npx tsc -p tsconfig.tools.json   # W7 runs the built CLI (dist/)',
    'node --expose-gc .build/benchmarks/run-job.js W1',
    'node --expose-gc --cpu-prof --cpu-prof-dir=/tmp/prof .build/benchmarks/run-job.js W1 --engine-only',
    'node .build/benchmarks/cpu-profile-summary.js /tmp/prof/*.cpuprofile 20',
    '```',
  ].join('\n');
}

const METHOD = `## Method

- **Isolation.** Every workload and every scaling point runs in a fresh \`node --expose-gc\` process (\`run-job.js\`), so compiled code, heap and peak RSS are not carried from one to the next. Events are generated in process from fixed seeds before timing starts, with epoch-millisecond timestamps (from 2026-01-01) as real streams have: values above 2^31 are heap numbers in V8, not small integers. W6 comes from \`dsl-workloads.ts\` and drives the matcher directly (no \`CepEngine\`); its rows carry its own DSL/fluent ratio.
- **Throughput** is events divided by the wall time of pushing every event and the final flush (the flush resolves the windows still open, which is part of the work).
- **Latency** is sampled on every 16th event: the time of that one \`push\` (for W7's library rows, the time between two consecutive lines finishing; a spawned CLI's is not visible, and its peak RSS and GC time are the child's own, reported by \`child-stats.ts\`). With event time, a push processes what the watermark releases, usually the previous event.
- **GC time** is the sum of V8's GC pauses during the run, from \`v8.GCProfiler\` (a \`PerformanceObserver\` reports nothing during a synchronous loop).
- **Peak RSS** is the largest resident set size sampled every 65,536 events and at the end, within that workload's process.
- **Bytes per live partial match.** A probe builds a known live state: events chosen so that every partial match they start stays live (W1: orders created at distinct ids and never paid; W2: users with 4 comments each; W3: \`a b b b\` per key; W4: three rising ticks per symbol; W5: events of the first type of 10 of the patterns). The events are created first and stay referenced, so they are inside the *before* figure. After a full GC we read \`heapUsed\`, feed the events to a fresh engine and advance the watermark to the last event (nothing buffered, nothing expired), GC again and read \`heapUsed\`. *(after − before) / live partial matches* is everything the engine holds for them — key map entries, per-key states, partial matches, their event nodes (shared between partial matches of a key), timers — and nothing the events own. A warm-up on a small slice runs first, in a function of its own (a value left in the measuring frame's interpreter registers would stay reachable and be counted in *before* only), so compiled code and one-time scratch space are not counted; each reading repeats full GCs until \`heapUsed\` stops moving. Readings repeat to within a few bytes in one process, but the figure depends somewhat on heap history (±10 % seen between differently warmed processes). Hand-written detectors are probed the same way, per pending item.
- **Baselines.** The hand-written detectors (\`hand-written-*.ts\`) are what a user would write for that one pattern: a \`Map\` plus a FIFO timer ring (W1) or a per-user ring of comment times (W2). They produce the same matches and timeouts as the engine, checked on every run. The ceilings only read each event's fields (for W7: read the file, split lines, \`JSON.parse\`).`;
