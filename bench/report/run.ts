// bench/report: the HTML report of a generated check result with 10,000 findings — generation time and size in
// Node, then load and render time in Debian's Chromium (navigation start to the load event and to the first
// contentful paint), and the time one filter click takes. Median of the runs.
// Usage: npx tsx bench/report/run.ts [findings] [runs]   Goal: the page renders in under 2 s.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES } from '../../src/rules/registry.js';
import { renderReport } from '../../src/report/html/render-report.js';
import { CHROMIUM, hasChromium, launchChromium } from '../../test/report/chromium.js';
import { largeResult, toDoc } from '../../test/report/report-inputs.js';

const count = Number(process.argv[2] ?? 10_000);
const runs = Number(process.argv[3] ?? 3);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const ms = (n: number): string => `${n.toFixed(0)} ms`;

const doc = toDoc(largeResult(count));
const genTimes: number[] = [];
let html = '';
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  html = renderReport({ check: doc }, RULES);
  genTimes.push(performance.now() - t);
}
console.log(`findings: ${count} (${doc.findings.filter((f) => !f.suppressed).length} open)`);
console.log(`HTML generation (Node): ${ms(median(genTimes))} median of ${runs}; size ${(Buffer.byteLength(html) / 1024 / 1024).toFixed(2)} MiB`);

if (!hasChromium()) {
  console.log(`Chromium: skipped, no browser at ${CHROMIUM}`);
  process.exit(0);
}
const dir = mkdtempSync(path.join(os.tmpdir(), 'keelson-bench-report-'));
const file = path.join(dir, 'report.html');
writeFileSync(file, html);
const browser = await launchChromium();
const loads: number[] = [];
const paints: number[] = [];
const filters: number[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return { load: nav.loadEventEnd, fcp: fcp ? fcp.startTime : Number.NaN };
    });
    loads.push(timing.load);
    paints.push(timing.fcp);
    // One click on a severity filter, measured inside the page up to the next frame after the DOM change.
    filters.push(
      await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const box = document.querySelector<HTMLInputElement>('input[data-filter="sev"][value="high"]');
            const t = performance.now();
            box?.click();
            requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t), 0));
          }),
      ),
    );
    await context.close();
  }
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`Chromium load event: ${ms(median(loads))} median (${loads.map(ms).join(', ')}); first contentful paint ${ms(median(paints))}`);
console.log(`filter click to next frame: ${ms(median(filters))} median`);
console.log(`goal: render in under 2 s — ${median(loads) < 2000 ? 'met' : 'NOT met'}`);
