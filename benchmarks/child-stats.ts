// Loaded with `node --import` into a process the benchmarks spawn (the `cepheus` CLI in W7), so
// that the parent can report what it cannot see from outside: the child's peak RSS and the time
// its garbage collector took, measured as the harness measures its own (V8's GCProfiler). At exit
// it writes both as JSON to the file named by CEPHEUS_BENCH_STATS.
import { writeFileSync } from 'node:fs';
import { GCProfiler } from 'node:v8';
import { gcMillisOf } from './harness.js';

/** What a spawned process reports about itself. */
export interface ChildStats {
  readonly peakRssMb: number;
  readonly gcMillis: number;
}

const path = process.env['CEPHEUS_BENCH_STATS'];
if (path !== undefined && path !== '') {
  const profiler = new GCProfiler();
  profiler.start();
  process.on('exit', () => {
    const stats: ChildStats = { peakRssMb: process.resourceUsage().maxRSS / 1024, gcMillis: gcMillisOf(profiler.stop()) };
    writeFileSync(path, JSON.stringify(stats));
  });
}
