// Every job the suite can run, by id. A job runs in its own process (run-job.ts) and returns
// plain data; the suite runner (run.ts) only orchestrates and writes the report.
import { checkpointCost, medianCheckpointRound } from './checkpoint-workloads.js';
import { heapBreakdown } from './heap-breakdown.js';
import { keyMapChoice } from './key-map-choice.js';
import type { JobContext, JobOutput } from './job-output.js';
import type { Probe } from './memory-probe.js';
import { scalingJobs, scalingPoint } from './scaling.js';
import { w1, w1Probe } from './w1-unpaid-orders.js';
import { w2, w2Probe } from './w2-spam-burst.js';
import { w3, w3Probe } from './w3-kleene.js';
import { w4, w4Probe } from './w4-rising-prices.js';
import { w5, w5Probe } from './w5-many-patterns.js';
import { w6 } from './w6-dsl-vs-fluent.js';
import { w7 } from './w7-end-to-end.js';

const WORKLOADS: Record<string, (ctx: JobContext) => JobOutput | Promise<JobOutput>> = {
  W1: w1,
  W2: w2,
  W3: w3,
  W4: w4,
  W5: w5,
  W6: w6,
  W7: w7,
  checkpoints: checkpoints,
  keymap: keyMapChoice,
};

/** The memory probe of each workload row that reports bytes per live partial match. */
export const PROBES: Record<string, (quick: boolean) => Probe<any>> = {
  W1: w1Probe,
  'W2-relaxed': w2Probe,
  'W3-relaxed': (quick) => w3Probe(quick, false),
  'W3-any': (quick) => w3Probe(quick, true),
  W4: w4Probe,
  W5: w5Probe,
};

/** The jobs of a whole suite run, in order. */
export function suiteJobs(quick: boolean): string[] {
  return ['W1', 'W2', 'W3', 'W4', 'W5', 'W6', 'W7', ...scalingJobs(quick), 'checkpoints', 'keymap'];
}

/** Runs one job by id: a workload, `scale-<curve>:<x>`, `heap:<row id>` or `checkpoints`. */
export async function runJob(id: string, ctx: JobContext): Promise<JobOutput> {
  const workload = WORKLOADS[id];
  if (workload !== undefined) return workload(ctx);
  const scale = /^scale-(\w+):(\d+)$/.exec(id);
  if (scale !== null) return scalingPoint(scale[1]!, Number(scale[2]), ctx);
  const heap = /^heap:(.+)$/.exec(id);
  if (heap !== null) {
    const probe = PROBES[heap[1]!];
    if (probe === undefined) throw new RangeError(`no memory probe for '${heap[1]}'; known: ${Object.keys(PROBES).join(', ')}`);
    // A heap snapshot of a large state is slow to write and parse; the small probe is enough.
    return { rows: [], checks: [], heap: heapBreakdown(probe(true)) };
  }
  throw new RangeError(`unknown job '${id}'; known: ${Object.keys(WORKLOADS).join(', ')}, scale-<keys|window|length>:<x>, heap:<row id>`);
}

async function checkpoints(ctx: JobContext): Promise<JobOutput> {
  const results = [];
  for (const size of ctx.quick ? [10_000] : [10_000, 100_000]) results.push(await checkpointCost(size));
  if (!ctx.quick) {
    // The size the targets are checked at runs three rounds (see medianCheckpointRound).
    const rounds = [];
    for (let round = 0; round < 3; round++) rounds.push(await checkpointCost(1_000_000));
    results.push(medianCheckpointRound(rounds));
  }
  return { rows: [], checks: [], checkpoints: results };
}
