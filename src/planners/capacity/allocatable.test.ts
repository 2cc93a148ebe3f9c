import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../catalogue/catalogue.js';
import { allocatable, kubeReservedCpuMillis, kubeReservedMemoryMiB } from './allocatable.js';

describe('allocatable', () => {
  const cat = loadCatalogue();

  it("reproduces Karpenter's documented allocatable CPU, memory and pods for every type in the catalogue", () => {
    // GIVEN every type WHEN allocatable is computed from vCPU, memory and ENIs THEN it equals Karpenter's table
    const wrong = cat.types.filter((t) => {
      const a = allocatable(t);
      const k = t.karpenterAllocatable;
      return a.cpuMillis !== k.cpuMillis || a.memoryMiB !== k.memoryMiB || a.pods !== k.pods;
    });
    expect(wrong.map((t) => t.name)).toEqual([]);
  });

  it('reserves more memory when kubelet maxPods is raised (prefix delegation)', () => {
    // GIVEN a type WHEN maxPods is overridden THEN memory drops by 11 MiB per extra pod and CPU is unchanged
    const t = cat.get('m5.large');
    if (!t) throw new Error('m5.large missing');
    const base = allocatable(t);
    const pd = allocatable(t, { maxPods: 110 });
    expect(base.memoryMiB - pd.memoryMiB).toBe(11 * (110 - base.pods));
    expect(pd.cpuMillis).toBe(base.cpuMillis);
    expect(kubeReservedMemoryMiB(110) - kubeReservedMemoryMiB(base.pods)).toBe(11 * (110 - base.pods));
  });

  it('reserves CPU in decreasing bands that never exceed 6% of a core per core', () => {
    // GIVEN 1..192 cores THEN the reservation grows, but by less per core as cores are added
    let prev = 0;
    for (let n = 1; n <= 192; n++) {
      const r = kubeReservedCpuMillis(n);
      expect(r).toBeGreaterThanOrEqual(prev);
      expect(r - prev).toBeLessThanOrEqual(60);
      prev = r;
    }
  });
});
