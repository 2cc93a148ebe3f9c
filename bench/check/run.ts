// bench/check: 100,000 Kubernetes objects (Deployments, Services, ConfigMaps, PDBs, HPAs in realistic shapes) in
// multi-document YAML, checked end to end by keelson's built code, next to js-yaml's parse-only time of the same input;
// then the start-up time of `keelson check` on one small file (bin/keelson.js).
// Usage: npm run bench:check (builds first), or after `npm run build`: npx tsx bench/check/run.ts [objects] [startup runs] [rounds]
// Goals: >= 10,000 objects/s, < 2x js-yaml, < 1 GB peak, every finding at its exact line; start-up < 500 ms.
// Exits 1 when a finding is misplaced, the input was not read, or a goal is missed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadAll } from 'js-yaml';
import type { runCheck as RunCheck } from '../../src/cli/commands/check.js';
import { readText } from '../../src/sources/yaml.js';

const total = Number(process.argv[2] ?? 100000);
const startupRuns = Number(process.argv[3] ?? 15);
const rounds = Math.max(1, Number(process.argv[4] ?? 5));
let latestImages = 0;
const kinds = ['Deployment', 'Service', 'ConfigMap', 'PodDisruptionBudget', 'HorizontalPodAutoscaler'];
const docs: string[] = [];
for (let i = 0; i < total; i++) {
  // A Deployment and its Service, ConfigMap, PDB and HPA share a namespace, as they do in a real repository.
  const ns = `team-${Math.floor(i / kinds.length) % 200}`;
  const app = `svc-${Math.floor(i / kinds.length)}`;
  switch (kinds[i % kinds.length]) {
    case 'Deployment':
      docs.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
  namespace: ${ns}
  labels: {app: ${app}, team: ${ns}, environment: production}
spec:
  replicas: ${2 + (i % 3)}
  selector:
    matchLabels: {app: ${app}}
  template:
    metadata:
      labels: {app: ${app}, team: ${ns}, environment: production}
    spec:
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: app
          image: ${i % 97 === 0 && ++latestImages ? 'nginx:latest' : `123456789012.dkr.ecr.us-east-1.amazonaws.com/${app}:1.${i % 9}.0`}
          ports: [{containerPort: 8080}]
          resources:
            requests: {cpu: 250m, memory: 256Mi}
            limits: {memory: 512Mi}
          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
`);
      break;
    case 'Service':
      docs.push(`apiVersion: v1
kind: Service
metadata: {name: ${app}, namespace: ${ns}}
spec:
  selector: {app: ${app}}
  ports: [{port: 80, targetPort: 8080}]
`);
      break;
    case 'ConfigMap':
      docs.push(`apiVersion: v1
kind: ConfigMap
metadata: {name: ${app}-config, namespace: ${ns}}
data:
  LOG_LEVEL: info
  FEATURE_FLAGS: "a,b,c"
`);
      break;
    case 'PodDisruptionBudget':
      docs.push(`apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: ${app}, namespace: ${ns}}
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: ${app}}
`);
      break;
    default:
      docs.push(`apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: ${app}, namespace: ${ns}}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${app}}
  minReplicas: 2
  maxReplicas: 10
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}}]
`);
  }
}
const text = docs.join('---\n');
// The built code (`npm run build`), as users run it: tsx's transform keeps function names with a call per closure,
// which is not what ships.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const builtCheck = path.join(root, 'dist/cli/commands/check.js');
if (!existsSync(builtCheck)) {
  console.error('bench/check: dist/ is missing — run `npm run build` first');
  process.exit(2);
}
if (statSync(builtCheck).mtimeMs < statSync(path.join(root, 'src/cli/commands/check.ts')).mtimeMs) console.log('dist/ is older than src/ — run `npm run build` for current figures');
const { runCheck } = (await import(pathToFileURL(builtCheck).href)) as { runCheck: typeof RunCheck };
const dir = mkdtempSync(path.join(os.tmpdir(), 'keelson-bench-check-'));
const file = path.join(dir, 'objects.yaml');
writeFileSync(file, text);

const parseOnly = (): number => {
  const t = performance.now();
  loadAll(text);
  return (performance.now() - t) / 1000;
};
const checkOnce = async (): Promise<{ seconds: number; out: string }> => {
  let out = '';
  const t = performance.now();
  await runCheck([file], { format: 'json', failOn: 'critical' }, { out: (s) => (out += s), err: () => {} });
  return { seconds: (performance.now() - t) / 1000, out };
};
// Each side runs `rounds` times, alternately, and the fastest run of each counts: a slow neighbour on a shared machine
// should flatter neither. Peak memory is that of keelson's first run; every run must write the same report.
const jsYamlTimes = [parseOnly()];
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const first = await checkOnce();
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
const keelsonTimes = [first.seconds];
let sameReport = true;
for (let r = 1; r < rounds; r++) {
  jsYamlTimes.push(parseOnly());
  const again = await checkOnce();
  keelsonTimes.push(again.seconds);
  sameReport &&= again.out === first.out;
}
const out = first.out;
const keelsonSeconds = Math.min(...keelsonTimes);
const jsYamlSeconds = Math.min(...jsYamlTimes);

interface Finding {
  ruleId: string;
  location: { file?: string; line?: number; column?: number; path?: string };
  document?: { index: number };
}
const result = JSON.parse(out) as { findings: Finding[]; notices: { message: string }[]; summary: { objects: number } };
const failures: string[] = [];
if (!sameReport) failures.push('the two keelson runs wrote different reports');
if (result.summary.objects !== total) failures.push(`read ${result.summary.objects} of ${total} objects (${result.notices.map((n) => n.message).join('; ') || 'no notice'})`);

// 1. Every `:latest` image is found, each on the line that holds it.
const lines = text.split('\n');
const latest = result.findings.filter((f) => f.ruleId === 'SEC-IMAGE-TAG');
const misplacedLatest = latest.filter((f) => !lines[(f.location.line ?? 0) - 1]?.includes('image: nginx:latest'));
if (latest.length !== latestImages) failures.push(`${latest.length} SEC-IMAGE-TAG findings for ${latestImages} :latest images`);
if (misplacedLatest.length > 0) failures.push(`${misplacedLatest.length} SEC-IMAGE-TAG findings not on their image line`);

// 2. A sample of all findings, each against the yaml library's positioned parse of its document.
const startLine: number[] = [];
for (let i = 0, line = 1; i < docs.length; i++) {
  startLine.push(line);
  line += docs[i]!.split('\n').length; // the document's lines, and the `---` line after it
}
/** Where the positioned parse (the `yaml` library, keelson's fallback reader) puts `docPath` in one document. */
function positioned(doc: string, docPath: string): { line: number; column: number } {
  const keys = [...docPath.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
  const { line, column } = readText(doc, 'doc.yaml', false).documents[0]!.origin.locate(keys);
  return { line: line!, column: column! };
}
const located = result.findings.filter((f) => f.document && f.location.line !== undefined);
const step = Math.max(1, Math.floor(located.length / 500));
let sampled = 0;
for (let i = 0; i < located.length; i += step) {
  const f = located[i]!;
  const index = f.document!.index;
  const want = positioned(docs[index]!, f.location.path ?? '');
  const got = { line: f.location.line! - startLine[index]! + 1, column: f.location.column };
  sampled++;
  if (got.line !== want.line || got.column !== want.column) failures.push(`${f.ruleId} at ${f.location.line}:${f.location.column} (${f.location.path}); the positioned parse says line ${startLine[index]! + want.line - 1}:${want.column}`);
}

console.log(`bench/check — ${total} objects, ${(text.length / 1024 / 1024).toFixed(1)} MiB of YAML, node ${process.version}`);
console.log(`keelson check (end to end)    ${keelsonSeconds.toFixed(2)} s  ${(total / keelsonSeconds).toFixed(0)} objects/s  (goal >= 10,000/s; fastest of ${keelsonTimes.map((t) => t.toFixed(2)).join(', ')} s)`);
console.log(`js-yaml loadAll (parse only)  ${jsYamlSeconds.toFixed(2)} s  ${(total / jsYamlSeconds).toFixed(0)} objects/s  (fastest of ${jsYamlTimes.map((t) => t.toFixed(2)).join(', ')} s)`);
console.log(`ratio keelson / js-yaml       ${(keelsonSeconds / jsYamlSeconds).toFixed(2)}  (goal < 2)`);
console.log(`peak memory                   ${(peak / 1024 / 1024).toFixed(0)} MiB  (goal < 1024)`);
console.log(`findings                      ${result.findings.length}; ${latest.length} SEC-IMAGE-TAG (${latestImages} :latest images), each on its image line: ${misplacedLatest.length === 0}; ${sampled} sampled findings against the positioned parse: ${failures.length === 0 ? 'all at the same line and column' : 'MISPLACED'}`);
rmSync(dir, { recursive: true, force: true });

// Start-up: the built CLI on one small manifest, spawned repeatedly; the median, next to a bare `node`.
const cli = path.join(root, 'bin/keelson.js');
const built = path.join(root, 'dist/cli/main.js');
let startupMs: number | undefined;
if (startupRuns > 0 && existsSync(built)) {
  if (statSync(built).mtimeMs < statSync(path.join(root, 'src/sources/yaml.ts')).mtimeMs) console.log('start-up: dist/ is older than src/ — run `npm run build` for a current figure');
  const small = path.join(mkdtempSync(path.join(os.tmpdir(), 'keelson-bench-small-')), 'deployment.yaml');
  writeFileSync(small, docs[0]!);
  const median = (argv: string[]): number => {
    const times: number[] = [];
    for (let i = 0; i < startupRuns; i++) {
      const t = performance.now();
      try {
        execFileSync(process.execPath, argv, { stdio: 'ignore' });
      } catch {
        // exit 1 = findings: expected
      }
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]!;
  };
  const bare = median(['-e', '0']);
  startupMs = median([cli, 'check', small]);
  // Which heavy packages that path loads (yaml and aws-cdk-lib are CommonJS, so they show in the require cache).
  const probe = `import { main } from ${JSON.stringify(built)}; import { createRequire } from 'node:module';
await main(['node', 'keelson', 'check', ${JSON.stringify(small)}], { out() {}, err() {} });
const cache = Object.keys(createRequire(import.meta.url).cache);
console.log(JSON.stringify(['yaml', 'aws-cdk-lib'].filter((p) => cache.some((k) => k.includes(\`/node_modules/\${p}/\`)))));`;
  const loaded = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' })) as string[];
  // zod (the keelson definition parser) is ESM: Node's loader names the modules it loads when NODE_DEBUG=esm.
  const esm = spawnSync(process.execPath, [cli, 'check', small], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NODE_DEBUG: 'esm' } }).stderr;
  if (/file:\/\/\S*?\/node_modules\/zod\//.test(esm)) loaded.push('zod');
  console.log(`start-up (check, one small file) ${startupMs.toFixed(0)} ms median of ${startupRuns}  (goal < 500; bare node ${bare.toFixed(0)} ms); yaml / aws-cdk-lib / zod loaded: ${loaded.join(', ') || 'none'}`);
  rmSync(path.dirname(small), { recursive: true, force: true });
} else if (startupRuns > 0) {
  console.log('start-up: not measured, dist/ is missing (run `npm run build`)');
}

const missed = [
  ...failures,
  ...(total / keelsonSeconds < 10000 ? ['throughput under 10,000 objects/s'] : []),
  ...(keelsonSeconds / jsYamlSeconds >= 2 ? ['2x js-yaml or more'] : []),
  ...(peak >= 1024 * 1024 * 1024 ? ['peak memory 1 GB or more'] : []),
  ...(startupMs !== undefined && startupMs >= 500 ? ['start-up 500 ms or more'] : []),
];
for (const m of missed.slice(0, 20)) console.log(`MISSED: ${m}`);
process.exitCode = missed.length > 0 ? 1 : 0;
