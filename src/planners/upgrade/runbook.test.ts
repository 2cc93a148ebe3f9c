import { describe, expect, it } from 'vitest';
import { inventoryFromText } from '../internal/inventory-from-text.js';
import { EKS_LIFECYCLE } from './lifecycle.js';
import { planUpgrade } from './plan-upgrade.js';
import { renderRunbook } from './runbook.js';

const v136 = EKS_LIFECYCLE.versions.find((v) => v.version === '1.36');
const today = v136?.eksRelease ?? '2026-06-02';

const deployment = (name: string, replicas: number, extra = '') => `apiVersion: apps/v1
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

/** A realistic small cluster: one blocking PDB, one removed API, a pinned AL2 alias, a NodePool without budgets. */
function cluster(over: Record<string, string> = {}) {
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

describe('renderRunbook', () => {
  it('follows section 11: blue-green with the 5/25/50/100 shift and a checklist filled with the findings', () => {
    // GIVEN a minor upgrade with blockers WHEN rendered
    const plan = planUpgrade({ inventory: cluster(), from: '1.35', to: '1.36', today });
    const md = renderRunbook(plan);
    // THEN the traffic steps in order, unticked boxes carrying the located blockers, and the support table
    expect(md).toMatch(/5% → 25% → 50% → 100%/);
    expect(md).toMatch(/- \[ \] Kubernetes API deprecations[^\n]*\n\s+- blocker: `flow\.yaml:1/);
    expect(md).toMatch(/- \[ \] Every PodDisruptionBudget allows at least one disruption\n\s+- blocker: `pdbs\.yaml:11/);
    expect(md).toContain(`| 1.36 | ${v136?.eksRelease} |`);
    expect(md).toContain(`**${plan.blockers} blocker(s)**`);
  });

  it('ticks a checklist box only when nothing was found for it, and uses the in-place steps for a patch', () => {
    // GIVEN a clean inventory WHEN a patch upgrade is rendered THEN the API and PDB boxes are ticked, in-place steps shown
    const md = renderRunbook(planUpgrade({ inventory: inventoryFromText({ 'a.yaml': deployment('web', 3) }), from: '1.36', to: '1.36', today }));
    expect(md).toMatch(/- \[x\] Kubernetes API deprecations/);
    expect(md).toMatch(/- \[x\] Every PodDisruptionBudget/);
    expect(md).toContain('## In-place rolling upgrade');
    expect(md).not.toContain('## Blue-green');
  });
});
