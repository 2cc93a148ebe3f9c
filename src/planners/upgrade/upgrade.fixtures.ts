/** A small cluster for the upgrade planner's tests: one blocking PDB, one removed API, an AL2 alias, a NodePool without budgets. */
import { inventoryFromText } from '../internal/inventory-from-text.js';
import { EKS_LIFECYCLE } from './lifecycle.js';

export const v136 = EKS_LIFECYCLE.versions.find((v) => v.version === '1.36');
export const today = v136?.eksRelease ?? '2026-06-02';

export const deployment = (name: string, replicas: number, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: shop }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata:
      labels: { app: ${name} }${extra}
    spec:
      containers: [{ name: c, image: x }]
`;

const pdb = (name: string, app: string, spec: string) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: ${name}, namespace: shop }
spec:
  selector: { matchLabels: { app: ${app} } }
  ${spec}
`;

export function cluster(over: Record<string, string> = {}) {
  return inventoryFromText({
    'apps.yaml': [deployment('web', 3), deployment('db-proxy', 1), deployment('batch', 2, '\n      annotations: { karpenter.sh/do-not-disrupt: "true" }')].join('---\n'),
    'pdbs.yaml': [pdb('web', 'web', 'maxUnavailable: 1'), pdb('db-proxy', 'db-proxy', 'minAvailable: 1')].join('---\n'),
    'flow.yaml': 'apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata: { name: f }\nspec: {}\n',
    'karpenter.yaml': [
      'apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata: { name: old }\nspec:\n  amiSelectorTerms:\n    - alias: al2@v20250101\n',
      'apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: { name: general }\nspec:\n  template: { spec: { nodeClassRef: { group: karpenter.k8s.aws, kind: EC2NodeClass, name: old } } }\n',
    ].join('---\n'),
    ...over,
  });
}
