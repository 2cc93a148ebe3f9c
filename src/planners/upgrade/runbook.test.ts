import { describe, expect, it } from 'vitest';
import { cluster, deployment, today, v136 } from './upgrade.fixtures.js';
import { inventoryFromText } from '../internal/inventory-from-text.js';
import { planUpgrade } from './plan-upgrade.js';
import { renderRunbook } from './runbook.js';

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
