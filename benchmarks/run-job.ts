// Runs one benchmark job in this process and writes its output as JSON:
//   node --expose-gc .build/benchmarks/run-job.js <job> [--quick] [--engine-only] [--out file.json]
// The suite runner starts one such process per job; run it by hand to profile a single workload:
//   node --expose-gc --cpu-prof .build/benchmarks/run-job.js W1 --engine-only
import { writeFileSync } from 'node:fs';
import { formatCount } from './harness.js';
import { runJob } from './jobs.js';

const args = process.argv.slice(2);
const id = args.find((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--out');
if (id === undefined) {
  console.error('usage: run-job.js <job> [--quick] [--engine-only] [--out file.json]');
  process.exit(2);
}
const outIndex = args.indexOf('--out');
const output = await runJob(id, { quick: args.includes('--quick'), engineOnly: args.includes('--engine-only') });

for (const row of output.rows) {
  console.log(`  ${row.id ?? row.name}: ${formatCount(row.eventsPerSecond)} events/s, p99 ${row.p99Micros.toFixed(1)} µs, GC ${row.gcMillis.toFixed(0)} ms — ${row.notes}`);
}
for (const point of output.points ?? []) {
  console.log(`  ${point.curve} ${point.label}: ${formatCount(point.eventsPerSecond)} events/s, state ${point.stateMb.toFixed(1)} MB, ${formatCount(point.livePartialMatches)} live partial matches`);
}
for (const check of output.checks) console.log(`  ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`);
if (output.skipped !== undefined) console.log(`  skipped: ${output.skipped}`);
if (outIndex !== -1) writeFileSync(args[outIndex + 1]!, JSON.stringify(output));
