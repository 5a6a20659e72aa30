// Fallback peak-RSS probe for bench/run.mjs, used only where GNU time is absent:
// loaded into the measured node process with `node --import`, it writes that
// process's own getrusage(RUSAGE_SELF).ru_maxrss (KB) to $BENCH_RSS_FILE when it exits.
// It misses processes killed by a signal; GNU time (wait4 rusage) does not.
import { writeFileSync } from 'node:fs';

const out = process.env.BENCH_RSS_FILE;
if (out) process.on('exit', () => writeFileSync(out, `${process.resourceUsage().maxRSS}\n`));
