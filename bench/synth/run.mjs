// bench/synth: wall time and peak memory of `keelson synth` of the full example next to an equivalent
// eks-blueprints cluster (one managed node group, 7 add-ons), in one run, with their ratio.
// Usage: npm run build && node bench/synth/run.mjs [runs]   (installs bench/synth/blueprints on first use)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const runs = Number(process.argv[2] ?? 3);
const blueprints = path.join(here, 'blueprints');

if (!existsSync(path.join(root, 'dist/cli/main.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
if (!existsSync(path.join(blueprints, 'node_modules'))) {
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--silent'], { cwd: blueprints, stdio: 'inherit' });
}

function countResources(dir) {
  let n = 0;
  for (const f of readdirSync(dir)) if (f.endsWith('.template.json')) n += Object.keys(JSON.parse(readFileSync(path.join(dir, f), 'utf8')).Resources ?? {}).length;
  return n;
}

function measure(label, args, env = {}) {
  const samples = [];
  let resources = 0;
  for (let i = 0; i < runs; i++) {
    const out = mkdtempSync(path.join(os.tmpdir(), 'keelson-bench-'));
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--import', path.join(here, 'max-rss.mjs'), ...args(out)], {
      cwd: root,
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (r.status !== 0) throw new Error(`${label} failed:\n${r.stderr}`);
    const rss = JSON.parse(/@@bench (.*)/.exec(r.stderr)[1]).maxRssMiB;
    resources = countResources(out);
    rmSync(out, { recursive: true, force: true });
    samples.push({ ms, rss });
  }
  samples.sort((a, b) => a.ms - b.ms);
  const median = samples[Math.floor(samples.length / 2)];
  return { label, ms: median.ms, rss: Math.max(...samples.map((s) => s.rss)), resources };
}

const example = 'examples/production/keelson.config.ts';
const keelsonArgs = (extra) => (out) => ['bin/keelson.js', 'synth', '--config', example, '--out', out, ...extra];
const results = [
  measure('keelson synth --no-validation', keelsonArgs(['--no-validation'])),
  measure('keelson synth (validation on)', keelsonArgs([])),
  measure('eks-blueprints (CDK_VALIDATION=false)', (out) => [path.join(blueprints, 'app.mjs'), out], { CDK_VALIDATION: 'false' }),
];

console.log(`bench/synth — median of ${runs} runs, ${os.cpus().length} cores, node ${process.version}`);
console.log('case'.padEnd(42), 'wall s'.padStart(8), 'peak MiB'.padStart(9), 'resources'.padStart(10));
for (const r of results) console.log(r.label.padEnd(42), (r.ms / 1000).toFixed(2).padStart(8), r.rss.toFixed(0).padStart(9), String(r.resources).padStart(10));
const [fast, full, bp] = results;
console.log(`ratio keelson --no-validation / blueprints = ${(fast.ms / bp.ms).toFixed(2)}  (goal <= 1.00)`);
console.log(`ratio keelson with validation / blueprints = ${(full.ms / bp.ms).toFixed(2)}`);
console.log(`resources keelson / blueprints = ${(fast.resources / bp.resources).toFixed(2)}`);
const v = spawnSync(process.execPath, ['bin/keelson.js', '--version'], { cwd: root });
const t0 = process.hrtime.bigint();
spawnSync(process.execPath, ['bin/keelson.js', '--version'], { cwd: root });
console.log(`keelson --version: ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0)} ms (goal < 300 ms)${v.status === 0 ? '' : ' FAILED'}`);
