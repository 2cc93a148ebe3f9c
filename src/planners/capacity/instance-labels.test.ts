import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../catalogue/catalogue.js';
import { instanceLabels, LABEL } from './instance-labels.js';

describe('instanceLabels', () => {
  it("labels every type the way Karpenter's well-known labels name its facts", () => {
    // GIVEN every catalogue type THEN the labels carry its own arch, family, generation, CPU and memory
    for (const t of loadCatalogue().types) {
      const l = instanceLabels(t);
      expect(l[LABEL.arch]).toBe(t.arch);
      expect(l[LABEL.instanceType]).toBe(t.name);
      expect(Number(l[LABEL.generation])).toBe(t.generation);
      expect(Number(l[LABEL.cpu])).toBe(t.vcpu);
      expect(Number(l[LABEL.memory])).toBe(t.memoryMiB);
      expect(l[LABEL.gpuCount] === undefined).toBe(t.gpus === 0);
    }
  });
});
