import { describe, expect, it } from 'vitest';
import { workloadsFrom } from '../capacity/from-inventory.js';
import { drainBlockers } from '../upgrade/drain-blockers.js';
import { inventoryFromText } from './inventory-from-text.js';
import { isOwned } from './owned.js';

// A live snapshot: the Deployment, its ReplicaSet and one of its Pods, all carrying the same pod labels.
const snapshot = inventoryFromText({
  'snap.yaml': `apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: { name: web, namespace: shop }
    spec:
      replicas: 2
      selector: { matchLabels: { app: web } }
      template: { metadata: { labels: { app: web } }, spec: { containers: [{ name: c, image: x, resources: { requests: { cpu: 100m } } }] } }
  - apiVersion: apps/v1
    kind: ReplicaSet
    metadata: { name: web-6d4f, namespace: shop, ownerReferences: [{ apiVersion: apps/v1, kind: Deployment, name: web, uid: u1 }] }
    spec:
      replicas: 2
      selector: { matchLabels: { app: web } }
      template: { metadata: { labels: { app: web } }, spec: { containers: [{ name: c, image: x, resources: { requests: { cpu: 100m } } }] } }
  - apiVersion: v1
    kind: Pod
    metadata: { name: web-6d4f-a, namespace: shop, labels: { app: web }, ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: web-6d4f, uid: u2 }] }
    spec: { containers: [{ name: c, image: x, resources: { requests: { cpu: 100m } } }] }
  - apiVersion: policy/v1
    kind: PodDisruptionBudget
    metadata: { name: web, namespace: shop }
    spec: { minAvailable: 2, selector: { matchLabels: { app: web } } }
`,
});

describe('owned objects in a live snapshot', () => {
  it('are recognised by their ownerReferences', () => {
    // GIVEN the snapshot THEN only the ReplicaSet and the Pod are owned
    expect(snapshot.objects.filter(isOwned).map((o) => o.kind)).toEqual(['ReplicaSet', 'Pod']);
  });

  it('are counted once, through their owner, by the capacity and upgrade planners', () => {
    // WHEN planned THEN 2 pods (the Deployment's replicas, not 2 + 2 + 1) and one drain blocker, not three
    expect(workloadsFrom(snapshot, ['z']).pods).toHaveLength(2);
    expect(drainBlockers(snapshot).filter((f) => f.level === 'blocker')).toHaveLength(1);
  });
});
