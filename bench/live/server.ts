// The loopback API server of bench/live: a generated cluster of NODES nodes and PODS pods (argv), served with
// the same fake the tests use. Prints its URL on stdout, then serves until killed.
import { startFakeKube } from '../../test/support/fake-kube-api.js';

const nodes = Number(process.argv[2] ?? 5000);
const pods = Number(process.argv[3] ?? 150000);
const namespaces = 300;
const objects: Record<string, unknown>[] = [];
for (let n = 0; n < namespaces; n++) objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `team-${n}`, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } });
for (let i = 0; i < nodes; i++) {
  objects.push({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: `ip-10-0-${i >> 8}-${i & 255}.ec2.internal`, labels: { 'kubernetes.io/arch': i % 2 ? 'arm64' : 'amd64', 'karpenter.sh/capacity-type': i % 3 ? 'spot' : 'on-demand', 'topology.kubernetes.io/zone': `us-east-1${'abc'[i % 3]}` } },
    status: { allocatable: { cpu: '7910m', memory: '29Gi', pods: '110' }, capacity: { cpu: '8', memory: '32Gi', pods: '110' }, nodeInfo: { kubeletVersion: 'v1.36.1-eks' } },
  });
}
for (let i = 0; i < pods; i++) {
  const ns = `team-${i % namespaces}`;
  const app = `svc-${i % 2000}`;
  objects.push({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${app}-${i}`, namespace: ns, labels: { app, team: ns, environment: 'production' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${app}-rs`, uid: `u${i}`, controller: true }], managedFields: [{ manager: 'kube-controller-manager', operation: 'Update', time: '2026-11-01T00:00:00Z' }] },
    spec: {
      nodeName: `ip-10-0-${(i % nodes) >> 8}-${i % nodes & 255}.ec2.internal`,
      serviceAccountName: 'default',
      containers: [{ name: 'app', image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/${app}:1.${i % 9}.0`, resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } }, securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
    },
    status: { phase: 'Running', podIP: `10.1.${(i >> 8) & 255}.${i & 255}`, conditions: [{ type: 'Ready', status: 'True' }] },
  });
}
const api = await startFakeKube({ objects });
process.stdout.write(`${api.url}\n`);
