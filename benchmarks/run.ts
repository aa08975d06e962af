// Runs the benchmark suite and writes benchmarks/RESULTS.md. `--quick` runs small sizes (< 1 min).
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { toMarkdown, type BenchResult } from './harness.js';
import { kleene, unpaidOrders } from './matcher-workloads.js';
import { engineUnpaidOrders } from './runtime-workloads.js';
import { checkpointCost, checkpointTable, type CheckpointResult } from './checkpoint-workloads.js';

const quick = process.argv.includes('--quick');
const scale = quick ? 0.1 : 1;

const results: BenchResult[] = [];
const run = (result: BenchResult): void => {
  results.push(result);
  console.log(`${result.name}: ${Math.round(result.eventsPerSecond).toLocaleString('en-US')} events/s, p99 ${result.p99Micros.toFixed(2)} µs — ${result.notes}`);
};

run(unpaidOrders(Math.round(1_000_000 * scale), 100_000));
run(kleene(Math.round(500_000 * scale), 20));
run(engineUnpaidOrders(Math.round(1_000_000 * scale), 100_000));

const checkpoints: CheckpointResult[] = [];
for (const size of quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000]) {
  const result = await checkpointCost(size);
  checkpoints.push(result);
  console.log(`checkpoint at ${size} partial matches: capture ${result.captureMs.toFixed(2)} ms, max pause ${result.maxPauseMs.toFixed(1)} ms, encode ${result.encodeMBps.toFixed(0)} MB/s`);
}

const machine = `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const command = `npm run bench${quick ? ' -- --quick' : ''}`;
const report = `# Benchmark results

- Date: ${new Date().toISOString().slice(0, 10)}
- Machine: ${machine}
- Command: \`${command}\`

${toMarkdown(results)}

## Checkpoints

Targets: the pause seen by event processing stays under 20 ms with 1M live partial matches;
encoding runs at 50 MB/s or more. "Max pause" is the longest gap between two turns of an event
loop that keeps pushing events while the checkpoint is converted and encoded.

${checkpointTable(checkpoints)}
`;
const target = fileURLToPath(new URL(quick ? '../../benchmarks/RESULTS-quick.md' : '../../benchmarks/RESULTS.md', import.meta.url));
writeFileSync(target, report);
console.log(`written ${target}`);
