import { describe, expect, it } from 'vitest';
import { parseDefinition } from '../../model/index.js';
import { emptyInventory, objectsOfKind } from '../../sources/inventory.js';
import { nodePoolsFrom } from '../capacity/from-inventory.js';
import { addDefinitionObjects, definitionZones } from './definition-inventory.js';

describe('a definition as inventory objects', () => {
  it("adds the definition's NodePools and EC2NodeClass through the shared reader", () => {
    // GIVEN a definition with two NodePools WHEN added to an inventory
    const d = parseDefinition({ name: 'demo', account: '123456789012', region: 'eu-west-1', karpenter: { nodePools: [{ name: 'general' }, { name: 'x86', architectures: ['amd64'], capacityTypes: ['on-demand'] }] } });
    const inv = emptyInventory();
    const n = addDefinitionObjects(inv, d, 'keelson.yaml');
    // THEN the NodePools read back with the requirements synth renders, located in the rendered file
    expect(n).toBeGreaterThan(0);
    const pools = nodePoolsFrom(inv);
    expect(pools.map((p) => p.name).sort()).toEqual(['general', 'x86']);
    expect(pools.find((p) => p.name === 'x86')?.requirements).toContainEqual({ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] });
    expect(objectsOfKind(inv, 'EC2NodeClass', 'karpenter.k8s.aws')[0]?.at.origin.file).toBe('keelson.yaml (rendered by keelson synth)');
    expect(definitionZones(d)).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  });
});
