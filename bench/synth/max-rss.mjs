// Preloaded into each benchmarked process: reports its peak resident memory on exit.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\n@@bench ${JSON.stringify({ maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
});
