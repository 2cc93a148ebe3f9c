// Generates docs/report-example.png, the README's picture of `keelson report`: checks the embedded example's synth
// output (cdk.out and manifests, from `npm run example`; synthesized here when missing), plans its capacity, renders
// the page and photographs its top in Debian's Chromium.
// Usage: npx tsx scripts/gen-report-screenshot.ts [out.png]
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { main } from '../src/cli/main.js';
import { CHROMIUM, hasChromium, launchChromium } from '../test/report/chromium.js';

const root = path.resolve(import.meta.dirname, '..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'docs/report-example.png'));
const config = path.join(root, 'examples/production/keelson.config.ts');
const cdkOut = path.join(root, 'cdk.out');
const manifests = path.join(root, 'manifests');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'keelson-report-shot-'));

async function keelson(...args: string[]): Promise<{ code: number; out: string }> {
  let text = '';
  const code = await main(['node', 'keelson', ...args], { out: (t) => (text += t), err: (t) => process.stderr.write(t) });
  return { code, out: text };
}

try {
  if (!hasChromium()) throw new Error(`no browser at ${CHROMIUM}: apt-get install chromium, or set KEELSON_CHROMIUM`);
  if (!existsSync(path.join(cdkOut, 'manifest.json')) || !existsSync(manifests)) {
    const synth = await keelson('synth', '--config', config, '--out', cdkOut, '--manifests', manifests, '--no-validation');
    if (synth.code !== 0) throw new Error('keelson synth of the example failed');
  }
  // Relative paths, as a user would type them, so the page shows cdk.out/... rather than this machine's paths.
  process.chdir(root);
  const check = await keelson('check', 'cdk.out', 'manifests', '--format', 'json', '-o', path.join(tmp, 'result.json'));
  if (check.code === 2) throw new Error('keelson check of the example failed');
  const capacity = await keelson('plan', 'capacity', '--config', 'examples/production/keelson.config.ts', 'manifests', '--format', 'json');
  writeFileSync(path.join(tmp, 'capacity.json'), capacity.out);
  const ips = await keelson('plan', 'ips', '--config', 'examples/production/keelson.config.ts', '--format', 'json');
  writeFileSync(path.join(tmp, 'ips.json'), ips.out);
  const page = path.join(tmp, 'report.html');
  if ((await keelson('report', path.join(tmp, 'result.json'), path.join(tmp, 'capacity.json'), path.join(tmp, 'ips.json'), '-o', page)).code !== 0) throw new Error('keelson report failed');

  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1200, height: 1500 }, colorScheme: 'light' });
    const tab = await context.newPage();
    await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
    // The top of the page: verdict, tiles, what to fix first and the checklist — what a newcomer reads first.
    await tab.screenshot({ path: out, fullPage: false });
  } finally {
    await browser.close();
  }
  console.log(`wrote ${path.relative(root, out)} (${Math.round(statSync(out).size / 1024)} KB)`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
