// bench/check: 100,000 Kubernetes objects (Deployments, Services, ConfigMaps, PDBs, HPAs in realistic shapes) in
// multi-document YAML, checked end to end by keelson, next to js-yaml's parse-only time of the same input.
// Usage: npx tsx bench/check/run.ts [objects]   Goal: >= 10,000 objects/s, < 2x js-yaml, < 1 GB peak.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadAll } from 'js-yaml';
import { runCheck } from '../../src/cli/commands/check.js';

const total = Number(process.argv[2] ?? 100000);
const kinds = ['Deployment', 'Service', 'ConfigMap', 'PodDisruptionBudget', 'HorizontalPodAutoscaler'];
const docs: string[] = [];
for (let i = 0; i < total; i++) {
  const ns = `team-${i % 200}`;
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
          image: ${i % 97 === 0 ? 'nginx:latest' : `123456789012.dkr.ecr.us-east-1.amazonaws.com/${app}:1.${i % 9}.0`}
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
const dir = mkdtempSync(path.join(os.tmpdir(), 'keelson-bench-check-'));
const file = path.join(dir, 'objects.yaml');
writeFileSync(file, text);

const t0 = performance.now();
loadAll(text);
const jsYamlSeconds = (performance.now() - t0) / 1000;

let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
let out = '';
const t1 = performance.now();
await runCheck([file], { format: 'json', failOn: 'critical' }, { out: (s) => (out += s), err: () => {} });
const keelsonSeconds = (performance.now() - t1) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
const result = JSON.parse(out) as { findings: { ruleId: string; location?: { line?: number } }[] };
const latest = result.findings.filter((f) => f.ruleId.startsWith('SEC-IMAGE-TAG'));
const lines = text.split('\n');
const exact = latest.every((f) => lines[(f.location?.line ?? 0) - 1]?.includes('nginx:latest'));

console.log(`bench/check — ${total} objects, ${(text.length / 1024 / 1024).toFixed(1)} MiB of YAML, node ${process.version}`);
console.log(`keelson check (end to end)  ${keelsonSeconds.toFixed(2)} s  ${(total / keelsonSeconds).toFixed(0)} objects/s  (goal >= 10,000/s)`);
console.log(`js-yaml loadAll (parse only) ${jsYamlSeconds.toFixed(2)} s  ${(total / jsYamlSeconds).toFixed(0)} objects/s`);
console.log(`ratio keelson / js-yaml       ${(keelsonSeconds / jsYamlSeconds).toFixed(2)}  (goal < 2)`);
console.log(`peak memory                   ${(peak / 1024 / 1024).toFixed(0)} MiB  (goal < 1024)`);
console.log(`findings                      ${result.findings.length}; ${latest.length} SEC-IMAGE-TAG findings, every one at its exact line: ${exact}`);
rmSync(dir, { recursive: true, force: true });
