// Preloaded into warren's process (node --import) by the benchmark: on exit, writes the process's
// peak resident set size (getrusage ru_maxrss, KiB) and CPU time (user + system, µs) as JSON to the
// file named by WARREN_BENCH_RSS_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.WARREN_BENCH_RSS_FILE;
if (file)
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRSS: usage.maxRSS, cpuMicros: usage.userCPUTime + usage.systemCPUTime }));
  });
