// W6 DSL vs fluent API: the same pattern built both ways. The workload itself lives in
// dsl-workloads.ts (written with the DSL); it is loaded by path at run time so that the suite
// builds and runs whether or not that file exists yet.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './harness.js';
import type { JobContext, JobOutput } from './job-output.js';

interface DslWorkloads {
  dslVsFluent(events: number): BenchResult[] | Promise<BenchResult[]>;
}

/** Runs `dslVsFluent` from benchmarks/dsl-workloads.ts when that file exists. */
export async function w6(ctx: JobContext): Promise<JobOutput> {
  // The compiled suite runs from .build/benchmarks/; check for the source too, so a stale build
  // of a deleted file is not picked up.
  const compiled = new URL('./dsl-workloads.js', import.meta.url);
  const source = new URL('../../benchmarks/dsl-workloads.ts', import.meta.url);
  if (!existsSync(fileURLToPath(source)) || !existsSync(fileURLToPath(compiled))) {
    return { rows: [], checks: [], skipped: 'benchmarks/dsl-workloads.ts is not there yet' };
  }
  const loaded = (await import(compiled.href)) as Partial<DslWorkloads>;
  if (typeof loaded.dslVsFluent !== 'function') {
    return { rows: [], checks: [], skipped: 'benchmarks/dsl-workloads.ts does not export dslVsFluent(events)' };
  }
  const rows = await loaded.dslVsFluent(ctx.quick ? 30_000 : 1_000_000);
  return { rows: rows.map((row, i) => (row.id === undefined ? { ...row, id: `W6/${i + 1}` } : row)), checks: [] };
}
