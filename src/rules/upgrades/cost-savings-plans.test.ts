import { describe, expect, it } from 'vitest';
import rule from './cost-savings-plans.js';
import { checkYaml } from '../internal/rule-tester.js';
import { liveTemplate } from '../../sources/live/live-template.fixtures.js';

describe('COST-SAVINGS-PLANS', () => {
  it('is an attestation on a live cluster, stating the on-demand floor a plan should cover', () => {
    const r = checkYaml(
      rule,
      liveTemplate({
        nodegroups: [
          { NodegroupName: 'system', CapacityType: 'ON_DEMAND', InstanceTypes: ['m7g.large'], ScalingConfig: { MinSize: 2, MaxSize: 4 } },
          { NodegroupName: 'batch', CapacityType: 'SPOT', InstanceTypes: ['c7g.xlarge'], ScalingConfig: { MinSize: 3, MaxSize: 9 } },
        ],
      }),
    );
    expect(r.findings.map((f) => f.outcome)).toEqual(['not-evaluated']);
    expect(r.findings[0]!.message).toBe('attest: keelson reads no billing data; confirm a Compute Savings Plan covers the on-demand floor of cluster prod (system: 2 x m7g.large)');
  });

  it('says so when no node group has an on-demand minimum', () => {
    expect(checkYaml(rule, liveTemplate()).findings[0]!.message).toMatch(/no on-demand node group has a minimum size/);
  });

  it('needs a running cluster', () => {
    expect(checkYaml(rule, liveTemplate({ live: false })).rules[0]).toMatchObject({ status: 'not-evaluated', targets: 0 });
  });
});
