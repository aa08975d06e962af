// Loaded with `node --import` into a process the benchmarks spawn (the `cepheus` CLI in W7), so
// that the parent can report what it cannot see from outside: the child's peak RSS and the time
// its garbage collector took. At exit it writes both as JSON to the file named by
// CEPHEUS_BENCH_STATS.
import { writeFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';

/** What a spawned process reports about itself. */
export interface ChildStats {
  readonly peakRssMb: number;
  readonly gcMillis: number;
}

const path = process.env['CEPHEUS_BENCH_STATS'];
if (path !== undefined && path !== '') {
  let gcMillis = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMillis += entry.duration;
  });
  observer.observe({ entryTypes: ['gc'] });
  process.on('exit', () => {
    // Entries not yet delivered to the observer are still in its buffer.
    for (const entry of observer.takeRecords()) gcMillis += entry.duration;
    const stats: ChildStats = { peakRssMb: process.resourceUsage().maxRSS / 1024, gcMillis };
    writeFileSync(path, JSON.stringify(stats));
  });
}
