import { describe, expect, it } from 'vitest';
import { inventoryFromText } from '../internal/inventory-from-text.js';
import { nodePoolsFrom, workloadsFrom } from './from-inventory.js';

const ZONES = ['z-a', 'z-b', 'z-c'];

const deployment = (spec: string, replicas = 2) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
${spec}
`;

describe('workloadsFrom', () => {
  it('sums container requests, takes the larger init container, and counts sidecars', () => {
    // GIVEN two containers, a plain init container larger than both, and a sidecar init container
    const inv = inventoryFromText({
      'd.yaml': deployment(`      initContainers:
        - { name: migrate, image: x, resources: { requests: { cpu: "3", memory: 100Mi } } }
        - { name: proxy, image: x, restartPolicy: Always, resources: { requests: { cpu: 100m, memory: 64Mi } } }
      containers:
        - { name: a, image: x, resources: { requests: { cpu: 500m, memory: 256Mi } } }
        - { name: b, image: x, resources: { limits: { cpu: "1", memory: 1Gi } } }`),
    });
    const v = workloadsFrom(inv, ZONES);
    // THEN cpu = max(3000, 500 + 1000 + 100), memory = 256 + 1024 + 64 (limits stand in for missing requests)
    expect(v.pods).toHaveLength(2);
    expect(v.pods[0]).toMatchObject({ cpuMillis: 3000, memoryMiB: 1344, workload: 'Deployment shop/web' });
  });

  it('folds nodeSelector into each required affinity term and reads tolerations', () => {
    // GIVEN a nodeSelector, two affinity terms and a toleration
    const inv = inventoryFromText({
      'd.yaml': deployment(`      nodeSelector: { kubernetes.io/arch: arm64 }
      tolerations: [{ key: dedicated, operator: Exists, effect: NoSchedule }]
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
              - matchExpressions: [{ key: karpenter.sh/capacity-type, operator: In, values: [spot] }]
              - matchExpressions: [{ key: karpenter.k8s.aws/instance-generation, operator: Gt, values: ["6"] }]
      containers: [{ name: a, image: x }]`),
    });
    const p = workloadsFrom(inv, ZONES).pods[0];
    expect(p?.terms).toHaveLength(2);
    expect(p?.terms.every((t) => t.some((r) => r.key === 'kubernetes.io/arch' && r.values[0] === 'arm64'))).toBe(true);
    expect(p?.tolerations).toEqual([{ key: 'dedicated', operator: 'Exists', value: undefined, effect: 'NoSchedule' }]);
  });

  it('reads required pod anti-affinity and affinity with the pod labels, and notes what it cannot model', () => {
    // GIVEN anti-affinity per node on its own app, affinity per zone to a cache in another namespace, a custom
    // topology key and a preferred term
    const inv = inventoryFromText({
      'd.yaml': deployment(`      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - { topologyKey: kubernetes.io/hostname, labelSelector: { matchLabels: { app: web } } }
            - { topologyKey: example.com/rack, labelSelector: { matchLabels: { app: web } } }
          preferredDuringSchedulingIgnoredDuringExecution:
            - { weight: 10, podAffinityTerm: { topologyKey: topology.kubernetes.io/zone, labelSelector: { matchLabels: { app: web } } } }
        podAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - { topologyKey: topology.kubernetes.io/zone, namespaces: [data], labelSelector: { matchExpressions: [{ key: app, operator: In, values: [cache] }] } }
      containers: [{ name: a, image: x, resources: { requests: { cpu: 100m } } }]`),
    });
    const v = workloadsFrom(inv, ZONES);
    const p = v.pods[0];
    // THEN the labels, namespace, one anti term per node, one affinity term per zone in namespace data
    expect(p).toMatchObject({ namespace: 'shop', labels: { app: 'web' } });
    expect(p?.podAntiAffinity).toEqual([{ topologyKey: 'kubernetes.io/hostname', selector: { matchLabels: { app: 'web' }, matchExpressions: [] }, namespaces: ['shop'] }]);
    expect(p?.podAffinity).toEqual([{ topologyKey: 'topology.kubernetes.io/zone', selector: { matchLabels: {}, matchExpressions: [{ key: 'app', operator: 'In', values: ['cache'] }] }, namespaces: ['data'] }]);
    expect(v.notes).toContain('Deployment shop/web: required podAntiAffinity on example.com/rack is not modelled (only kubernetes.io/hostname and the zone are)');
  });

  it('gives zone-spread replicas the zones in turn and takes HPA bounds on request', () => {
    // GIVEN 5 replicas spread over zones and an HPA 3..9
    const inv = inventoryFromText({
      'd.yaml': deployment(`      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule }]
      containers: [{ name: a, image: x, resources: { requests: { cpu: 100m } } }]`, 5),
      'h.yaml': 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: web, namespace: shop }\nspec: { scaleTargetRef: { kind: Deployment, name: web }, minReplicas: 3, maxReplicas: 9 }\n',
    });
    const zonesOf = (choice: 'current' | 'min' | 'max') => workloadsFrom(inv, ZONES, choice).pods.map((p) => p.terms[0]?.find((r) => r.key === 'topology.kubernetes.io/zone')?.values[0]);
    expect(zonesOf('current')).toEqual(['z-a', 'z-b', 'z-c', 'z-a', 'z-b']);
    expect(zonesOf('min')).toHaveLength(3);
    expect(zonesOf('max')).toHaveLength(9);
  });

  it('keeps DaemonSets apart and notes workloads without requests', () => {
    // GIVEN a DaemonSet and a Deployment without requests THEN one DaemonSet shape and a note
    const inv = inventoryFromText({
      'ds.yaml': 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: { name: agent, namespace: kube-system }\nspec:\n  selector: { matchLabels: { a: b } }\n  template:\n    metadata: { labels: { a: b } }\n    spec:\n      containers: [{ name: c, image: x, resources: { requests: { cpu: 50m, memory: 64Mi } } }]\n',
      'd.yaml': deployment('      containers: [{ name: a, image: x }]'),
    });
    const v = workloadsFrom(inv, ZONES);
    expect(v.daemonSets.map((d) => [d.workload, d.cpuMillis, d.memoryMiB])).toEqual([['DaemonSet kube-system/agent', 50, 64]]);
    expect(v.notes.some((n) => n.startsWith('Deployment shop/web: no CPU or memory requests'))).toBe(true);
  });
});

describe('nodePoolsFrom', () => {
  it('reads requirements, taints, labels, limits and weight of a karpenter.sh/v1 NodePool', () => {
    // GIVEN the guide's NodePool shape WHEN read THEN every field the simulation uses
    const inv = inventoryFromText({
      'np.yaml': `apiVersion: karpenter.sh/v1
kind: NodePool
metadata: { name: general-purpose }
spec:
  weight: 5
  template:
    metadata: { labels: { workload-type: application } }
    spec:
      taints: [{ key: team, value: a, effect: NoSchedule }]
      requirements:
        - { key: karpenter.sh/capacity-type, operator: In, values: [spot, on-demand] }
        - { key: karpenter.k8s.aws/instance-generation, operator: Gt, values: ["6"] }
  limits: { cpu: "1000", memory: 4000Gi }
`,
    });
    const [p] = nodePoolsFrom(inv);
    expect(p).toMatchObject({ name: 'general-purpose', weight: 5, labels: { 'workload-type': 'application' }, limitCpuMillis: 1_000_000, limitMemoryMiB: 4000 * 1024 });
    expect(p?.taints).toEqual([{ key: 'team', value: 'a', effect: 'NoSchedule' }]);
    expect(p?.requirements).toHaveLength(2);
  });
});
