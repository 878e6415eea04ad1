// Preloaded into warren's process (node --import) by the benchmark: on exit, writes the process's
// peak resident set size (getrusage ru_maxrss, KiB) to the file named by WARREN_BENCH_RSS_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.WARREN_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
