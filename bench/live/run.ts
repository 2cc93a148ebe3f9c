// bench/live: a generated cluster of 5,000 nodes and 150,000 pods served from loopback, read by keelson's live
// gatherer (the real @kubernetes/client-node). Prints wall time, peak memory and the number of API requests.
// Usage: npx tsx bench/live/run.ts [nodes] [pods]   Goal: under 60 s, under 1.5 GB, requests ~ kinds x pages.
import { spawn } from 'node:child_process';
import { KubeConfig } from '@kubernetes/client-node';
import { gatherKubernetes } from '../../src/sources/live/kube-gather.js';
import { LIVE_KINDS } from '../../src/sources/live/kinds.js';

const nodes = Number(process.argv[2] ?? 5000);
const pods = Number(process.argv[3] ?? 150000);
const server = spawn(process.execPath, ['--import', 'tsx', new URL('./server.ts', import.meta.url).pathname, String(nodes), String(pods)], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise<string>((resolve, reject) => {
  server.stdout.once('data', (b: Buffer) => resolve(b.toString().trim()));
  server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
});
try {
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: [{ name: 'bench', server: url, skipTLSVerify: true }], users: [{ name: 'u', token: 't' }], contexts: [{ name: 'bench', cluster: 'bench', user: 'u' }], currentContext: 'bench' });
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = performance.now();
  const snap = await gatherKubernetes(kc, { pageSize: 500 });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  const pages = Math.ceil(pods / 500) + Math.ceil(nodes / 500) + LIVE_KINDS.length;
  console.log(`bench/live — ${nodes} nodes, ${pods} pods, node ${process.version}`);
  console.log(`objects read      ${snap.objects.length}`);
  console.log(`wall time         ${seconds.toFixed(1)} s   (goal < 60 s)`);
  console.log(`peak memory       ${(peak / 1024 / 1024).toFixed(0)} MiB (goal < 1536 MiB; the API server runs in its own process)`);
  console.log(`API requests      ${snap.requests} (kinds x pages is about ${pages}; no per-object GETs)`);
  console.log(`gaps              ${snap.gaps.length}`);
} finally {
  server.kill();
}
