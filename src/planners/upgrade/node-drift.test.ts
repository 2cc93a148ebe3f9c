import { describe, expect, it } from 'vitest';
import { inventoryFromText } from '../internal/inventory-from-text.js';
import { nodeDrift } from './node-drift.js';

const nodeClass = (terms: string) => inventoryFromText({ 'nc.yaml': `apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata: { name: nc }\nspec:\n  amiSelectorTerms:\n    ${terms}\n` });

describe('nodeDrift', () => {
  it('tells a drifting alias from a pinned one and from custom AMIs', () => {
    // GIVEN the three ways of selecting AMIs WHEN planning 1.34 THEN info, a warning to bump, a warning to rebuild
    expect(nodeDrift(nodeClass('- alias: al2023@latest'), '1.33', '1.34').map((f) => f.level)).toEqual(['info']);
    const pinned = nodeDrift(nodeClass('- alias: al2023@v20250801'), '1.33', '1.34');
    expect(pinned.map((f) => f.level)).toEqual(['warning']);
    expect(pinned[0]?.fix).toContain('al2023@latest');
    expect(nodeDrift(nodeClass('- id: ami-0123456789abcdef0'), '1.33', '1.34')[0]?.message).toContain('by id, name or tags');
  });

  it('blocks AL2 only from the first version without AL2 AMIs', () => {
    // GIVEN an AL2 alias WHEN the target is 1.32 and then 1.33 THEN only 1.33 has a blocker
    expect(nodeDrift(nodeClass('- alias: al2@latest'), '1.31', '1.32').some((f) => f.level === 'blocker')).toBe(false);
    expect(nodeDrift(nodeClass('- alias: al2@latest'), '1.32', '1.33').some((f) => f.level === 'blocker')).toBe(true);
  });

  it('blocks a kubelet skew beyond three minors and a zero drift budget without a schedule', () => {
    // GIVEN nodes four minors behind, and a NodePool whose only budget is 0 nodes
    const inv = inventoryFromText({ 'np.yaml': 'apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: { name: np }\nspec:\n  disruption:\n    budgets: [{ nodes: "0" }]\n' });
    const f = nodeDrift(inv, '1.30', '1.34');
    // THEN both are blockers; three minors is still allowed
    expect(f.filter((x) => x.level === 'blocker').map((x) => x.area)).toEqual(['nodes', 'nodes']);
    expect(nodeDrift(inv, '1.31', '1.34').filter((x) => x.message.includes('minors behind'))).toEqual([]);
  });
});
